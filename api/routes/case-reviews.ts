import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { REVIEW_ITEMS, REVIEW_ITEM_LABELS } from '../../rules/case-review.ts';
import { correctionSchema, reviewScoresSchema } from '../../rules/forms/case-review.ts';
import { csrfToken } from '../auth.ts';
import type { AppDeps } from '../deps.ts';
import { AppError } from '../errors.ts';
import { CASE_REVIEW_STATUS_LABELS } from '../labels.ts';
import { defineRoute, type RouteDef } from '../route.ts';
import {
  caseReviewStep, evaluationReport, getCaseReview, getReviewDraw, listCaseReviews, reviewCycleState, startReviewCycle,
} from '../services/case-reviews.ts';
import { idParam } from './schemas.ts';
import { reviewCycle, reviewCycleStarted, reviewDetail, reviewDraw, reviewList, reviewReport, reviewStepDone } from './case-review-responses.ts';

/** Who reads reviews and the evaluation report (a county only its own; see the service). */
const READERS = ['CITY_SUPERVISOR', 'DISCIPLINE', 'LEGAL_REVIEWER', 'HEAD', 'SUPERVISOR'] as const;
const period = z.string().regex(/^\d{4}(Q[1-4]|M(0[1-9]|1[0-2])|H[12]|Y)$/, '期间格式应如 2026Q4、2026M11、2026H2 或 2026Y');

/** 抽查 / 评议考核 (issue 8): JSON API, in the OpenAPI document with the other routes. */
export function caseReviewRoutes(deps: AppDeps): RouteDef[] {
  return [
    defineRoute({
      method: 'post', path: '/api/case-reviews/cycle', tag: 'case-reviews', access: ['CITY_SUPERVISOR'],
      summary: '启动本市案卷抽查周期（长期运行；每期结束时按县抽取结案案件；已启动则不重复）',
      body: z.object({ catchUp: z.boolean().default(false) }).strict(), refusals: [], response: reviewCycleStarted,
      handler: async ({ actor, body }) => startReviewCycle(deps, actor, body),
    }),
    defineRoute({
      method: 'get', path: '/api/case-reviews/cycle', tag: 'case-reviews', access: ['CITY_SUPERVISOR'], summary: '本市案卷抽查周期的状态（下次抽取时间）', refusals: [], response: reviewCycle,
      handler: async ({ actor }) => ({ cycle: await reviewCycleState(deps, actor) }),
    }),
    defineRoute({
      method: 'get', path: '/api/case-reviews', tag: 'case-reviews', access: READERS, summary: '抽查案卷列表（市局：全部；县局：本局）',
      query: z.object({ period: period.optional(), status: z.enum(['AWAITING_REVIEW', 'PASSED', 'CORRECTING', 'CORRECTED']).optional(), orgId: z.string().max(128).optional() }).strict(),
      refusals: [], response: reviewList,
      handler: async ({ actor, query }) => listCaseReviews(deps, actor, query),
    }),
    defineRoute({
      method: 'get', path: '/api/case-reviews/report', tag: 'case-reviews', access: READERS,
      summary: '评议考核报告：按县和按承办人统计抽查、评查、合格率、各项不合格数、整改；市局监督和纪检监察另见干预记录数',
      query: z.object({ period: period.optional() }).strict(), refusals: [422], response: reviewReport,
      handler: async ({ actor, query }) => evaluationReport(deps, actor, query),
    }),
    defineRoute({
      method: 'get', path: '/api/case-reviews/draws/:id', tag: 'case-reviews', access: READERS, summary: '抽取记录（种子、总体、抽中案件）及复现校验',
      params: idParam, refusals: [], response: reviewDraw, handler: async ({ actor, params }) => getReviewDraw(deps, actor, params.id),
    }),
    defineRoute({
      method: 'get', path: '/api/case-reviews/:id', tag: 'case-reviews', access: READERS, summary: '抽查案卷详情（评查结果、整改情况、抽取记录）',
      params: idParam, refusals: [], response: reviewDetail, handler: async ({ actor, params }) => getCaseReview(deps, actor, params.id),
    }),
    defineRoute({
      method: 'post', path: '/api/case-reviews/:id/review', tag: 'case-reviews', access: ['CITY_SUPERVISOR', 'LEGAL_REVIEWER'],
      summary: '提交评查结果（程序、证据、法律依据、自由裁量、文书、期限逐项合格/不合格；不合格须说明）', params: idParam, body: reviewScoresSchema, response: reviewStepDone,
      handler: async ({ actor, params, body }) => caseReviewStep(deps, actor, params.id, 'review', body),
    }),
    defineRoute({
      method: 'post', path: '/api/case-reviews/:id/correction', tag: 'case-reviews', access: ['HEAD', 'SUPERVISOR'],
      summary: '报送整改情况（逐项对应不合格项目）', params: idParam, body: correctionSchema, response: reviewStepDone,
      handler: async ({ actor, params, body }) => caseReviewStep(deps, actor, params.id, 'correction', body),
    }),
  ];
}

const STATUS = CASE_REVIEW_STATUS_LABELS;

function render(req: Request, res: Response, view: string, data: Record<string, unknown>) {
  const me = req.actor!;
  res.render(view, { ...data, me, csrf: csrfToken(req), isCitySupervisor: me.roles.includes('CITY_SUPERVISOR') });
}

const allowed = (req: Request) => !!req.actor && req.actor.roles.some((r) => (READERS as readonly string[]).includes(r));

/** The pages: list, the evaluation report, one sampled case with its forms. */
export function caseReviewPageRoutes(deps: AppDeps): Router {
  const r = Router();
  r.use('/case-reviews', (req, res, next) => {
    if (!req.actor) return res.redirect(`/login?next=${encodeURIComponent(req.originalUrl)}`);
    if (!allowed(req)) throw new AppError('forbidden', '案卷抽查仅市局监督、纪检监察、法制审核人员和局领导可以查看', 403);
    next();
  });
  r.get('/case-reviews', async (req, res) => {
    const q = z.object({ period: period.optional() }).parse(req.query);
    const [list, cycle] = await Promise.all([
      listCaseReviews(deps, req.actor!, q),
      req.actor!.roles.includes('CITY_SUPERVISOR') ? reviewCycleState(deps, req.actor!) : null,
    ]);
    render(req, res, 'case-reviews', { title: '案卷抽查', period: q.period, cycle, items: list.items.map((i) => ({ ...i, statusLabel: STATUS[i.status] ?? i.status })) });
  });
  r.post('/case-reviews/cycle', async (req, res) => {
    if (!req.actor!.roles.includes('CITY_SUPERVISOR')) throw new AppError('forbidden', '只有市局执法监督人员可以启动抽查周期', 403);
    await startReviewCycle(deps, req.actor!, { catchUp: req.body?.catchUp === 'true' });
    res.redirect(303, '/case-reviews');
  });
  r.get('/case-reviews/report', async (req, res) => {
    const q = z.object({ period: period.optional() }).parse(req.query);
    const report = await evaluationReport(deps, req.actor!, q);
    render(req, res, 'case-review-report', { title: '评议考核报告', ...report, periodKey: q.period });
  });
  const show = async (req: Request, res: Response, error?: string, status = 200) => {
    const review = await getCaseReview(deps, req.actor!, String(req.params.id));
    const open = (kind: string) => review.tasks.some((t) => t.kind === kind && t.status === 'OPEN' && t.orgId === req.actor!.orgId
      && t.candidateRoles.some((role) => req.actor!.roles.includes(role as never)));
    res.status(status);
    render(req, res, 'case-review', {
      title: `抽查案卷 ${review.case?.number ?? review.caseId}`, review, statusLabel: STATUS[review.status] ?? review.status, error,
      canReview: open('CASE_REVIEW'), canCorrect: open('CASE_REVIEW_CORRECTION'),
      failed: review.checklist.filter((c) => c.pass === false),
      items: REVIEW_ITEMS.map((i) => ({ item: i, label: REVIEW_ITEM_LABELS[i] })),
    });
  };
  r.get('/case-reviews/:id', async (req, res) => { await show(req, res); });
  r.post('/case-reviews/:id/:step', async (req, res) => {
    const step = req.params.step;
    if (step !== 'review' && step !== 'correction') throw new AppError('not_found', '页面不存在', 404);
    const f = (req.body ?? {}) as Record<string, string | undefined>;
    const str = (k: string) => (typeof f[k] === 'string' ? f[k]!.trim() : undefined);
    const data = step === 'review'
      ? { ...Object.fromEntries(REVIEW_ITEMS.map((i) => [i, { pass: f[`${i}.pass`] === 'true' ? true : f[`${i}.pass`] === 'false' ? false : undefined,
        ...(str(`${i}.comment`) ? { comment: str(`${i}.comment`) } : {}) }])), ...(str('comment') ? { comment: str('comment') } : {}) }
      : { items: REVIEW_ITEMS.filter((i) => f[`${i}.action`] !== undefined).map((i) => ({ item: i, action: str(`${i}.action`) ?? '' })),
        ...(str('comment') ? { comment: str('comment') } : {}) };
    try {
      const schema = step === 'review' ? reviewScoresSchema : correctionSchema;
      const parsed = schema.safeParse(data);
      if (!parsed.success) throw new AppError('invalid', parsed.error.issues.map((i) => `${REVIEW_ITEM_LABELS[i.path[0] as never] ?? '表单'}：${i.message}`).join('；'), 422);
      await caseReviewStep(deps, req.actor!, String(req.params.id), step, parsed.data);
    } catch (err) {
      if (err instanceof AppError && err.status < 500 && err.status !== 404) return show(req, res, err.message, err.status);
      throw err;
    }
    res.redirect(303, `/case-reviews/${encodeURIComponent(String(req.params.id))}`);
  });
  return r;
}
