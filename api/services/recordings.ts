import { createHash } from 'node:crypto';
import { RECORDING_GAP_REASONS, recordingRuleFor, withRecordingOverrides, type RecordingGapReason, type RecordingRule } from '../../rules/recording-steps.ts';
import { appendAudit } from '../../store/audit.ts';
import type { Actor } from '../../workflows/messages.ts';
import { mayOpen } from '../action-pages.ts';
import type { AppDeps } from '../deps.ts';
import { AppError, conflict, forbidden, invalid, notFound } from '../errors.ts';

// 全过程音像记录 per step (issue 22; rules/recording-steps.ts). Whether a step has its recording is
// state the database holds (the evidence linked to the step, an approved exemption): checked here,
// before the completion's Update is sent, not by the step's form in the workflow.

/** The team leader (执法队长), and the head who in 局队合一 is also the brigade's 队长 (rules/roles.ts). */
const APPROVERS = ['SUPERVISOR', 'HEAD'] as const;

interface StepRow { id: string; kind: string; title: string; caseId: string | null; orgId: string; status: string }

const table = (deps: AppDeps) => withRecordingOverrides(deps.recordingOverrides);

/** An audio or video file linked to the step: case evidence of the step, or (no case yet) an upload made for it. */
export async function hasRecording(deps: AppDeps, task: Pick<StepRow, 'id' | 'caseId'>): Promise<boolean> {
  if (task.caseId) return (await deps.prisma.evidence.count({ where: { caseId: task.caseId, taskId: task.id, kind: { in: ['VIDEO', 'AUDIO'] } } })) > 0;
  return (await deps.prisma.evidenceUpload.count({ where: { taskId: task.id, OR: [{ mimeType: { startsWith: 'video/' } }, { mimeType: { startsWith: 'audio/' } }] } })) > 0;
}

/** Refuses (422, naming the step and what is missing) the completion of a step that needs a recording it does not have. */
export async function requireRecording(deps: AppDeps, task: StepRow, outcome: string, data: Record<string, unknown>): Promise<void> {
  const rule = recordingRuleFor(table(deps), task.kind, outcome, data);
  if (!rule || (await hasRecording(deps, task))) return;
  const exemption = await deps.prisma.recordingExemption.findUnique({ where: { taskId: task.id } });
  if (exemption?.approvedAt) return;
  const missing = exemption
    ? `未录制说明（${RECORDING_GAP_REASONS[exemption.reason as RecordingGapReason] ?? exemption.reason}）尚待执法队长批准`
    : '尚未关联本环节的录音或录像，也没有经执法队长批准的未录制说明（设备故障、文件灭失）';
  throw new AppError('recording_required', `环节“${task.title}”须有${rule.label}的全过程音像记录（${rule.source.instrument}${rule.source.article}）：${missing}`, 422,
    [{ path: 'recording', message: missing }]);
}

/** What the case page shows of a step that needs a recording. */
export async function recordingStatus(deps: AppDeps, task: StepRow & { outcome?: string | null; result?: unknown }) {
  const rule = recordingRuleFor(table(deps), task.kind, task.outcome ?? undefined, (task.result ?? {}) as Record<string, unknown>);
  if (!rule) return undefined;
  const [recorded, exemption] = await Promise.all([hasRecording(deps, task), deps.prisma.recordingExemption.findUnique({ where: { taskId: task.id } })]);
  return { rule, recorded, exemption };
}

async function openStep(deps: AppDeps, actor: Actor, taskId: string): Promise<{ task: StepRow; rule: RecordingRule }> {
  const task = await deps.prisma.task.findUnique({ where: { id: taskId }, select: { id: true, kind: true, title: true, caseId: true, orgId: true, status: true } });
  if (!task || task.orgId !== actor.orgId) throw notFound('环节');
  const rule = recordingRuleFor(table(deps), task.kind);
  if (!rule) throw invalid(`环节“${task.title}”不需要全过程音像记录`);
  if (task.status !== 'OPEN') throw conflict(`环节“${task.title}”已办结或关闭`);
  return { task, rule };
}

/** An officer records why the step has no recording; the team leader then approves it. Sent twice, it is one exemption. */
export async function requestExemption(deps: AppDeps, actor: Actor, taskId: string, body: { reason: RecordingGapReason; explanation: string }) {
  const { task } = await openStep(deps, actor, taskId);
  const id = createHash('sha256').update(`recording-exemption\u0000${task.id}`).digest('hex').slice(0, 32);
  const existing = await deps.prisma.recordingExemption.findUnique({ where: { taskId } });
  if (existing) {
    if (existing.requestedById === actor.userId && existing.reason === body.reason && existing.explanation === body.explanation) return existing;
    throw conflict('本环节已有未录制说明，不能重复提交');
  }
  return deps.prisma.$transaction(async (tx) => {
    const row = await tx.recordingExemption.create({ data: {
      id, taskId, caseId: task.caseId, orgId: task.orgId, reason: body.reason, explanation: body.explanation, requestedById: actor.userId,
    } });
    await appendAudit(tx, { actorKind: 'USER', actorId: actor.userId, ip: actor.ip, action: 'recording.exemption_requested', subjectType: 'Task',
      subjectId: taskId, caseId: task.caseId, orgId: task.orgId, data: { exemptionId: id, reason: body.reason, explanation: body.explanation } });
    return row;
  });
}

/** The team leader approves the step's exemption (addressed by the step, as the request is). */
export async function approveExemption(deps: AppDeps, actor: Actor, taskId: string) {
  const ex = await deps.prisma.recordingExemption.findUnique({ where: { taskId } });
  if (!ex || ex.orgId !== actor.orgId) throw notFound('未录制说明');
  if (!actor.roles.some((r) => (APPROVERS as readonly string[]).includes(r))) throw forbidden('只有执法队长可以批准未录制说明');
  if (ex.approvedAt) return ex;
  if (ex.requestedById === actor.userId) throw forbidden('不能批准本人提交的未录制说明');
  return deps.prisma.$transaction(async (tx) => {
    const n = await tx.recordingExemption.updateMany({ where: { id: ex.id, approvedAt: null }, data: { approvedById: actor.userId, approvedAt: new Date() } });
    if (n.count === 1) {
      await appendAudit(tx, { actorKind: 'USER', actorId: actor.userId, ip: actor.ip, action: 'recording.exemption_approved', subjectType: 'Task',
        subjectId: ex.taskId, caseId: ex.caseId, orgId: ex.orgId, data: { exemptionId: ex.id, reason: ex.reason } });
    }
    return tx.recordingExemption.findUniqueOrThrow({ where: { id: ex.id } });
  });
}

export const EXEMPTION_PAGE = '/tasks/:id/recording-exemption';
export const APPROVAL_PAGE = '/tasks/:id/recording-exemption/approve';

/**
 * The 全过程音像记录 of open steps as the case and task pages show them: what the step needs, whether
 * it has it, its 未录制说明 if any, and which of the two exemption pages this person may open.
 * Only the steps of the person's own unit (an exemption is asked and approved there).
 */
export async function recordingPanel(deps: AppDeps, me: Actor, tasks: (StepRow & { outcome?: string | null; result?: unknown })[]) {
  const rows = [];
  for (const t of tasks.filter((x) => x.status === 'OPEN' && x.orgId === me.orgId)) {
    const s = await recordingStatus(deps, t);
    if (!s) continue;
    const ex = s.exemption;
    const requester = ex ? await deps.prisma.user.findUnique({ where: { id: ex.requestedById }, select: { displayName: true } }) : null;
    rows.push({
      taskId: t.id, title: t.title, label: s.rule.label, source: `${s.rule.source.instrument}${s.rule.source.article}`, recorded: s.recorded,
      exemption: ex ? {
        reason: RECORDING_GAP_REASONS[ex.reason as RecordingGapReason] ?? ex.reason, explanation: ex.explanation,
        requestedBy: requester?.displayName ?? '', requestedAt: ex.requestedAt, approved: !!ex.approvedAt,
      } : undefined,
      mayRequest: !s.recorded && !ex && mayOpen(me, EXEMPTION_PAGE),
      mayApprove: !s.recorded && !!ex && !ex.approvedAt && ex.requestedById !== me.userId && mayOpen(me, APPROVAL_PAGE),
    });
  }
  return rows;
}

/** What the two exemption pages show under their form: the step, what it needs, and the 未录制说明 so far. */
export async function exemptionSummary(deps: AppDeps, me: Actor, taskId: string): Promise<string[]> {
  const task = await deps.prisma.task.findUnique({ where: { id: taskId }, select: { id: true, kind: true, title: true, caseId: true, orgId: true, status: true } });
  if (!task || task.orgId !== me.orgId) return ['未找到该环节，或该环节不属于本单位'];
  const [row] = await recordingPanel(deps, me, [task]);
  if (!row) return [`环节“${task.title}”${task.status === 'OPEN' ? '不需要全过程音像记录' : '已办结或关闭'}`];
  const lines = [`环节：${row.title}（须有${row.label}的全过程音像记录，依据${row.source}）`, row.recorded ? '已关联本环节的录音或录像' : '尚未关联本环节的录音或录像'];
  if (row.exemption) {
    lines.push(`未录制原因：${row.exemption.reason}`, `情况说明：${row.exemption.explanation}`,
      `提交人：${row.exemption.requestedBy}`, row.exemption.approved ? '执法队长已批准' : '待执法队长批准');
  }
  return lines;
}
