import { createHash, randomUUID } from 'node:crypto';
import type { PrismaClient } from '../generated/prisma/client.ts';
import { actionDateRefusal, dateTolerance } from '../rules/date-bounds.ts';
import { limitationExpired, limitationRule } from '../rules/limitation.ts';
import { isValidResidentId } from '../rules/resident-id.ts';
import type { ThresholdOverrides } from '../rules/thresholds.ts';
import { isValidUscc } from '../rules/uscc.ts';
import type { CaseInput } from '../workflows/case-input.ts';
import type { Actor } from '../workflows/messages.ts';
import { forbidden, invalid } from './errors.ts';

// Registering a case (立案登记): the checks and the workflow input, for the API and for the
// activity that opens a case from an inspection alike.

export interface RegistrationDeps {
  prisma: PrismaClient;
  /** The configured values of unconfirmed thresholds (infra/policy.ts), frozen into the case. */
  thresholdOverrides?: ThresholdOverrides;
}

export interface RegisterCase {
  party: CaseInput['party'];
  catalogItemId: string;
  source: CaseInput['source'];
  facts: string;
  occurredAt: string;
  /** 发现线索或者收到材料之日 (AB25 Art 34 ①); absent = now */
  receivedAt?: string;
  harmToLife: boolean;
}

// Same person + same Idempotency-Key = same case, however often the request is retried.
export const caseIdFor = (actor: Pick<Actor, 'userId'>, key?: string) => {
  if (!key) return randomUUID();
  const h = createHash('sha256').update(`${actor.userId}\u0000${key}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

/**
 * Validates a lead and builds the workflow input; shared by both procedures and by the case an
 * inspection opens (activities/inspections.ts), so each applies the same checks and freezes the
 * same configured thresholds into the case. Writes nothing.
 */
export async function prepareCase(deps: RegistrationDeps, actor: Actor, body: RegisterCase, idempotencyKey?: string) {
  if (!actor.certified) throw forbidden('登记案件需持有有效的行政执法证');
  const item = await deps.prisma.catalogItem.findUnique({ where: { code: body.catalogItemId } });
  if (!item) throw invalid(`执法事项 ${body.catalogItemId} 不在执法事项清单中`, { field: 'catalogItemId' });
  if (item.coercive) throw invalid(`执法事项 ${item.code} 是行政强制措施，不能作为行政处罚案件登记`, { field: 'catalogItemId' });
  if (body.party.kind === 'ORG' && !isValidUscc(body.party.idNumber)) {
    throw invalid(`统一社会信用代码 ${body.party.idNumber} 校验位不正确`, { field: 'party.idNumber' });
  }
  if (body.party.kind === 'PERSON' && !isValidResidentId(body.party.idNumber)) {
    throw invalid(`居民身份证号码 ${body.party.idNumber} 校验位不正确`, { field: 'party.idNumber' });
  }
  if (body.party.enterpriseId) {
    const ent = await deps.prisma.enterprise.findUnique({ where: { id: body.party.enterpriseId } });
    if (!ent) throw invalid(`生产经营单位 ${body.party.enterpriseId} 不存在`, { field: 'party.enterpriseId' });
  }
  const now = new Date();
  const occurred = new Date(body.occurredAt);
  const notYet = actionDateRefusal('registration.occurredAt', body.occurredAt, {}, now.getTime(), dateTolerance(deps.thresholdOverrides));
  if (notYet) throw invalid(notYet, { field: 'occurredAt' });
  if (body.receivedAt !== undefined) {
    const late = actionDateRefusal('registration.receivedAt', body.receivedAt, { occurredAt: body.occurredAt }, now.getTime(), dateTolerance(deps.thresholdOverrides));
    if (late) throw invalid(late, { field: 'receivedAt' });
  }
  if (limitationExpired(occurred, now, body.harmToLife)) {
    const rule = limitationRule(body.harmToLife);
    throw invalid(`违法行为已超过行政处罚时效（${rule.amount / 12}年，${rule.source.instrument}${rule.source.article}），不予立案`, { field: 'occurredAt' });
  }
  const org = await deps.prisma.org.findUniqueOrThrow({ where: { id: actor.orgId }, select: { kind: true, parentId: true } });
  if (org.kind !== 'COUNTY_BUREAU' && org.kind !== 'CITY_BUREAU') throw forbidden('只有应急管理部门可以立案');
  const input: CaseInput = {
    caseId: caseIdFor(actor, idempotencyKey), orgId: actor.orgId, orgLevel: org.kind === 'CITY_BUREAU' ? 'CITY' : 'COUNTY',
    parentOrgId: org.parentId ?? undefined, procedure: 'GENERAL', party: body.party, catalog: catalogView(item),
    source: body.source, facts: body.facts, occurredAt: occurred.toISOString(), harmToLife: body.harmToLife,
    ...(body.receivedAt !== undefined ? { receivedAt: new Date(body.receivedAt).toISOString() } : {}), registeredBy: actor.userId, registeredAt: now.toISOString(), ...(actor.ip ? { registeredFromIp: actor.ip } : {}),
    ...(deps.thresholdOverrides && Object.keys(deps.thresholdOverrides).length ? { thresholdOverrides: deps.thresholdOverrides } : {}),
  };
  return { input, item };
}

export const catalogView = (item: { code: string; name: string; fineMinFen: bigint | null; fineMaxFen: bigint | null; penaltyTypes: string[] }) => ({
  code: item.code, name: item.name, penaltyTypes: item.penaltyTypes,
  fineMinFen: item.fineMinFen === null ? null : Number(item.fineMinFen),
  fineMaxFen: item.fineMaxFen === null ? null : Number(item.fineMaxFen),
});
