import { randomUUID } from 'node:crypto';
import { Prisma } from '../../generated/prisma/client.ts';
import { reminderDays } from '../../store/certificate-reminders.ts';
import { shanghaiDate } from '../../rules/iso-date.ts';
import { ROLE_LABELS, type Role } from '../../rules/roles.ts';
import {
  CERTIFICATE_STATUS_LABELS, QUALIFIED_SHARE_TARGET, certificateStatus, currentCertificate, isOfficer, qualifiedShare,
} from '../../rules/workforce.ts';
import { appendAudit } from '../../store/audit.ts';
import { overseenOrgIds } from '../../store/visibility.ts';
import type { Actor } from '../../workflows/messages.ts';
import type { AppDeps } from '../deps.ts';
import { invalid, notFound } from '../errors.ts';

// 执法队伍: certificates with their status, the qualification share against the plan's target,
// and training records. A county head sees their bureau and the townships it supervises
// (委托执法); the city supervisor every enforcing org of the city's subtree (store/visibility.ts).
const ENFORCING_KINDS = ['CITY_BUREAU', 'COUNTY_BUREAU', 'TOWNSHIP', 'DEV_ZONE'];
const isoDay = (d: Date) => d.toISOString().slice(0, 10);

async function orgsInScope(deps: AppDeps, actor: Actor) {
  const where: Prisma.OrgWhereInput = { id: { in: await overseenOrgIds(deps.prisma, actor) }, kind: { in: ENFORCING_KINDS } };
  return deps.prisma.org.findMany({ where, select: { id: true, name: true, kind: true, parentId: true }, orderBy: [{ regionCode: 'asc' }, { id: 'asc' }] });
}

export async function workforceOverview(deps: AppDeps, actor: Actor, now = new Date()) {
  const today = shanghaiDate(now);
  const orgs = await orgsInScope(deps, actor);
  const yearStart = new Date(`${today.slice(0, 4)}-01-01T00:00:00Z`);
  const [users, hours, remindFrom] = await Promise.all([
    deps.prisma.user.findMany({
      where: { orgId: { in: orgs.map((o) => o.id) }, active: true },
      select: { id: true, displayName: true, orgId: true, roles: true, active: true, qualifications: true,
        certificates: { select: { id: true, number: true, issuer: true, validFrom: true, validUntil: true, revokedAt: true } } },
      orderBy: [{ orgId: 'asc' }, { username: 'asc' }],
    }),
    deps.prisma.training.groupBy({ by: ['userId'], where: { orgId: { in: orgs.map((o) => o.id) }, date: { gte: yearStart } }, _sum: { hours: true } }),
    reminderDays(deps.prisma, deps.deadlineOverrides),
  ]);
  const hoursOf = new Map(hours.map((h) => [h.userId, Number(h._sum.hours ?? 0)]));
  const officers = users.filter(isOfficer).map((u) => {
    const certs = u.certificates.map((c) => ({ ...c, validFrom: isoDay(c.validFrom), validUntil: isoDay(c.validUntil), revoked: c.revokedAt !== null }));
    const cert = currentCertificate(certs, today);
    const status = certificateStatus(cert, today, cert ? remindFrom(cert.validUntil) : undefined);
    return {
      userId: u.id, name: u.displayName, orgId: u.orgId, roles: u.roles.map((r) => ROLE_LABELS[r as Role] ?? r).join('、'),
      qualifications: u.qualifications, qualified: u.qualifications.some((q) => q.trim() !== ''),
      certificate: cert ? { number: cert.number, issuer: cert.issuer, validFrom: cert.validFrom, validUntil: cert.validUntil } : null,
      status, statusText: CERTIFICATE_STATUS_LABELS[status], mayAct: status === 'VALID' || status === 'EXPIRING',
      trainingHoursThisYear: hoursOf.get(u.id) ?? 0,
    };
  });
  const byOrg = orgs.map((o) => {
    const mine = officers.filter((x) => x.orgId === o.id);
    return { orgId: o.id, name: o.name, ...qualifiedShare(mine), expired: mine.filter((x) => !x.mayAct).length, expiring: mine.filter((x) => x.status === 'EXPIRING').length };
  }).filter((o) => o.officers > 0);
  return {
    asOf: today, target: QUALIFIED_SHARE_TARGET, total: qualifiedShare(officers), byOrg,
    officers: officers.map((x) => ({ ...x, orgName: orgs.find((o) => o.id === x.orgId)?.name ?? x.orgId })),
  };
}

export interface TrainingInput { userId: string; course: string; hours: number; date: string }

async function userInScope(deps: AppDeps, actor: Actor, userId: string) {
  const user = await deps.prisma.user.findUnique({ where: { id: userId }, select: { id: true, orgId: true, displayName: true, active: true } });
  const orgs = await orgsInScope(deps, actor);
  if (!user || !orgs.some((o) => o.id === user.orgId)) throw notFound('执法人员');
  return user;
}

/** A training record; the same officer, course and day is the same record, so a repeat changes nothing. */
export async function recordTraining(deps: AppDeps, actor: Actor, t: TrainingInput) {
  const user = await userInScope(deps, actor, t.userId);
  if (!user.active) throw invalid(`${user.displayName}已停用，不能登记培训`);
  if (t.date > shanghaiDate(new Date())) throw invalid('培训日期不能晚于今天');
  const date = new Date(`${t.date}T00:00:00Z`);
  return deps.prisma.$transaction(async (tx) => {
    const existing = await tx.training.findUnique({ where: { userId_course_date: { userId: t.userId, course: t.course, date } } });
    if (existing) {
      if (Number(existing.hours) !== t.hours) throw invalid(`该人员${t.date}的“${t.course}”已登记为${Number(existing.hours)}学时，不能重复登记为不同学时`);
      return { created: false, training: view(existing) };
    }
    const row = await tx.training.create({ data: {
      id: randomUUID(), userId: t.userId, orgId: user.orgId, course: t.course, hours: new Prisma.Decimal(t.hours), date, recordedById: actor.userId,
    } });
    await appendAudit(tx, { actorKind: 'USER', actorId: actor.userId, ip: actor.ip ?? null, action: 'training.recorded', subjectType: 'User', subjectId: t.userId,
      orgId: user.orgId, data: { trainingId: row.id, course: t.course, hours: t.hours, date: t.date } });
    return { created: true, training: view(row) };
  });
}

const view = (t: { id: string; userId: string; orgId: string; course: string; hours: Prisma.Decimal; date: Date; recordedById: string; createdAt: Date }) =>
  ({ ...t, hours: Number(t.hours), date: isoDay(t.date) });

export async function listTrainings(deps: AppDeps, actor: Actor, q: { userId?: string; year?: number }) {
  const orgs = await orgsInScope(deps, actor);
  if (q.userId) await userInScope(deps, actor, q.userId);
  const rows = await deps.prisma.training.findMany({
    where: {
      orgId: { in: orgs.map((o) => o.id) }, ...(q.userId ? { userId: q.userId } : {}),
      ...(q.year ? { date: { gte: new Date(`${q.year}-01-01T00:00:00Z`), lt: new Date(`${q.year + 1}-01-01T00:00:00Z`) } } : {}),
    },
    orderBy: [{ date: 'desc' }, { id: 'asc' }], take: 500,
  });
  const names = new Map((await deps.prisma.user.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.userId))] } }, select: { id: true, displayName: true } }))
    .map((u) => [u.id, u.displayName]));
  return { items: rows.map((r) => ({ ...view(r), name: names.get(r.userId) ?? r.userId })) };
}
