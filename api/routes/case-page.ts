import { randomUUID } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import { z, type ZodType } from 'zod';
import { CRIME_CATEGORY_IDS, crimeTitle } from '../../rules/criminal-thresholds.ts';
import type { Role } from '../../rules/roles.ts';
import type { Actor } from '../../workflows/messages.ts';
import { csrfToken } from '../auth.ts';
import type { AppDeps } from '../deps.ts';
import { formFailure, type FormFailure } from '../form-errors.ts';
import { authorize } from '../route.ts';
import { applyDeferral, recordLawsuit, requestExtension, requestPreservation } from '../services/case-actions.ts';
import { getCase } from '../services/cases.ts';
import { canSeeOrg } from '../../store/visibility.ts';
import { recordPanel } from '../services/records.ts';
import { awaitNextStep, openStepIds } from '../services/settled.ts';
import { flagCaseTransfer, recordHarm } from '../services/transfers.ts';
import { CASE_OFFICERS, deferralBody, lawsuitBody, preservationBody, reasonBody } from './case-action-schemas.ts';
import { officerChoices } from './pages.ts';
import { labelOf, STAGE_LABELS } from '../labels.ts';
import { flagBody, harm as harmSchema } from './transfers.ts';
import { recordingPanel } from '../services/recordings.ts';

type Body = Record<string, unknown>;

interface CaseAction<S extends ZodType = ZodType> {
  label: string;
  access: readonly Role[];
  schema: S;
  /** The posted form strings as the schema's input; `rename` maps schema paths back to field names. */
  read: (b: Body) => { value: unknown; rename?: Record<string, string> };
  run: (deps: AppDeps, actor: Actor, caseId: string, v: z.infer<S>, key?: string) => Promise<unknown>;
  /** How long the page waits for the step the action opens (0: it opens none). */
  waitMs: number;
}
const action = <S extends ZodType>(a: CaseAction<S>) => a as unknown as CaseAction;

const str = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v : undefined);
const num = (v: unknown) => (str(v) === undefined ? undefined : Number(v));
const fen = (v: unknown) => (str(v) === undefined ? undefined : Math.round(Number(v) * 100));
// datetime-local sends Beijing wall time without a zone.
const beijing = (v: unknown) => (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(v) ? `${v}:00+08:00` : str(v));
const list = (v: unknown) => (v === undefined ? [] : ([] as unknown[]).concat(v).map(String));

const ITEM_FIELDS = ['name', 'spec', 'quantity', 'unit', 'keptAt'] as const;
const MAX_ITEMS = 50;
/** Rows of the item list that were filled in, with the row each came from. */
function filledRows(b: Body) {
  const rows: { row: number; cells: Record<string, unknown> }[] = [];
  for (let i = 0; i < MAX_ITEMS; i++) {
    const cells = Object.fromEntries(ITEM_FIELDS.map((f) => [f, b[`items.${i}.${f}`]]));
    if (ITEM_FIELDS.some((f) => str(cells[f]) !== undefined)) rows.push({ row: i, cells });
  }
  return rows;
}

const readHarm = (b: Body, p: string) => ({
  deaths: num(b[`${p}deaths`]), seriousInjuries: num(b[`${p}seriousInjuries`]), directLossFen: fen(b[`${p}directLossYuan`]),
  refusedStopOrder: b[`${p}refusedStopOrder`] === 'on',
});

/** Case-level actions a person takes from the case page: the same schemas and services as the JSON API. */
export const CASE_ACTIONS: Record<string, CaseAction> = {
  extension: action({
    label: '申请延长办案期限', access: CASE_OFFICERS, schema: reasonBody, waitMs: 3000,
    read: (b) => ({ value: { reason: str(b.reason) } }),
    run: (deps, actor, id, v) => requestExtension(deps, actor, id, v.reason),
  }),
  preservation: action({
    label: '申请先行登记保存', access: ['HANDLER'], schema: preservationBody, waitMs: 3000,
    read: (b) => {
      const rows = filledRows(b);
      const rename: Record<string, string> = {};
      rows.forEach(({ row }, k) => { for (const f of ITEM_FIELDS) rename[`items.${k}.${f}`] = `items.${row}.${f}`; });
      const urgent = b.urgent === 'on';
      return {
        rename,
        value: {
          items: rows.map(({ cells }) => ({ name: str(cells.name), spec: str(cells.spec), quantity: num(cells.quantity), unit: str(cells.unit), keptAt: str(cells.keptAt) })),
          urgent, ...(urgent && str(b.performedAt) ? { performedAt: beijing(b.performedAt) } : {}),
        },
      };
    },
    run: (deps, actor, id, v) => requestPreservation(deps, actor, id, v.items, v.urgent, v.performedAt),
  }),
  deferral: action({
    label: '登记延期（分期）缴纳罚款申请', access: ['HANDLER'], schema: deferralBody, waitMs: 3000,
    read: (b) => ({ value: { reason: str(b.reason), newDueDay: str(b.newDueDay) } }),
    run: (deps, actor, id, v) => applyDeferral(deps, actor, id, v.reason, v.newDueDay),
  }),
  lawsuit: action({
    label: '登记行政诉讼', access: CASE_OFFICERS, schema: lawsuitBody, waitMs: 0,
    read: (b) => ({ value: { court: str(b.court), filedAt: beijing(b.filedAt) } }),
    run: (deps, actor, id, v) => recordLawsuit(deps, actor, id, v.court, v.filedAt),
  }),
  transfer: action({
    label: '涉嫌犯罪，提交移送报告', access: CASE_OFFICERS, schema: flagBody, waitMs: 3000,
    read: (b) => ({
      value: { category: str(b.category), harm: readHarm(b, 'harm.'), facts: str(b.facts), report: str(b.report), officerIds: list(b.officerIds) },
      rename: { 'harm.directLossFen': 'harm.directLossYuan' },
    }),
    run: (deps, actor, id, v, key) => flagCaseTransfer(deps, actor, id, v, key),
  }),
  harm: action({
    label: '登记危害后果', access: CASE_OFFICERS, schema: z.object({ harm: harmSchema }).strict(), waitMs: 1500,
    read: (b) => ({ value: { harm: readHarm(b, 'harm.') }, rename: { 'harm.directLossFen': 'harm.directLossYuan' } }),
    run: (deps, actor, id, v) => recordHarm(deps, actor, id, v.harm),
  }),
};

/** A submitted action form that was refused: shown again with what was typed and the messages. */
interface ActionForm { action: string; values: Body; failure?: FormFailure; extraRow?: boolean }

const DONE: Record<string, string> = {
  extension: '延长办案期限的申请已提交负责人审批。', preservation: '先行登记保存申请已提交负责人审批。',
  deferral: '延期（分期）缴纳申请已登记，待负责人审批。', lawsuit: '行政诉讼已登记，暂缓申请强制执行。',
  transfer: '移送报告已提交负责人审批。', harm: '危害后果已登记。',
};

function preservationRows(form?: ActionForm) {
  const b = form?.action === 'preservation' ? form.values : {};
  const filled = filledRows(b).map((r) => r.row);
  const count = Math.min(MAX_ITEMS, Math.max(3, (filled.at(-1) ?? -1) + 1) + (form?.extraRow ? 1 : 0));
  const errors = form?.action === 'preservation' ? form.failure?.fields ?? {} : {};
  return Array.from({ length: count }, (_, i) => ({
    i, n: i + 1,
    v: Object.fromEntries(ITEM_FIELDS.map((f) => [f, b[`items.${i}.${f}`] ?? ''])),
    e: Object.fromEntries(ITEM_FIELDS.map((f) => [f, errors[`items.${i}.${f}`]])),
  }));
}

const STEPS_PER_PAGE = 50;

/** The case's full step history (CaseAction), newest page last, STEPS_PER_PAGE at a time. */
async function caseSteps(deps: AppDeps, caseId: string, asked: number) {
  const total = await deps.prisma.caseAction.count({ where: { caseId } });
  const pages = Math.max(1, Math.ceil(total / STEPS_PER_PAGE));
  const page = Math.min(pages, Math.max(1, Math.floor(asked)));
  const rows = await deps.prisma.caseAction.findMany({
    where: { caseId }, orderBy: { id: 'asc' }, skip: (page - 1) * STEPS_PER_PAGE, take: STEPS_PER_PAGE,
    select: { action: true, stage: true, at: true },
  });
  return {
    total, page, pages, start: (page - 1) * STEPS_PER_PAGE + 1, prev: page > 1 ? page - 1 : undefined, next: page < pages ? page + 1 : undefined,
    rows: rows.map((r) => ({ action: r.action, at: r.at, stageLabel: r.stage ? labelOf(STAGE_LABELS, r.stage) : undefined })),
  };
}

/**
 * 提级管辖 / 指定管辖 (issue 21): offered to the superior of the handling bureau (or to the city
 * bureau handling it, to hand it down); 报请提级 to the handling bureau's head. The workflow decides.
 */
function jurisdictionActions(me: Actor, detail: { case: { orgId: string }; orgParentId: string | null; orgKind: string | null }, movable: boolean, requested: boolean) {
  const superiorRole = me.roles.some((r) => r === 'HEAD' || r === 'CITY_SUPERVISOR');
  const superior = me.orgId === detail.orgParentId || (me.orgId === detail.case.orgId && detail.orgKind === 'CITY_BUREAU');
  return {
    move: movable && superiorRole && superior,
    request: movable && !requested && me.orgId === detail.case.orgId && me.roles.includes('HEAD') && !!detail.orgParentId,
    requested,
  };
}

/** The case page; after a refused action, with that form open, its values kept and its messages beside the fields. */
export async function renderCase(deps: AppDeps, req: Request, res: Response, form?: ActionForm) {
  const me = req.actor!;
  const detail = await getCase(deps, me, String(req.params.id));
  const state = (detail.case.data as { state?: Record<string, unknown> }).state ?? {};
  const can = Object.fromEntries(Object.entries(CASE_ACTIONS).map(([k, a]) => [k, me.roles.some((r) => a.access.includes(r))]));
  // A bureau the case moved away from reads it as history (提级管辖, issue 21): no action is offered there.
  const open = detail.case.status === 'OPEN' && (await canSeeOrg(deps.prisma, me, detail.case.orgId));
  const f = form ? { [form.action]: { v: form.values, e: form.failure?.fields ?? {}, message: form.failure?.message } } : {};
  const chosen = form?.action === 'transfer' ? list(form.values.officerIds) : [];
  const officers = open && can.transfer ? await officerChoices(deps, detail.case.orgId) : [];
  const category = form?.action === 'transfer' ? form.values.category : undefined;
  const done = typeof req.query.done === 'string' ? DONE[req.query.done] : undefined;
  const steps = await caseSteps(deps, detail.case.id, Number(req.query.steps) || 1);
  res.status(form?.failure?.status ?? 200).render('case', {
    title: detail.case.number ?? '案件', detail, state, error: req.query.error, done, me, csrf: csrfToken(req),
    stageLabel: labelOf(STAGE_LABELS, detail.case.stage), open,
    steps, can, f, actionsOpen: !!form, idemKey: randomUUID(), preservationRows: preservationRows(form),
    recordPanel: await recordPanel(deps, me, detail.case),
    jurisdictionActions: jurisdictionActions(me, detail, open && !state.decision, !!state.takeUpRequested),
    recordings: open ? await recordingPanel(deps, me, await deps.prisma.task.findMany({ where: { caseId: detail.case.id, status: 'OPEN' }, orderBy: { createdAt: 'asc' } })) : [],
    officerOptions: officers.map((o) => ({ ...o, checked: chosen.includes(o.value) })),
    crimeCategories: CRIME_CATEGORY_IDS.map((id) => ({ value: id, label: crimeTitle(id), selected: id === category })),
  });
}

/** The case page and the case actions submitted from it. */
export function casePageRoutes(deps: AppDeps): Router {
  const r = Router();
  r.get('/cases/:id', async (req, res, next) => {
    if (req.params.id === 'new') { next(); return; } // the new-case form (pages.ts)
    if (!req.actor) return res.redirect(`/login?next=${encodeURIComponent(req.originalUrl)}`);
    await renderCase(deps, req, res);
  });

  r.post('/cases/:id/actions/:action', async (req, res, next) => {
    const a = CASE_ACTIONS[req.params.action];
    if (!a) { next(); return; } // 中止/恢复 are answered in pages.ts
    if (!req.actor) return res.redirect(`/login?next=${encodeURIComponent(`/cases/${req.params.id}`)}`);
    authorize(a.access, req.actor);
    const id = req.params.id;
    const values = Object.fromEntries(Object.entries((req.body ?? {}) as Body).filter(([k]) => k !== '_csrf'));
    if (req.params.action === 'preservation' && values.addRow) return renderCase(deps, req, res, { action: 'preservation', values, extraRow: true });
    const { value, rename } = a.read(values);
    const before = await openStepIds(deps, { caseId: id });
    try {
      await a.run(deps, req.actor, id, a.schema.parse(value), str(values.idempotencyKey));
    } catch (err) {
      return renderCase(deps, req, res, { action: req.params.action, values, failure: formFailure(err, rename) });
    }
    if (a.waitMs) await awaitNextStep(deps, { caseId: id }, before, a.waitMs);
    res.redirect(303, `/cases/${encodeURIComponent(id)}?done=${encodeURIComponent(req.params.action)}`);
  });
  return r;
}
