import { randomUUID } from 'node:crypto';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import { createCounty, createStaff } from './own-county.ts';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const beijingDay = (t: number) => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(t);

/**
 * Known rows for the oversight dashboard in a county of their own (a new COUNTY_BUREAU under the city
 * bureau, with one township and a head who signs in with the demo password), so that exact figures
 * can be asserted while other tests write to the seeded orgs. Dates are relative to `now`; the
 * period is the 40 Beijing days up to today.
 */
export async function seedDashboardFixture(prisma: PrismaClient, now = Date.now()) {
  const tag = randomUUID().slice(0, 8);
  const county = `dash-${tag}`;
  const township = `dash-${tag}-town`;
  const from = beijingDay(now - 39 * DAY);
  const to = beijingDay(now);
  const start = new Date(`${from}T00:00:00+08:00`).getTime();
  const headUsername = `dash.${tag}.head`;

  await createCounty(prisma, { id: county, name: `测试县应急管理局${tag}`, shortName: `测试${tag}`, township: { id: township, name: `测试镇${tag}人民政府`, shortName: `测试镇${tag}` } });
  await createStaff(prisma, [{ id: `user-${headUsername}`, username: headUsername, displayName: '测试局长', orgId: county, roles: ['HEAD'], certified: false }]);
  const item = await prisma.catalogItem.findFirstOrThrow({ orderBy: { code: 'asc' }, select: { code: true, name: true } });

  const task = (i: string, d: Record<string, unknown>) => ({
    id: `${county}-task-${i}`, workflowId: `${county}-wf`, step: `s-${i}`, title: '测试环节', orgId: county, candidateRoles: ['HANDLER'],
    allowedOutcomes: ['OK'], status: 'OPEN', kind: 'INVESTIGATION', ...d,
  });
  const base = start + DAY; // created one day into the period
  await prisma.task.createMany({ data: [
    // Ten filing approvals completed after 1..10 hours, due after 5 h: mean 5.5 h, p90 9.1 h, 5 late.
    ...Array.from({ length: 10 }, (_, k) => task(`done-${k}`, {
      kind: 'FILING_APPROVAL', deadlineId: 'FILING_DECISION', status: 'COMPLETED', createdAt: new Date(base),
      completedAt: new Date(base + (k + 1) * HOUR), dueAt: new Date(base + 5 * HOUR),
    })),
    // Completed before the period, and cancelled: neither counts.
    task('old', { kind: 'FILING_APPROVAL', deadlineId: 'FILING_DECISION', status: 'COMPLETED', createdAt: new Date(start - 3 * DAY), completedAt: new Date(start - DAY) }),
    task('cancelled', { kind: 'FILING_APPROVAL', status: 'CANCELLED', createdAt: new Date(base), completedAt: new Date(base + HOUR) }),
    // Open steps: two overdue in the county, one due tomorrow in the township, one far off.
    task('over-1', { dueAt: new Date(now - HOUR) }),
    task('over-2', { dueAt: new Date(now - 2 * DAY) }),
    task('near', { orgId: township, kind: 'DELEGATED_MATTER', dueAt: new Date(now + DAY) }),
    task('far', { dueAt: new Date(now + 10 * DAY) }),
    // Escalated: one open now (level 2), one escalated in the period and since completed.
    task('esc-open', { kind: 'DECISION', escalationLevel: 2, escalatedAt: new Date(now - 2 * DAY) }),
    task('esc-done', { kind: 'DECISION', escalationLevel: 1, escalatedAt: new Date(base), status: 'COMPLETED', createdAt: new Date(base - HOUR), completedAt: new Date(base + HOUR) }),
  ] });

  const kase = (i: string, d: Record<string, unknown>) => ({
    id: `${county}-case-${i}`, orgId: county, procedure: 'GENERAL', stage: 'INVESTIGATION', status: 'OPEN', partyKind: 'ORG',
    partyName: `测试企业${i}`, partyIdNumber: '91530400MA000000X0', catalogItemId: item.code, source: 'INSPECTION', facts: '测试',
    occurredAt: new Date(start), registeredById: `user-${headUsername}`, ...d,
  });
  const decided = (fen: number) => ({ state: { decision: { penaltyTypes: ['FINE'], fineFen: fen, noPenalty: false } } });
  await prisma.case.createMany({ data: [
    kase('a', { filedAt: new Date(start + 2 * DAY) }),
    kase('b', { filedAt: new Date(start + 2 * DAY) }),
    kase('c', { stage: 'DECISION', filedAt: new Date(start + 35 * DAY) }),
    kase('d', { stage: 'EXECUTION', status: 'CLOSED', filedAt: new Date(start - 10 * DAY), data: decided(100_000) }),
    kase('e', { stage: 'EXECUTION', status: 'CLOSED', filedAt: new Date(start - 10 * DAY), data: decided(250_050) }),
    kase('f', { stage: 'CLOSED', status: 'CLOSED', filedAt: new Date(start - 10 * DAY), data: decided(50_000) }),
  ] });
  const disclosure = (i: string, at: number, withdrawn = false) => ({
    id: `${county}-disc-${i}`, caseId: `${county}-case-${i}`, orgId: county, decisionNumber: `测试罚〔${i}〕号`, partyName: `测试企业${i}`,
    catalogItemId: item.code, facts: '测试', penalty: '罚款', basis: '测试', decidedAt: new Date(at), ...(withdrawn ? { withdrawnAt: new Date(now), withdrawReason: '复议撤销' } : {}),
  });
  await prisma.disclosure.createMany({ data: [disclosure('d', start + 3 * DAY), disclosure('e', start + 36 * DAY), disclosure('f', start + 36 * DAY, true)] });

  const recon = (i: string, outcome: string, at: number) => ({
    id: `${county}-recon-${i}`, caseId: `${county}-case-d`, organId: 'yx-gov', respondentOrgId: county, decisionNumber: '测试罚〔d〕号',
    applicantName: '测试企业d', via: 'ORGAN', status: 'DECIDED', receivedAt: new Date(at - 20 * DAY), decidedAt: new Date(at), outcome,
  });
  await prisma.reconsideration.createMany({ data: [
    recon('1', 'UPHOLD', base), recon('2', 'UPHOLD', base), recon('3', 'UPHOLD', base), recon('4', 'REVOKE', base),
    recon('5', 'REVOKE', start - DAY), // decided before the period
  ] });

  const matter = (i: string, d: Record<string, unknown>) => ({
    id: `${county}-matter-${i}`, delegationId: `${county}-delegation`, countyOrgId: county, townshipOrgId: township, catalogItemCode: item.code,
    partyName: `测试商户${i}`, location: '测试', facts: '测试', status: 'CLOSED', closedAt: new Date(base), ...d,
  });
  await prisma.delegatedMatter.createMany({ data: [
    matter('1', { reviewResult: 'PASSED' }), matter('2', { reviewResult: 'PASSED' }), matter('3', { reviewResult: 'FAILED', correctedAt: new Date(base + DAY) }),
    matter('4', { overdue: true }), matter('5', { status: 'OPEN', closedAt: null }),
  ] });

  await prisma.transfer.createMany({ data: ['DELIVERED', 'DELIVERED', 'FILED'].map((status, i) => ({
    id: `${county}-transfer-${i}`, fromOrgId: county, psbOrgId: 'yx-psb', procuratorateOrgId: 'yx-procuratorate', category: 'DANGEROUS_OPERATION',
    status, partyName: '测试企业', overdueSteps: i === 0 ? 1 : 0, createdAt: new Date(base),
  })) });
  await prisma.referral.create({ data: {
    id: `${county}-referral`, fromOrgId: county, toOrgId: 'yx-dept-samr', hazard: '测试', location: '测试', reason: '测试', status: 'SENT', createdAt: new Date(base),
  } });

  const escalation = (i: string, level: number, raisedAt: number, outcome?: string) => ({
    id: `${county}-esc-${i}`, taskId: `${county}-task-esc-open`, workflowId: `${county}-wf`, orgId: county, toOrgId: county, toRole: 'HEAD', level,
    step: 's-esc', kind: 'DECISION', dueAt: new Date(raisedAt - HOUR), raisedAt: new Date(raisedAt),
    ...(outcome ? { outcome, resolvedAt: new Date(raisedAt + HOUR) } : {}),
  });
  // Raised in the period: one reassigned, one passed up, one still waiting; and one from before the period, still waiting.
  await prisma.escalation.createMany({ data: [
    escalation('1', 1, base, 'REASSIGNED'), escalation('2', 1, base, 'ESCALATED'), escalation('3', 2, now - 2 * DAY), escalation('4', 3, start - 5 * DAY),
  ] });

  return { county, township, countyName: `测试${tag}`, townshipName: `测试镇${tag}`, headUsername, from, to, start, item };
}
export type DashboardFixture = Awaited<ReturnType<typeof seedDashboardFixture>>;
