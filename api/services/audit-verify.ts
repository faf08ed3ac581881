import { verifyAuditChainWith, type BreakKind } from '../../infra/audit-verify.ts';
import type { AppDeps } from '../deps.ts';

const KIND_LABELS: Record<BreakKind, string> = {
  PREV_HASH: '该记录的前一哈希（prevHash）与上一条记录的哈希不一致：其前面的记录被删除、插入或改动过',
  CONTENT: '该记录的内容与其哈希不一致：记录内容在写入后被改动过',
};

/** The same walk as `npm run audit:verify`, over the app's own connection, with the broken event for the page. */
export async function verifyAuditLog(deps: AppDeps) {
  const started = Date.now();
  const report = await verifyAuditChainWith((sql, params) => deps.prisma.$queryRawUnsafe(sql, ...params));
  const checkedAt = new Date().toISOString();
  const ms = Date.now() - started;
  if (report.ok || !report.firstBroken) return { ok: true as const, checked: report.checked, checkedAt, ms };
  const { id, kind } = report.firstBroken;
  const event = await deps.prisma.auditEvent.findUnique({
    where: { id: BigInt(id) },
    select: { id: true, at: true, action: true, actorKind: true, actorId: true, subjectType: true, subjectId: true, caseId: true, ip: true, prevHash: true, hash: true },
  });
  // A person, by name; the system and the workflows have none.
  const actor = event?.actorId ? await deps.prisma.user.findUnique({ where: { id: event.actorId }, select: { displayName: true } }) : null;
  return {
    ok: false as const, checked: report.checked, checkedAt, ms,
    firstBroken: { id, kind, reason: KIND_LABELS[kind], event: event ? { ...event, id: event.id.toString(), actorName: actor?.displayName ?? '' } : null },
  };
}
