import { randomUUID } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { CIRCUMSTANCES } from '../../rules/discretion.ts';
import { certificateDay } from '../../store/users.ts';
import { changePassword, checkPassword, csrfToken, endSession, startSession } from '../auth.ts';
import type { AppDeps } from '../deps.ts';
import { AppError } from '../errors.ts';
import { limitsFor } from '../login-limit.ts';
import { homeFor } from '../page-access.ts';
import { formFailure, type FormFailure } from '../form-errors.ts';
import { formData, outcomeViews } from '../forms.ts';
import { awaitNextStep, openStepIds } from '../services/settled.ts';
import { requestClockPause, resumeClock } from '../services/case-actions.ts';
import { getCase, listCases, registerCase } from '../services/cases.ts';
import { deadlinesAtRisk } from '../services/supervision.ts';
import { campaignChart } from '../services/campaigns.ts';
import { listCrossInspections } from '../services/cross-inspections.ts';
import { labelCross } from './cross-inspections.ts';
import { claimTask, completeTask, getVisibleTask, unclaimTask } from '../services/tasks.ts';
import { recordingPanel } from '../services/recordings.ts';
import { clockPauseBody, clockResumeBody } from './case-actions.ts';
import { loginBody, passwordBody, registerCaseBody } from './schemas.ts';

function page(req: Request, res: Response, view: string, data: Record<string, unknown> = {}) {
  res.render(view, {
    ...data, me: req.actor, csrf: csrfToken(req),
  });
}

/** A case-action form parsed with its API schema; a refusal names the fields in Chinese. */
function formBody<T>(schema: z.ZodType<T>, values: unknown): T {
  const parsed = schema.safeParse(values);
  if (parsed.success) return parsed.data;
  const label = (s: z.ZodType | undefined, path: PropertyKey[]): string | undefined => {
    let cur: unknown = s;
    for (const k of path) cur = (cur as { shape?: Record<string, unknown> } | undefined)?.shape?.[String(k)];
    return (cur as z.ZodType | undefined)?.description;
  };
  throw new AppError('invalid', parsed.error.issues.map((i) => `${label(schema, i.path) ?? '表单'}：${i.message}`).join('；'), 422);
}

function signedIn(req: Request, res: Response): boolean {
  if (req.actor) return true;
  res.redirect(`/login?next=${encodeURIComponent(req.originalUrl)}`);
  return false;
}

/** The bureau's officers holding a valid 行政执法证, as form options. */
export async function officerChoices(deps: AppDeps, orgId: string) {
  const today = certificateDay();
  const users = await deps.prisma.user.findMany({
    where: {
      orgId, active: true, roles: { hasSome: ['HANDLER', 'SUPERVISOR', 'HEAD', 'TOWNSHIP_OFFICER'] },
      certificates: { some: { revokedAt: null, validFrom: { lte: today }, validUntil: { gte: today } } },
    },
    select: { id: true, displayName: true }, orderBy: { username: 'asc' },
  });
  return users.map((u) => ({ value: u.id, label: u.displayName }));
}

/** Options the task forms cannot know: the bureau's certified officers and the 裁量情节. */
async function taskChoices(deps: AppDeps, orgId: string) {
  return {
    officerIds: await officerChoices(deps, orgId),
    circumstances: Object.values(CIRCUMSTANCES).map((c) => ({ value: c.id, label: c.label })),
  };
}

/** A refused task form: which outcome, what was typed and what was wrong. */
interface TaskFormState { outcome: string; values: Record<string, unknown>; failure: FormFailure }

async function renderTask(deps: AppDeps, req: Request, res: Response, taskId: string, form?: TaskFormState) {
  const task = await getVisibleTask(deps, req.actor!, taskId);
  const detail = task.caseId ? await getCase(deps, req.actor!, task.caseId).catch(() => null) : null;
  const outcomes = outcomeViews(task.kind, await taskChoices(deps, choicesOrg(task)), task.formVersion).map((o) => {
    if (o.value !== form?.outcome) return o;
    const posted = (name: string) => form.values[`${o.value}.${name}`];
    // A message belongs to the field its path starts with (an item of a list marks the list).
    const errorOf = (name: string) => Object.entries(form.failure.fields).find(([k]) => k.split('.')[0] === name)?.[1];
    return {
      ...o, message: form.failure.message,
      fields: o.fields.map((f) => {
        const raw = posted(f.name);
        const picked = raw === undefined ? [] : ([] as unknown[]).concat(raw).map(String);
        return {
          ...f, value: typeof raw === 'string' ? raw : undefined, checked: raw === 'on', error: errorOf(f.name),
          options: f.options?.map((x) => ({ ...x, selected: picked.includes(x.value) })),
        };
      }),
    };
  });
  res.status(form?.failure.status ?? 200);
  const recordings = await recordingPanel(deps, req.actor!, [task]);
  page(req, res, 'task', { title: task.title, task, detail, outcomes, recordings, error: form && !outcomes.some((o) => o.value === form.outcome) ? form.failure.message : undefined });
}

/** An escalation (issue 8) reassigns to officers of the org whose step is late, not of the supervisor's. */
const choicesOrg = (task: { orgId: string; payload: unknown }) =>
  (task.payload as { escalation?: { orgId?: string } } | null)?.escalation?.orgId ?? task.orgId;

/** Schema paths of the registration body → the new-case form's field names. */
const CASE_NEW_FIELDS: Record<string, string> = {
  'party.kind': 'partyKind', 'party.name': 'partyName', 'party.idNumber': 'partyIdNumber', 'party.enterpriseId': 'enterpriseId', 'party.address': 'partyAddress',
};

/** The new-case form, again with what was typed and the messages beside the fields after a refusal. */
async function renderCaseNew(deps: AppDeps, req: Request, res: Response, values: Record<string, unknown> = {}, failure?: FormFailure) {
  const [catalog, enterprises] = await Promise.all([
    // A 行政强制措施 is never registered as a penalty case (prepareCase refuses it): don't offer one.
    deps.prisma.catalogItem.findMany({ where: { coercive: false }, orderBy: { code: 'asc' } }),
    deps.prisma.enterprise.findMany({ where: { orgId: req.actor!.orgId }, orderBy: { name: 'asc' } }),
  ]);
  const chosen = <T extends { value: string }>(list: T[], v: unknown) => list.map((o) => ({ ...o, selected: o.value === v }));
  res.status(failure?.status ?? 200);
  page(req, res, 'case-new', {
    title: '登记案件', v: values, e: failure?.fields ?? {}, error: failure?.message,
    idemKey: typeof values.idempotencyKey === 'string' && values.idempotencyKey ? values.idempotencyKey : randomUUID(),
    catalog: chosen(catalog.map((c) => ({ value: c.code, label: `${c.code} ${c.name}` })), values.catalogItemId),
    enterprises: chosen(enterprises.map((x) => ({ value: x.id, label: `${x.name}（${x.uscc}）` })), values.enterpriseId),
    partyKinds: chosen([{ value: 'ORG', label: '生产经营单位' }, { value: 'PERSON', label: '个人' }], values.partyKind ?? 'ORG'),
    sources: chosen([
      { value: 'INSPECTION', label: '监督检查' }, { value: 'COMPLAINT', label: '投诉举报' }, { value: 'REFERRAL', label: '移送' },
      { value: 'ACCIDENT', label: '事故调查' }, { value: 'OTHER', label: '其他' },
    ], values.source ?? 'INSPECTION'),
  });
}

export const safeNext = (n: unknown) => (typeof n === 'string' && /^\/[^/\\]/.test(n) ? n : '/');
/** Back to a page with an error it shows (the queue shows `error`). */
export const withError = (to: string, message: string) => `${to}${to.includes('?') ? '&' : '?'}error=${encodeURIComponent(message)}`;

/** Server-rendered pages (Chinese UI) over the same services as the JSON API. */
export function pageRoutes(deps: AppDeps): Router {
  const r = Router();
  r.get('/', (req, res) => res.redirect(req.actor ? homeFor(req.actor.roles) : '/login'));

  r.get('/login', (req, res) => page(req, res, 'login', { next: safeNext(req.query.next), title: '登录' }));
  r.post('/login', async (req, res) => {
    const next = safeNext(req.body?.next);
    let userId: string;
    try {
      const body = loginBody.parse({ username: req.body?.username, password: req.body?.password });
      userId = await checkPassword(deps.prisma, body.username, body.password, limitsFor(deps));
    } catch (err) {
      const message = err instanceof AppError ? err.message : '请输入用户名和密码';
      res.status(err instanceof AppError ? err.status : 400);
      return page(req, res, 'login', { next, error: message, username: req.body?.username, title: '登录' });
    }
    // A session store that fails here is a 500 page from the error middleware, not a crash.
    await startSession(req, userId);
    res.redirect(next);
  });
  r.post('/logout', async (req, res) => {
    await endSession(req, res);
    // A shared phone keeps nothing of the last person: pages, drafts, outbox, service worker (issue 23).
    res.set('Clear-Site-Data', '"cache", "storage"');
    res.redirect('/login');
  });

  r.get('/password', (req, res) => {
    if (!signedIn(req, res)) return;
    page(req, res, 'password', { title: '修改密码', first: req.mustChangePassword });
  });
  r.post('/password', async (req, res) => {
    if (!signedIn(req, res)) return;
    const parsed = passwordBody.safeParse({ currentPassword: req.body?.currentPassword, newPassword: req.body?.newPassword });
    try {
      if (!parsed.success) throw new AppError('invalid', parsed.error.issues.map((i) => i.message).join('；'), 422);
      if (req.body?.newPassword !== req.body?.confirmPassword) throw new AppError('invalid', '两次输入的新密码不一致', 422);
      await changePassword(deps.prisma, req.actor!.userId, parsed.data.currentPassword, parsed.data.newPassword);
    } catch (err) {
      if (!(err instanceof AppError) || err.status >= 500) throw err;
      res.status(err.status);
      return page(req, res, 'password', { title: '修改密码', first: req.mustChangePassword, error: err.message });
    }
    res.redirect(homeFor(req.actor!.roles));
  });

  r.get('/tasks/:id', async (req, res) => {
    if (!signedIn(req, res)) return;
    await renderTask(deps, req, res, req.params.id);
  });

  // Claim and unclaim from the task page or from the queue (next = the queue with its filters).
  for (const [action, run] of [['claim', claimTask], ['unclaim', unclaimTask]] as const) {
    r.post(`/tasks/:id/${action}`, async (req, res) => {
      if (!signedIn(req, res)) return;
      const fromQueue = !!req.body?.next;
      const back = fromQueue ? safeNext(req.body.next) : `/tasks/${req.params.id}`;
      try {
        await run(deps, req.actor!, req.params.id);
      } catch (err) {
        if (!fromQueue || !(err instanceof AppError) || err.status >= 500) throw err;
        return res.redirect(withError(back, err.message));
      }
      res.redirect(back);
    });
  }

  r.post('/tasks/:id/complete', async (req, res) => {
    if (!signedIn(req, res)) return;
    const task = await getVisibleTask(deps, req.actor!, req.params.id);
    const outcome = String(req.body?.outcome ?? '');
    const values = (req.body ?? {}) as Record<string, unknown>;
    const scope = task.caseId ? { caseId: task.caseId } : { workflowId: task.workflowId };
    const before = await openStepIds(deps, scope);
    try {
      // A refusal by the task's form (422, "label：message" per field) lands beside its fields.
      await completeTask(deps, req.actor!, task.id, outcome, formData(task.kind, outcome, values, task.formVersion));
    } catch (err) {
      return renderTask(deps, req, res, task.id, { outcome, values, failure: formFailure(err) });
    }
    // The page after a submit shows the workflow's next step, not the read model of a moment ago.
    await awaitNextStep(deps, scope, before);
    res.redirect(task.caseId ? `/cases/${task.caseId}` : '/tasks');
  });

  r.get('/supervision', async (req, res) => {
    if (!signedIn(req, res)) return;
    if (!req.actor!.roles.some((x) => ['SUPERVISOR', 'HEAD', 'CITY_SUPERVISOR'].includes(x))) throw new AppError('forbidden', '只有负责人和市局监督可以查看期限督办', 403);
    const q = z.object({ page: z.coerce.number().int().min(1).default(1) }).parse(req.query);
    // 专项执法 (issue 21): each campaign's target and inspections per county, drawn by /campaigns.js.
    const campaigns = await campaignChart(deps, req.actor!);
    page(req, res, 'supervision', {
      title: '期限督办', result: await deadlinesAtRisk(deps, req.actor!, q.page, 50), campaigns,
      campaignData: JSON.stringify(campaigns).replace(/</g, '\\u003c'),
      cross: (await listCrossInspections(deps, req.actor!)).items.slice(0, 50).map(labelCross),
    });
  });

  r.get('/cases', async (req, res) => {
    if (!signedIn(req, res)) return;
    const q = z.object({ page: z.coerce.number().int().min(1).default(1) }).parse(req.query);
    page(req, res, 'cases', { title: '案件', list: await listCases(deps, req.actor!, q.page, 20) });
  });

  r.get('/cases/new', async (req, res) => {
    if (!signedIn(req, res)) return;
    await renderCaseNew(deps, req, res);
  });

  r.post('/cases', async (req, res) => {
    if (!signedIn(req, res)) return;
    const b = (req.body ?? {}) as Record<string, string | undefined>;
    const opt = (v: string | undefined) => (v?.trim() ? v : undefined);
    let caseId: string;
    try {
      const body = registerCaseBody.parse({
        party: { kind: b.partyKind, name: b.partyName, idNumber: b.partyIdNumber, enterpriseId: opt(b.enterpriseId), address: opt(b.partyAddress) },
        catalogItemId: opt(b.catalogItemId), source: b.source, facts: b.facts, occurredAt: opt(b.occurredAt), receivedAt: opt(b.receivedAt), harmToLife: b.harmToLife === 'on',
      });
      ({ caseId } = await registerCase(deps, req.actor!, body, String(b.idempotencyKey || '') || undefined));
    } catch (err) {
      return renderCaseNew(deps, req, res, b, formFailure(err, CASE_NEW_FIELDS));
    }
    // Show the case with its 立案审批 step, not the moment before the workflow opened it.
    await awaitNextStep(deps, { caseId }, new Set());
    res.redirect(`/cases/${caseId}`);
  });

  // 中止/恢复办案期限 from the case page; the other case actions are in case-page.ts.
  r.post('/cases/:id/actions/:action', async (req, res) => {
    if (!signedIn(req, res)) return;
    const id = req.params.id;
    const b = req.body ?? {};
    const reason = String(b.reason ?? '');
    try {
      switch (req.params.action) {
        case 'pause': {
          const p = formBody(clockPauseBody, {
            reason, commission: {
              number: b.commissionNumber, institution: b.institution, commissionedAt: b.commissionedAt, subject: b.subject,
              ...(b.evidenceId ? { evidenceId: b.evidenceId } : {}),
            },
          });
          await requestClockPause(deps, req.actor!, id, p.reason, p.commission);
          break;
        }
        case 'resume': {
          const p = formBody(clockResumeBody, { reason, resultAt: b.resultAt });
          await resumeClock(deps, req.actor!, id, p.reason, p.resultAt);
          break;
        }
        default: throw new AppError('not_found', '未知操作', 404);
      }
      res.redirect(`/cases/${id}?done=${encodeURIComponent(req.params.action)}`);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      res.redirect(`/cases/${id}?error=${encodeURIComponent(err.message)}`);
    }
  });
  return r;
}
