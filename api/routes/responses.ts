import { z } from 'zod';
import { ROLES } from '../../rules/roles.ts';

// Success bodies of the JSON API, published in the OpenAPI and enforced by mount() (api/route.ts):
// each is what the client receives (dates as ISO strings), so a schema here is the contract itself.

export const isoDateTime = z.iso.datetime({ offset: true });
/** A Prisma BigInt as JSON carries it (api/route.ts onTheWire): a decimal string. */
export const bigintText = z.string().regex(/^-?\d+$/);

export const okBody = z.object({ ok: z.literal(true) });

export const issuedToken = z.object({ token: z.string(), expiresAt: isoDateTime });

export const actorBody = z.object({
  userId: z.string(), name: z.string(), orgId: z.string(), roles: z.array(z.enum(ROLES)),
  certified: z.boolean().describe('今天持有有效的行政执法证'), ip: z.string().optional(),
});

export const roleList = z.array(z.enum(ROLES));

/** A task as the case workflow holds it (workflows/messages.ts TaskView). */
export const taskView = z.object({
  id: z.string(), step: z.string(), kind: z.string(), title: z.string(), orgId: z.string(),
  candidateRoles: z.array(z.enum(ROLES)), claimedBy: z.string().optional(),
  status: z.enum(['OPEN', 'COMPLETED', 'EXPIRED', 'CANCELLED']), dueAt: isoDateTime.optional(),
  dueProvisional: z.boolean(), escalationLevel: z.number().int(),
});

/** What completing a task answered (workflows/messages.ts TaskResult). */
export const taskResult = z.object({
  taskId: z.string(), outcome: z.string(), data: z.record(z.string(), z.unknown()), completedBy: z.string(), completedAt: isoDateTime,
});

/** A row of the case read model (prisma/schema.prisma `Case`). */
export const caseRow = z.object({
  id: z.string(), orgId: z.string(), number: z.string().nullable(), procedure: z.string(), stage: z.string(), status: z.string(),
  partyKind: z.enum(['PERSON', 'ORG']), partyName: z.string(), partyIdNumber: z.string(), enterpriseId: z.string().nullable(),
  catalogItemId: z.string(), source: z.string(), facts: z.string(), occurredAt: isoDateTime, harmToLife: z.boolean(),
  registeredById: z.string(), registeredAt: isoDateTime, filedAt: isoDateTime.nullable(), closedAt: isoDateTime.nullable(),
  data: z.unknown(),
});

export const page = <T extends z.ZodType>(item: T) => z.object({
  items: z.array(item), total: z.number().int().min(0), page: z.number().int().min(1), pageSize: z.number().int().min(1),
});

/** A task row (prisma/schema.prisma `Task`), as the task API and the case page read it. */
export const taskRow = z.object({
  id: z.string(), workflowId: z.string(), step: z.string(), kind: z.string(), title: z.string(), orgId: z.string(), caseId: z.string().nullable(),
  candidateRoles: z.array(z.string()), allowedOutcomes: z.array(z.string()), payload: z.unknown(), status: z.string(),
  dueAt: isoDateTime.nullable(), effectiveDueAt: isoDateTime.nullable(), dueProvisional: z.boolean(), deadlineId: z.string().nullable(),
  claimedById: z.string().nullable(), escalationLevel: z.number().int(), warnedAt: isoDateTime.nullable(), escalatedAt: isoDateTime.nullable(),
  createdAt: isoDateTime, registeredAt: isoDateTime.nullable(), outcome: z.string().nullable(), result: z.unknown(),
  completedById: z.string().nullable(), completedAt: isoDateTime.nullable(),
  formVersion: z.number().int().min(1).describe('办理时适用的表单版本'),
});

/** How long a step has left, in working or calendar days as its deadline counts (api/services/deadline-view.ts). */
export const timeLeft = z.object({ days: z.number().int(), text: z.string(), overdue: z.boolean(), source: z.string().optional() });

/** A document as lists show it (its HTML is fetched from /documents/:id). */
export const documentSummary = z.object({
  id: z.string(), kind: z.string(), title: z.string(), number: z.string(), sha256: z.string(), issuedAt: isoDateTime,
});

export const orgName = z.object({ id: z.string(), name: z.string() });
