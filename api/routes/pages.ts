import { randomUUID } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { CIRCUMSTANCES } from '../../rules/discretion.ts';
import { checkPassword, csrfToken } from '../auth.ts';
import type { AppDeps } from '../deps.ts';
import { AppError } from '../errors.ts';
import { homeFor } from '../page-access.ts';
import { formData, outcomeViews } from '../forms.ts';
import { labelOf, STAGE_LABELS } from '../labels.ts';
import { applyDeferral, requestClockPause, requestExtension, requestPreservation, resumeClock } from '../services/case-actions.ts';
import { getCase, listCases, registerCase } from '../services/cases.ts';
import { recordPanel } from '../services/records.ts';
import { deadlinesAtRisk } from '../services/supervision.ts';
import { claimTask, completeTask, getVisibleTask, unclaimTask } from '../services/tasks.ts';
import { clockPauseBody, clockResumeBody } from './case-actions.ts';
import { loginBody, registerCaseBody } from './schemas.ts';

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

/** Options the task forms cannot know: the bureau's certified officers and the 裁量情节. */
async function taskChoices(deps: AppDeps, orgId: string) {
  const today = new Date(new Date().toISOString().slice(0, 10));
  const users = await deps.prisma.user.findMany({
    where: {
      orgId, active: true, roles: { hasSome: ['HANDLER', 'SUPERVISOR', 'HEAD', 'TOWNSHIP_OFFICER'] },
      certificates: { some: { revokedAt: null, validFrom: { lte: today }, validUntil: { gte: today } } },
    },
    select: { id: true, displayName: true }, orderBy: { username: 'asc' },
  });
  return {
    officerIds: users.map((u) => ({ value: u.id, label: u.displayName })),
    circumstances: Object.values(CIRCUMSTANCES).map((c) => ({ value: c.id, label: c.label })),
  };
}

async function renderTask(deps: AppDeps, req: Request, res: Response, taskId: string, error?: string) {
  const task = await getVisibleTask(deps, req.actor!, taskId);
  const detail = task.caseId ? await getCase(deps, req.actor!, task.caseId).catch(() => null) : null;
  page(req, res, 'task', { title: task.title, task, detail, outcomes: outcomeViews(task.kind, await taskChoices(deps, choicesOrg(task))), error });
}

/** An escalation (issue 8) reassigns to officers of the org whose step is late, not of the supervisor's. */
const choicesOrg = (task: { orgId: string; payload: unknown }) =>
  (task.payload as { escalation?: { orgId?: string } } | null)?.escalation?.orgId ?? task.orgId;

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
    try {
      const body = loginBody.parse({ username: req.body?.username, password: req.body?.password });
      const userId = await checkPassword(deps.prisma, body.username, body.password);
      // New session id at login: a session fixed before login is worth nothing after it.
      req.session.regenerate((err) => {
        if (err) throw err;
        req.session.userId = userId;
        req.session.save(() => res.redirect(next));
      });
    } catch (err) {
      const message = err instanceof AppError ? err.message : '请输入用户名和密码';
      res.status(err instanceof AppError ? err.status : 400);
      page(req, res, 'login', { next, error: message, username: req.body?.username, title: '登录' });
    }
  });
  r.post('/logout', (req, res) => {
    req.session.destroy(() => res.redirect('/login'));
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
    try {
      await completeTask(deps, req.actor!, task.id, outcome, formData(task.kind, outcome, req.body ?? {}));
    } catch (err) {
      if (!(err instanceof AppError) || err.status >= 500) throw err;
      res.status(err.status);
      return renderTask(deps, req, res, task.id, err.message);
    }
    res.redirect(task.caseId ? `/cases/${task.caseId}` : '/tasks');
  });

  r.get('/supervision', async (req, res) => {
    if (!signedIn(req, res)) return;
    if (!req.actor!.roles.some((x) => ['SUPERVISOR', 'HEAD', 'CITY_SUPERVISOR'].includes(x))) throw new AppError('forbidden', '只有负责人和市局监督可以查看期限督办', 403);
    const q = z.object({ page: z.coerce.number().int().min(1).default(1) }).parse(req.query);
    page(req, res, 'supervision', { title: '期限督办', result: await deadlinesAtRisk(deps, req.actor!, q.page, 50) });
  });

  r.get('/cases', async (req, res) => {
    if (!signedIn(req, res)) return;
    const q = z.object({ page: z.coerce.number().int().min(1).default(1) }).parse(req.query);
    page(req, res, 'cases', { title: '案件', list: await listCases(deps, req.actor!, q.page, 20) });
  });

  r.get('/cases/new', async (req, res) => {
    if (!signedIn(req, res)) return;
    const [catalog, enterprises] = await Promise.all([
      deps.prisma.catalogItem.findMany({ orderBy: { code: 'asc' } }),
      deps.prisma.enterprise.findMany({ where: { orgId: req.actor!.orgId }, orderBy: { name: 'asc' } }),
    ]);
    page(req, res, 'case-new', { title: '登记案件', catalog, enterprises, idemKey: randomUUID() });
  });

  r.post('/cases', async (req, res) => {
    if (!signedIn(req, res)) return;
    const b = req.body ?? {};
    const body = registerCaseBody.parse({
      party: { kind: b.partyKind, name: b.partyName, idNumber: b.partyIdNumber, ...(b.enterpriseId ? { enterpriseId: b.enterpriseId } : {}), ...(b.partyAddress ? { address: b.partyAddress } : {}) },
      catalogItemId: b.catalogItemId, source: b.source, facts: b.facts, occurredAt: b.occurredAt, harmToLife: b.harmToLife === 'on',
    });
    const { caseId } = await registerCase(deps, req.actor!, body, String(b.idempotencyKey || '') || undefined);
    res.redirect(`/cases/${caseId}`);
  });

  r.get('/cases/:id', async (req, res) => {
    if (!signedIn(req, res)) return;
    const detail = await getCase(deps, req.actor!, req.params.id);
    const state = (detail.case.data as { state?: Record<string, unknown> }).state ?? {};
    page(req, res, 'case', {
      title: detail.case.number ?? '案件', detail, state, error: req.query.error, done: req.query.done,
      stageLabel: labelOf(STAGE_LABELS, detail.case.stage), open: detail.case.status === 'OPEN',
      recordPanel: await recordPanel(deps, req.actor!, detail.case),
    });
  });

  // Case-level actions from the case page, over the same services as the JSON API.
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
        case 'extension': await requestExtension(deps, req.actor!, id, reason); break;
        case 'preservation': await requestPreservation(deps, req.actor!, id, String(b.items ?? ''), b.urgent === 'on'); break;
        case 'deferral': await applyDeferral(deps, req.actor!, id, reason, String(b.newDueDay ?? '')); break;
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
