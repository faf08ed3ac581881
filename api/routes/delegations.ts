import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { csrfToken } from '../auth.ts';
import type { AppDeps } from '../deps.ts';
import { AppError, zodStatus } from '../errors.ts';
import { DELEGATED_OUTCOME_LABELS, DELEGATION_STATUS_LABELS } from '../labels.ts';
import { defineRoute, type RouteDef } from '../route.ts';
import * as responses from './delegations.responses.ts';
import {
  closeMatter, createMatter, decideMatter, delegationStep, draftDelegation, draftOptions, getDelegation, getMatter, listDelegations,
  listMatters, publicDelegations, recallMatter, renewDelegation, revokeDelegation,
} from '../services/delegations.ts';
import { idParam, summaryCaseBody } from './schemas.ts';
import { summaryReceipt } from '../../rules/forms/signatures.ts';
import { readReceiptForm, receiptFormContext } from '../summary-receipt-form.ts';

const date = z.iso.date({ error: '日期格式须为 YYYY-MM-DD' });
const reason = z.string().trim().min(2, '请填写理由（至少2个字）').max(2000);
const comment = z.string().trim().max(2000).optional();
const code = z.string().min(1).max(64);
const key = (req: Request) => req.get('idempotency-key') ?? undefined;
const COUNTY = ['HEAD', 'SUPERVISOR', 'LEGAL_REVIEWER', 'HANDLER'] as const;

export const delegationDraftBody = z.object({
  townshipOrgId: z.string().min(1).max(128),
  itemCodes: z.array(code).min(1, '请至少选择一项委托的执法事项').max(50),
  officerIds: z.array(z.string().min(1).max(128)).min(1, '请列明受委托的执法人员').max(50),
  startDate: date, endDate: date,
  samplePercent: z.number().int().min(1).max(100).optional().describe('每期抽查比例（%），管理要求，非法定'),
}).strict();
const matterBody = z.object({
  townshipOrgId: z.string().min(1).max(128).optional(), itemCode: code,
  partyName: z.string().trim().min(2, '请填写当事人').max(200), location: z.string().trim().min(2, '请填写地点').max(500),
  facts: z.string().trim().min(5, '请描述事项（至少5个字）').max(5000),
}).strict();

/** 委托乡镇（街道）执法 (issue 4): JSON API. */
export function delegationRoutes(deps: AppDeps): RouteDef[] {
  return [
    defineRoute({
      method: 'post', path: '/api/delegations', tag: 'delegations', access: ['HEAD'], status: 201, body: delegationDraftBody,
      summary: '起草委托乡镇（街道）执法（法制审核→签发→委托书→公示；Idempotency-Key 防重）',
      response: responses.postApiDelegations, handler: async ({ req, actor, body }) => draftDelegation(deps, actor, body, key(req)),
    }),
    defineRoute({
      method: 'get', path: '/api/delegations', tag: 'delegations', access: [...COUNTY, 'TOWNSHIP_OFFICER', 'CITY_SUPERVISOR'],
      summary: '委托列表（县局：本局委托及各乡镇逾期、评查不合格数；乡镇：本乡镇；市局：全市）',
      refusals: [], response: responses.getApiDelegations, handler: async ({ actor }) => listDelegations(deps, actor),
    }),
    defineRoute({
      method: 'get', path: '/api/delegations/:id', tag: 'delegations', access: [...COUNTY, 'TOWNSHIP_OFFICER', 'CITY_SUPERVISOR'],
      summary: '委托详情（范围、人员、期限、委托事项、抽查结果）', params: idParam,
      refusals: [], response: responses.getApiDelegationsId, handler: async ({ actor, params }) => getDelegation(deps, actor, params.id),
    }),
    defineRoute({
      method: 'post', path: '/api/delegations/:id/review', tag: 'delegations', access: ['LEGAL_REVIEWER'], summary: '法制审核委托', params: idParam,
      body: z.discriminatedUnion('outcome', [z.object({ outcome: z.literal('APPROVE'), comment }).strict(), z.object({ outcome: z.literal('REJECT'), reason }).strict()]),
      response: responses.postApiDelegationsIdReview, handler: async ({ actor, params, body: { outcome, ...data } }) => delegationStep(deps, actor, params.id, 'DELEGATION_LEGAL_REVIEW', outcome, data),
    }),
    defineRoute({
      method: 'post', path: '/api/delegations/:id/sign', tag: 'delegations', access: ['HEAD'], summary: '负责人签发委托书（或不予签发）', params: idParam,
      body: z.discriminatedUnion('outcome', [z.object({ outcome: z.literal('SIGN'), comment }).strict(), z.object({ outcome: z.literal('REJECT'), reason }).strict()]),
      response: responses.postApiDelegationsIdSign, handler: async ({ actor, params, body: { outcome, ...data } }) => delegationStep(deps, actor, params.id, 'DELEGATION_SIGNATURE', outcome, data),
    }),
    defineRoute({
      method: 'post', path: '/api/delegations/:id/revoke', tag: 'delegations', access: ['HEAD'], summary: '撤销委托（立即停止分派，未办结事项退回县局）',
      params: idParam, body: z.object({ reason }).strict(),
      response: responses.postApiDelegationsIdRevoke, handler: async ({ actor, params, body }) => revokeDelegation(deps, actor, params.id, body.reason),
    }),
    defineRoute({
      method: 'post', path: '/api/delegations/:id/renew', tag: 'delegations', access: ['HEAD'], status: 201, params: idParam,
      summary: '续期（新委托期限自原期限届满次日起，重新法制审核、签发）',
      body: z.object({ endDate: date, officerIds: z.array(z.string().min(1).max(128)).min(1).max(50).optional() }).strict(),
      response: responses.postApiDelegationsIdRenew, handler: async ({ req, actor, params, body }) => renewDelegation(deps, actor, params.id, body, key(req)),
    }),
    defineRoute({
      method: 'post', path: '/api/delegated-matters', tag: 'delegations', access: ['HANDLER', 'SUPERVISOR', 'HEAD', 'TOWNSHIP_OFFICER'], status: 201,
      summary: '登记乡镇辖区内的执法事项：在委托范围内的分派给乡镇，不在范围内的拒绝（由县局办理）', body: matterBody,
      response: responses.postApiDelegatedMatters, handler: async ({ req, actor, body }) => createMatter(deps, actor, body, key(req)),
    }),
    defineRoute({
      method: 'get', path: '/api/delegated-matters', tag: 'delegations', access: [...COUNTY, 'TOWNSHIP_OFFICER', 'CITY_SUPERVISOR'],
      summary: '委托事项（乡镇：本乡镇待办与已办；县局：本局委托的）', query: z.object({ status: z.string().max(16).optional() }).strict(),
      refusals: [], response: responses.getApiDelegatedMatters, handler: async ({ actor, query }) => listMatters(deps, actor, query),
    }),
    defineRoute({
      method: 'get', path: '/api/delegated-matters/:id', tag: 'delegations', access: [...COUNTY, 'TOWNSHIP_OFFICER', 'CITY_SUPERVISOR'],
      summary: '委托事项详情', params: idParam, refusals: [], response: responses.getApiDelegatedMattersId, handler: async ({ actor, params }) => getMatter(deps, actor, params.id),
    }),
    defineRoute({
      method: 'post', path: '/api/delegated-matters/:id/summary', tag: 'delegations', access: ['TOWNSHIP_OFFICER'], status: 201, params: idParam,
      summary: '以县局名义当场处罚（简易程序，限委托范围与法定数额）', body: summaryCaseBody.omit({ catalogItemId: true }),
      response: responses.postApiDelegatedMattersIdSummary, handler: async ({ req, actor, params, body }) => decideMatter(deps, actor, params.id, body, key(req)),
    }),
    defineRoute({
      method: 'post', path: '/api/delegated-matters/:id/close', tag: 'delegations', access: ['TOWNSHIP_OFFICER'], params: idParam,
      summary: '办结（未发现违法）或报请县局办理',
      body: z.discriminatedUnion('outcome', [
        z.object({ outcome: z.literal('NO_VIOLATION'), finding: z.string().trim().min(2, '请填写核查情况').max(5000) }).strict(),
        z.object({ outcome: z.literal('RETURN'), reason }).strict(),
      ]),
      response: responses.postApiDelegatedMattersIdClose, handler: async ({ actor, params, body: { outcome, ...data } }) => closeMatter(deps, actor, params.id, outcome, data),
    }),
    defineRoute({
      method: 'post', path: '/api/delegated-matters/:id/recall', tag: 'delegations', access: ['SUPERVISOR', 'HEAD'], params: idParam,
      summary: '收回委托事项到县局办理', body: z.object({ reason }).strict(),
      response: responses.postApiDelegatedMattersIdRecall, handler: async ({ actor, params, body }) => recallMatter(deps, actor, params.id, body.reason),
    }),
    defineRoute({
      method: 'get', path: '/api/public/delegations', tag: 'public', access: 'public', summary: '行政执法委托公示（生效中的委托）',
      refusals: [], response: responses.getApiPublicDelegations, handler: async () => publicDelegations(deps),
    }),
  ];
}

const STATUS = DELEGATION_STATUS_LABELS;
const OUTCOME = DELEGATED_OUTCOME_LABELS;
const label = <T extends { status: string; outcome?: string | null }>(r: T) => ({ ...r, statusLabel: STATUS[r.status] ?? r.status, outcomeLabel: r.outcome ? OUTCOME[r.outcome] ?? r.outcome : '' });

function render(req: Request, res: Response, view: string, data: Record<string, unknown>) {
  const me = req.actor;
  res.render(view, {
    ...data, me, csrf: me ? csrfToken(req) : undefined,
  });
}

/** County / township / city pages and the public list. */
export function delegationPageRoutes(deps: AppDeps): Router {
  const r = Router();
  r.get('/public/delegations', async (req, res) => {
    render(req, res, 'delegations-public', { title: '行政执法委托公示', ...(await publicDelegations(deps)) });
  });
  r.use(['/delegations', '/delegated-matters'], (req, res, next) => {
    if (!req.actor) return res.redirect(`/login?next=${encodeURIComponent(req.originalUrl)}`);
    next();
  });
  r.get('/delegations', async (req, res) => {
    const me = req.actor!;
    const list = await listDelegations(deps, me) as { items: { status: string }[]; byTownship?: unknown[] };
    const matters = await listMatters(deps, me);
    const heading = me.roles.includes('TOWNSHIP_OFFICER') ? '本乡镇（街道）委托事项' : me.roles.includes('CITY_SUPERVISOR') ? '全市委托执法' : '委托乡镇（街道）执法';
    render(req, res, 'delegations', { title: heading, heading, items: list.items.map(label), byTownship: list.byTownship, matters: matters.items.map(label),
      canDraft: me.roles.includes('HEAD') });
  });
  const showNew = async (req: Request, res: Response, error?: string, status = 200) => {
    if (!req.actor!.roles.includes('HEAD')) throw new AppError('forbidden', '只有县级应急管理部门负责人可以起草委托', 403);
    res.status(status);
    render(req, res, 'delegation-new', { title: '起草委托乡镇（街道）执法', error, ...(await draftOptions(deps, req.actor!)) });
  };
  r.get('/delegations/new', async (req, res) => { await showNew(req, res); });
  r.post('/delegations/new', async (req, res) => {
    const f = z.object({ townshipOrgId: z.string().default(''), itemCodes: z.union([z.string(), z.array(z.string())]).optional(),
      officerIds: z.union([z.string(), z.array(z.string())]).optional(), startDate: z.string().default(''), endDate: z.string().default(''),
      samplePercent: z.string().optional() }).passthrough().parse(req.body ?? {});
    const list = (v?: string | string[]) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
    let id: string;
    try {
      const body = delegationDraftBody.safeParse({ townshipOrgId: f.townshipOrgId, itemCodes: list(f.itemCodes), officerIds: list(f.officerIds),
        startDate: f.startDate, endDate: f.endDate, ...(f.samplePercent ? { samplePercent: Number(f.samplePercent) } : {}) });
      if (!body.success) return showNew(req, res, body.error.issues.map((i) => i.message).join('；'), 400);
      id = (await draftDelegation(deps, req.actor!, body.data)).id;
    } catch (err) {
      if (err instanceof AppError && err.status < 500) return showNew(req, res, err.message, err.status);
      throw err;
    }
    res.redirect(303, `/delegations/${encodeURIComponent(id)}`);
  });
  const showOne = async (req: Request, res: Response, error?: string, status = 200) => {
    const d = await getDelegation(deps, req.actor!, String(req.params.id));
    const me = req.actor!;
    res.status(status);
    render(req, res, 'delegation', { title: `委托 ${d.letterNumber ?? ''}`, d: label(d), matters: d.matters.map(label), error,
      canRevoke: me.orgId === d.countyOrgId && me.roles.includes('HEAD') && ['AWAITING_REVIEW', 'AWAITING_SIGNATURE', 'SIGNED', 'IN_FORCE'].includes(d.status) });
  };
  r.get('/delegations/:id', async (req, res) => { await showOne(req, res); });
  r.post('/delegations/:id/revoke', async (req, res) => {
    const reason = String((req.body as { reason?: string })?.reason ?? '');
    try {
      await revokeDelegation(deps, req.actor!, String(req.params.id), reason);
    } catch (err) {
      if (err instanceof AppError && err.status < 500 && err.status !== 404) return showOne(req, res, err.message, err.status);
      throw err;
    }
    res.redirect(303, `/delegations/${encodeURIComponent(String(req.params.id))}`);
  });
  const showMatter = async (req: Request, res: Response, error?: string, status = 200, receiptError?: string) => {
    const m = await getMatter(deps, req.actor!, String(req.params.id));
    const me = req.actor!;
    const open = m.status === 'OPEN' && !m.caseId && me.orgId === m.townshipOrgId && me.roles.includes('TOWNSHIP_OFFICER');
    res.status(status);
    render(req, res, 'delegated-matter', { title: `委托事项：${m.partyName}`, m: label(m), error, canAct: open,
      canRecall: m.status === 'OPEN' && !m.caseId && me.orgId === m.countyOrgId && me.roles.some((x) => x === 'SUPERVISOR' || x === 'HEAD'),
      coOfficers: m.delegationOfficerIds.filter((id) => id !== me.userId), canSeeCase: me.orgId === m.countyOrgId || me.roles.includes('CITY_SUPERVISOR'),
      receipt: receiptFormContext(req.method === 'POST' ? (req.body ?? {}) as Record<string, unknown> : {}, receiptError, '') });
  };
  r.get('/delegated-matters/:id', async (req, res) => { await showMatter(req, res); });
  const form = z.object({
    _csrf: z.string().optional(), finding: z.string().optional(), reason: z.string().optional(), partyKind: z.string().optional(),
    partyIdNumber: z.string().optional(), coOfficer: z.string().optional(), fineYuan: z.string().optional(), facts: z.string().optional(), occurredAt: z.string().optional(),
  });
  for (const step of ['close', 'summary', 'recall'] as const) r.post(`/delegated-matters/:id/${step}`, async (req, res) => {
    const f = form.parse(req.body ?? {});
    const id = String(req.params.id);
    try {
      if (step === 'close') await closeMatter(deps, req.actor!, id, f.reason?.trim() ? 'RETURN' : 'NO_VIOLATION', f.reason?.trim() ? { reason: f.reason } : { finding: f.finding ?? '' });
      else if (step === 'recall') await recallMatter(deps, req.actor!, id, f.reason ?? '');
      else {
        const m = await getMatter(deps, req.actor!, id);
        // The same receipt as POST /api/cases/summary takes (行政处罚法 Art 52), checked before anything is written.
        const receipt = summaryReceipt.safeParse(readReceiptForm((req.body ?? {}) as Record<string, unknown>));
        if (!receipt.success) {
          const message = receipt.error.issues.map((i) => i.message).join('；');
          return showMatter(req, res, `当事人签收：${message}`, zodStatus(receipt.error), message);
        }
        const fen = Math.round(Number(f.fineYuan ?? '0') * 100);
        await decideMatter(deps, req.actor!, id, {
          party: { kind: f.partyKind === 'PERSON' ? 'PERSON' : 'ORG', name: m.partyName, idNumber: f.partyIdNumber ?? '' },
          source: 'INSPECTION', facts: f.facts?.trim() || m.facts, occurredAt: f.occurredAt ? new Date(f.occurredAt).toISOString() : new Date().toISOString(),
          harmToLife: false, officerIds: f.coOfficer ? [f.coOfficer] : [],
          penalty: { penaltyTypes: fen > 0 ? ['FINE'] : ['WARNING'], fineFen: Number.isFinite(fen) ? fen : -1 }, receipt: receipt.data,
        });
      }
    } catch (err) {
      if (err instanceof AppError && err.status < 500 && err.status !== 404) return showMatter(req, res, err.message, err.status);
      throw err;
    }
    res.redirect(303, `/delegated-matters/${encodeURIComponent(id)}`);
  });
  return r;
}
