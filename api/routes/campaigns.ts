import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { checkCsrf, csrfToken } from '../auth.ts';
import type { AppDeps } from '../deps.ts';
import { AppError } from '../errors.ts';
import { CAMPAIGN_STATUS_LABELS } from '../labels.ts';
import { defineRoute, type RouteDef } from '../route.ts';
import { campaignApproval, createCampaign, getCampaign, listCampaigns, startCampaignInspection, type DraftCampaign } from '../services/campaigns.ts';
import * as responses from './campaigns.responses.ts';
import { idParam } from './schemas.ts';

const reason = z.string().trim().min(2, '请填写理由（至少2个字）').max(2000);
const comment = z.string().trim().max(2000).optional();
// z.iso.date so that the OpenAPI states the format (the fuzzer sends what the schema allows).
const day = (label: string) => z.iso.date({ error: `${label}格式应为 YYYY-MM-DD` }).describe(label);
const words = (label: string) => z.array(z.string().trim().min(1).max(50)).max(20).default([]).describe(label);
const key = (req: Request) => req.get('idempotency-key') ?? undefined;

const DRAFTERS = ['SUPERVISOR', 'HEAD', 'CITY_SUPERVISOR'] as const;
// A township that was given a share of a campaign reads it like the bureaus do (its share task links here).
const SEE = ['HANDLER', 'SUPERVISOR', 'HEAD', 'CITY_SUPERVISOR', 'TOWNSHIP_OFFICER'] as const;
const OFFICERS = ['HANDLER', 'SUPERVISOR', 'HEAD'] as const;

export const campaignBody = z.object({
  name: z.string({ error: '请填写专项执法名称' }).trim().min(2, '请填写专项执法名称').max(200).describe('名称'),
  legalBasis: z.string({ error: '请填写依据' }).trim().min(2, '请填写依据（法律法规或上级部署）').max(2000).describe('依据'),
  industries: words('重点行业'),
  hazardTypes: words('重点隐患类型'),
  startDate: day('开始日期'),
  endDate: day('结束日期'),
  shares: z.array(z.object({
    orgId: z.string().min(1).max(128),
    target: z.number({ error: '检查任务数须为数字' }).int().min(1, '检查任务数至少为1').max(10_000).optional(),
    enterpriseIds: z.array(z.string().min(1).max(128)).max(500).default([]),
  }).strict(), { error: '请分配任务' }).min(1, '请至少给一个单位分配任务').max(50).describe('任务分配'),
  checklist: z.array(z.object({ text: z.string().trim().min(2).max(500), basis: z.string().trim().max(500).default('') }).strict()).max(50).default([]).describe('检查表'),
}).strict();

/** 专项执法 (issue 21 item 1). */
export function campaignRoutes(deps: AppDeps): RouteDef[] {
  return [
    defineRoute({
      method: 'post', path: '/api/campaigns', response: responses.postApiCampaigns, tag: 'campaigns', access: DRAFTERS, status: 201, body: campaignBody,
      summary: '起草专项执法（名称、依据、重点行业或隐患、期间、各县任务数或企业名单、检查表），报本机关负责人审批（Idempotency-Key 防重）',
      handler: async ({ req, actor, body }) => createCampaign(deps, actor, body as DraftCampaign, key(req)),
    }),
    defineRoute({
      method: 'get', path: '/api/campaigns', response: responses.getApiCampaigns, tag: 'campaigns', access: SEE, summary: '专项执法列表（组织的和分配给本单位的）',
      refusals: [], handler: async ({ actor }) => listCampaigns(deps, actor),
    }),
    defineRoute({
      method: 'get', path: '/api/campaigns/:id', response: responses.getApiCampaignsId, tag: 'campaigns', access: SEE, summary: '专项执法详情：各单位任务、进度、督办与总结',
      params: idParam, refusals: [], handler: async ({ actor, params }) => getCampaign(deps, actor, params.id),
    }),
    defineRoute({
      method: 'post', path: '/api/campaigns/:id/approval', response: responses.postApiCampaignsIdApproval, tag: 'campaigns', access: ['HEAD'], summary: '负责人审批专项执法（批准即下达各单位）',
      params: idParam, body: z.discriminatedUnion('outcome', [
        z.object({ outcome: z.literal('APPROVE'), comment }).strict(), z.object({ outcome: z.literal('REJECT'), reason }).strict(),
      ]),
      handler: async ({ actor, params, body: { outcome, ...data } }) => campaignApproval(deps, actor, params.id, outcome, data),
    }),
    defineRoute({
      method: 'post', path: '/api/campaigns/:id/inspections', response: responses.postApiCampaignsIdInspections, tag: 'campaigns', access: OFFICERS, status: 201,
      summary: '为本单位的专项执法任务启动一次监督检查（检查带专项执法标记，计入进度；Idempotency-Key 防重）',
      params: idParam, body: z.object({
        enterpriseId: z.string({ error: '请选择企业' }).min(1).max(128).describe('企业'),
        officerIds: z.array(z.string().min(1).max(128), { error: '请选择检查人员' }).min(2, '须由两名以上执法人员进行').max(10).describe('检查人员'),
        overLimitReason: z.string().trim().min(2, '请说明超出检查频次的理由（至少2个字）').max(2000).optional().describe('超出检查频次上限的理由（报局长审批）'),
      }).strict(),
      handler: async ({ req, actor, params, body }) => startCampaignInspection(deps, actor, params.id, body, key(req)),
    }),
  ];
}

const day10 = (d: unknown) => (d instanceof Date ? new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10) : typeof d === 'string' ? d.slice(0, 10) : '');

function render(req: Request, res: Response, view: string, data: Record<string, unknown>) {
  res.render(view, { ...data, me: req.actor, csrf: req.actor ? csrfToken(req) : undefined });
}

const requireLogin = (req: Request, res: Response, next: () => void) => {
  if (!req.actor) return res.redirect(`/login?next=${encodeURIComponent(req.originalUrl)}`);
  next();
};

const lines = (v: string | undefined) => (v ?? '').split(/[\n,，、;；]/).map((x) => x.trim()).filter(Boolean);

/** Pages: the list with the draft form, the detail with progress, approval and a county's inspections. */
export function campaignPageRoutes(deps: AppDeps): Router {
  const r = Router();
  r.use('/campaigns', requireLogin);
  const showList = async (req: Request, res: Response, error?: string, status = 200) => {
    const actor = req.actor!;
    const list = await listCampaigns(deps, actor);
    const canDraft = actor.roles.some((x) => (DRAFTERS as readonly string[]).includes(x));
    const orgs = canDraft ? await deps.prisma.org.findMany({ where: { parentId: actor.orgId, kind: { in: ['COUNTY_BUREAU', 'TOWNSHIP'] } }, orderBy: { id: 'asc' }, select: { id: true, name: true } }) : [];
    res.status(status);
    render(req, res, 'campaigns', {
      title: '专项执法', error, canDraft: canDraft && orgs.length > 0, orgs,
      items: list.items.map((i) => ({ ...i, statusLabel: CAMPAIGN_STATUS_LABELS[i.status] ?? i.status })),
    });
  };
  r.get('/campaigns', async (req, res) => { await showList(req, res); });
  r.post('/campaigns', async (req, res) => {
    checkCsrf(req);
    const f = z.record(z.string(), z.string()).catch({}).parse(req.body ?? {});
    const shares = Object.keys(f).filter((k) => k.startsWith('target_')).map((k) => k.slice('target_'.length))
      .map((orgId) => ({ orgId, target: f[`target_${orgId}`]?.trim() ? Number(f[`target_${orgId}`]) : undefined, enterpriseIds: lines(f[`enterprises_${orgId}`]) }))
      .filter((s) => s.target !== undefined || s.enterpriseIds.length);
    const parsed = campaignBody.safeParse({
      name: f.name, legalBasis: f.legalBasis, industries: lines(f.industries), hazardTypes: lines(f.hazardTypes), startDate: f.startDate, endDate: f.endDate,
      shares, checklist: lines(f.checklist).map((text) => ({ text, basis: '' })),
    });
    try {
      if (!parsed.success) {
        const label = (p: PropertyKey[]) => (campaignBody.shape as Record<string, z.ZodType>)[String(p[0])]?.description ?? '表单';
        throw new AppError('invalid', parsed.error.issues.map((x) => `${label(x.path)}：${x.message}`).join('；'), 422);
      }
      const c = await createCampaign(deps, req.actor!, parsed.data as DraftCampaign);
      return res.redirect(303, `/campaigns/${encodeURIComponent(c.id)}`);
    } catch (err) {
      if (err instanceof AppError && err.status < 500) return showList(req, res, err.message, err.status);
      throw err;
    }
  });
  const showOne = async (req: Request, res: Response, error?: string, status = 200) => {
    const actor = req.actor!;
    const c = await getCampaign(deps, actor, String(req.params.id));
    const canApprove = actor.roles.includes('HEAD') && c.tasks.some((t) => t.kind === 'CAMPAIGN_APPROVAL' && t.status === 'OPEN' && t.orgId === actor.orgId);
    const myShare = c.rows.find((row) => row.orgId === actor.orgId);
    const canInspect = c.status === 'RUNNING' && !!myShare && actor.roles.some((x) => (OFFICERS as readonly string[]).includes(x));
    const [enterprises, officers] = canInspect ? await Promise.all([
      deps.prisma.enterprise.findMany({ where: { orgId: actor.orgId, ...(myShare!.enterpriseIds.length ? { id: { in: myShare!.enterpriseIds } } : {}) }, orderBy: { id: 'asc' }, select: { id: true, name: true } }),
      deps.prisma.user.findMany({ where: { orgId: actor.orgId, active: true, roles: { hasSome: ['HANDLER', 'SUPERVISOR'] } }, orderBy: { id: 'asc' }, select: { id: true, displayName: true } }),
    ]) : [[], []];
    const inspections = await deps.prisma.inspection.findMany({ where: { campaignId: c.id, orgId: { in: c.rows.map((x) => x.orgId) } }, orderBy: { createdAt: 'desc' }, take: 200,
      select: { id: true, orgId: true, enterpriseId: true, status: true, noticeNumber: true, recordNumber: true } });
    const names = await deps.prisma.enterprise.findMany({ where: { id: { in: inspections.map((i) => i.enterpriseId) } }, select: { id: true, name: true } });
    res.status(status);
    render(req, res, 'campaign', {
      title: `专项执法：${c.name}`, error, canApprove, canInspect, enterprises, officers,
      campaign: { ...c, statusLabel: CAMPAIGN_STATUS_LABELS[c.status] ?? c.status, warnDay: day10(c.warnAt) },
      rows: c.rows.map((row) => ({ ...row, fineYuan: (row.fineFen / 100).toFixed(2), percent: row.target ? Math.min(100, Math.round((row.inspections / row.target) * 100)) : 0 })),
      summary: c.documents.find((d) => d.kind === 'CAMPAIGN_SUMMARY'),
      inspections: inspections.map((i) => ({ ...i, enterpriseName: names.find((n) => n.id === i.enterpriseId)?.name ?? '', orgName: c.rows.find((x) => x.orgId === i.orgId)?.orgName ?? '' })),
    });
  };
  r.get('/campaigns/:id', async (req, res) => { await showOne(req, res); });
  r.post('/campaigns/:id/approval', async (req, res) => {
    checkCsrf(req);
    const f = z.object({ outcome: z.string().optional(), text: z.string().optional() }).passthrough().parse(req.body ?? {});
    try {
      if (f.outcome === 'REJECT') await campaignApproval(deps, req.actor!, req.params.id, 'REJECT', { reason: f.text ?? '' });
      else await campaignApproval(deps, req.actor!, req.params.id, 'APPROVE', f.text?.trim() ? { comment: f.text } : {});
    } catch (err) {
      if (err instanceof AppError && err.status < 500 && err.status !== 404) return showOne(req, res, err.message, err.status);
      throw err;
    }
    res.redirect(303, `/campaigns/${encodeURIComponent(req.params.id)}`);
  });
  r.post('/campaigns/:id/inspections', async (req, res) => {
    checkCsrf(req);
    const f = z.object({ enterpriseId: z.string().default(''), officerIds: z.union([z.string(), z.array(z.string())]).default([]) }).passthrough().parse(req.body ?? {});
    const officerIds = Array.isArray(f.officerIds) ? f.officerIds : [f.officerIds];
    try {
      if (!f.enterpriseId) throw new AppError('invalid', '企业：请选择企业', 422);
      const reason = typeof f.overLimitReason === 'string' && f.overLimitReason.trim() ? f.overLimitReason.trim() : undefined;
      if (reason && reason.length < 2) throw new AppError('invalid', '超出检查频次的理由：至少2个字', 422);
      const out = await startCampaignInspection(deps, req.actor!, req.params.id, { enterpriseId: f.enterpriseId, officerIds, ...(reason ? { overLimitReason: reason.slice(0, 2000) } : {}) });
      return res.redirect(303, `/inspections/${encodeURIComponent(out.inspectionId)}`);
    } catch (err) {
      if (err instanceof AppError && err.status < 500 && err.status !== 404) return showOne(req, res, err.message, err.status);
      throw err;
    }
  });
  return r;
}
