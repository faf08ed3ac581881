import { Router, type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import { PROCEDURE_KINDS, PROCEDURES, taskForm } from '../../rules/task-forms.ts';
import { csrfToken } from '../auth.ts';
import type { AppDeps } from '../deps.ts';
import { AppError } from '../errors.ts';
import { PROCEDURE_LABELS, QUEUE_DUE_LABELS, QUEUE_SORT_LABELS } from '../labels.ts';
import { defineRoute, type RouteDef } from '../route.ts';
import { loadCalendar, remaining } from '../services/deadline-view.ts';
import { listQueue, queueCounts } from '../services/queue.ts';
import { deleteQueueView, getQueueView, listQueueViews, saveQueueView, updateQueueView } from '../services/queue-views.ts';
import { withError } from './pages.ts';
import { idParam, queueFilters, queueQuery, queueViewBody } from './schemas.ts';
import { queueCountsBody, savedQueueView as savedView } from './case-responses.ts';

/** The saved views of the work queue (issue 17): the signed-in person's own, in their org. */
export function queueViewRoutes(deps: AppDeps): RouteDef[] {
  return [
    defineRoute({
      method: 'get', path: '/api/queue-counts', tag: 'tasks', access: 'authenticated', summary: '我的待办数、临期数、超期数（导航栏）', refusals: [], response: queueCountsBody,
      handler: async ({ actor }) => queueCounts(deps, actor),
    }),
    defineRoute({
      method: 'get', path: '/api/queue-views', tag: 'tasks', access: 'authenticated', summary: '我保存的待办视图', refusals: [], response: z.array(savedView),
      handler: async ({ actor }) => listQueueViews(deps, actor),
    }),
    defineRoute({
      method: 'post', path: '/api/queue-views', tag: 'tasks', access: 'authenticated',
      summary: '保存待办视图（同名视图覆盖其筛选条件，重复提交无副作用）', body: queueViewBody, refusals: [422], response: savedView,
      handler: async ({ actor, body }) => saveQueueView(deps, actor, body.name, body.filters),
    }),
    defineRoute({
      method: 'get', path: '/api/queue-views/:id', tag: 'tasks', access: 'authenticated', summary: '待办视图详情', params: idParam, refusals: [], response: savedView,
      handler: async ({ actor, params }) => getQueueView(deps, actor, params.id),
    }),
    defineRoute({
      method: 'put', path: '/api/queue-views/:id', tag: 'tasks', access: 'authenticated', summary: '修改待办视图的名称或筛选条件',
      params: idParam, body: queueViewBody, refusals: [409, 422], response: savedView,
      handler: async ({ actor, params, body }) => updateQueueView(deps, actor, params.id, body.name, body.filters),
    }),
    defineRoute({
      method: 'delete', path: '/api/queue-views/:id', tag: 'tasks', access: 'authenticated', summary: '删除待办视图（重复删除无副作用）',
      params: idParam, refusals: [], response: z.object({ deleted: z.boolean().describe('false：视图不存在或已删除') }),
      handler: async ({ actor, params }) => deleteQueueView(deps, actor, params.id),
    }),
  ];
}

/** The nav's counts for every signed-in page (one index-only query; layout.hbs shows them). */
export function navQueueCounts(deps: AppDeps) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' || !req.actor || req.path.startsWith('/api/')) return next();
    queueCounts(deps, req.actor).then((c) => { res.locals.queueCounts = c; next(); }, next);
  };
}

/** Query fields that are the page's own, not filters. */
const PAGE_ONLY = new Set(['error', 'page']);

/** The filters as a query string, without the defaults (for links, the pager and saved views). */
function filterQuery(q: Record<string, unknown>, drop: Set<string> = PAGE_ONLY): string {
  const out = new URLSearchParams();
  for (const k of [...Object.keys(queueFilters.shape), 'pageSize']) {
    const v = q[k];
    if (drop.has(k) || v === undefined || v === false || v === '') continue;
    if ((k === 'status' && v === 'OPEN') || (k === 'sort' && v === 'due') || (k === 'claim' && v === 'all') || (k === 'pageSize' && v === 20)) continue;
    out.set(k, String(v));
  }
  return out.toString();
}

const options = (labels: Readonly<Record<string, string>>, selected: unknown) =>
  Object.entries(labels).map(([value, label]) => ({ value, label, selected: value === selected }));

/** Step kinds grouped by procedure, for the step select. */
const stepGroups = (selected: unknown) => PROCEDURES.map((p) => ({
  label: PROCEDURE_LABELS[p],
  kinds: PROCEDURE_KINDS[p].map((k) => ({ value: k, label: taskForm(k)?.label ?? k, selected: k === selected })),
}));

export function queuePageRoutes(deps: AppDeps): Router {
  const r = Router();

  r.get('/tasks', async (req, res) => {
    if (!req.actor) return res.redirect(`/login?next=${encodeURIComponent(req.originalUrl)}`);
    const { error, ...raw } = req.query as Record<string, unknown>;
    const q = queueQuery.parse(raw);
    const [queue, views, calendar] = await Promise.all([listQueue(deps, req.actor, q), listQueueViews(deps, req.actor), loadCalendar(deps.prisma)]);
    const now = new Date();
    const items = queue.items.map((t) => ({ ...t, left: t.status === 'OPEN' ? remaining(calendar, t.due.at, t.due.deadlineId, now) : null }));
    const filters = filterQuery(q);
    const here = `/tasks${filters ? `?${filters}` : ''}${q.page > 1 ? `${filters ? '&' : '?'}page=${q.page}` : ''}`;
    const pages = Math.max(1, Math.ceil(queue.total / q.pageSize));
    const pageLink = (n: number) => `/tasks?${[filters, `page=${n}`].filter(Boolean).join('&')}`;
    const claim = q.claim ?? (q.mine ? 'mine' : 'all');
    res.render('queue', {
      title: '我的待办', me: req.actor, csrf: csrfToken(req), error: typeof error === 'string' ? error : undefined,
      queue: { ...queue, items }, q, claim, here, pages,
      prev: q.page > 1 ? pageLink(q.page - 1) : null, next: q.page < pages ? pageLink(q.page + 1) : null,
      procedures: options(PROCEDURE_LABELS, q.procedure), steps: stepGroups(q.kind),
      dueWindows: options(QUEUE_DUE_LABELS, q.due), sorts: options(QUEUE_SORT_LABELS, q.sort),
      // What a saved view keeps: the filters without page and page size.
      saveFields: [...new URLSearchParams(filterQuery(q, new Set([...PAGE_ONLY, 'pageSize'])))].map(([name, value]) => ({ name, value })),
      views: views.map((v) => ({ ...v, href: `/tasks${v.query ? `?${v.query}` : ''}`, current: v.query === filterQuery(q, new Set([...PAGE_ONLY, 'pageSize'])) })),
      filtered: filters !== '',
    });
  });

  // Saved views from the page: the form sends the current filters as hidden fields.
  r.post('/tasks/views', async (req, res) => {
    if (!req.actor) return res.redirect('/login?next=/tasks');
    const { _csrf, name, ...filters } = (req.body ?? {}) as Record<string, string>;
    const back = `/tasks${filterQuery(filters) ? `?${filterQuery(filters)}` : ''}`;
    try {
      const body = queueViewBody.parse({ name, filters });
      const view = await saveQueueView(deps, req.actor, body.name, body.filters);
      res.redirect(`/tasks${view.query ? `?${view.query}` : ''}`);
    } catch (err) {
      if (err instanceof z.ZodError) return res.redirect(withError(back, err.issues.map((i) => i.message).join('；')));
      if (err instanceof AppError && err.status < 500) return res.redirect(withError(back, err.message));
      throw err;
    }
  });

  r.post('/tasks/views/:id/delete', async (req, res) => {
    if (!req.actor) return res.redirect('/login?next=/tasks');
    await deleteQueueView(deps, req.actor, idParam.parse(req.params).id);
    res.redirect('/tasks');
  });
  return r;
}
