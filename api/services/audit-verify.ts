import { verifyAuditChainWith, type BreakKind } from '../../infra/audit-verify.ts';
import type { AppDeps } from '../deps.ts';

const KIND_LABELS: Record<BreakKind, string> = {
  PREV_HASH: '该记录的前一哈希（prevHash）与本单位链条上一条记录的哈希不一致：其前面的记录被删除、插入或改动过',
  CONTENT: '该记录的内容与其哈希不一致：记录内容在写入后被改动过',
  GAP: '本单位链条在该记录之前缺少记录（序号不连续）：其前面的记录被删除过',
  MISSING: '链头、锚定根或上次校验记载的记录已不存在：链条末尾被截去或整条链被删除',
  REWRITTEN: '该记录与锚定根或上次校验记载的哈希不一致：链条在校验后被整体改写过',
  HEAD: '链头与本单位链条的最后一条记录不一致：链头被改动过',
  ANCHOR: '锚定根记录被改动，或锚定根之间的链条断开',
};

/**
 * The same check as `npm run audit:verify`, over the app's own connection: incremental from each
 * chain's checkpoint unless `full`, with the broken event and its org for the page.
 */
export async function verifyAuditLog(deps: AppDeps, opts: { full?: boolean } = {}) {
  const started = Date.now();
  const report = await verifyAuditChainWith((sql, params) => deps.prisma.$queryRawUnsafe(sql, ...params), { full: opts.full ?? false });
  const checkedAt = new Date().toISOString();
  const ms = Date.now() - started;
  const summary = { checked: report.checked, chains: report.chains.length, anchors: report.anchorsChecked, full: report.full, checkedAt, ms };
  if (report.ok || !report.firstBroken) return { ok: true as const, ...summary };
  const { id, kind, chain, seq } = report.firstBroken;
  const event = id ? await deps.prisma.auditEvent.findUnique({
    where: { id: BigInt(id) },
    select: { id: true, at: true, action: true, actorKind: true, actorId: true, subjectType: true, subjectId: true, caseId: true, ip: true, prevHash: true, hash: true },
  }) : null;
  // A person, by name; the system and the workflows have none.
  const actor = event?.actorId ? await deps.prisma.user.findUnique({ where: { id: event.actorId }, select: { displayName: true } }) : null;
  const org = chain ? await deps.prisma.org.findUnique({ where: { id: chain }, select: { name: true } }) : null;
  const brokenChains = report.chains.filter((c) => !c.ok).length;
  return {
    ok: false as const, ...summary, brokenChains,
    firstBroken: {
      id, kind, chain, seq, anchor: kind === 'ANCHOR', orgName: chain === '' ? '系统（无所属单位）' : org?.name ?? '（已不存在的单位）', reason: KIND_LABELS[kind],
      event: event ? { ...event, id: event.id.toString(), actorName: actor?.displayName ?? '' } : null,
    },
  };
}
