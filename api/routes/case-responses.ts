import { z } from 'zod';
import { PROCEDURES } from '../../rules/task-forms.ts';
import { bigintText, caseRow, documentSummary, isoDateTime, taskRow, timeLeft } from './responses.ts';

// Success bodies of the case, task, queue, record, evidence and document routes, read off what
// their services return (api/services/*.ts); mount() holds every answer to them (api/route.ts).

const counts = { total: z.number().int().min(0), overdue: z.number().int().min(0), near: z.number().int().min(0) };

/** The work queue (api/services/queue.ts listQueue): a task row as the queue reads it, with its due date explained. */
export const queuePage = z.object({
  ...counts, page: z.number().int().min(1), pageSize: z.number().int().min(1),
  items: z.array(taskRow.pick({
    id: true, caseId: true, kind: true, title: true, status: true, dueAt: true, effectiveDueAt: true, dueProvisional: true, deadlineId: true,
    claimedById: true, escalationLevel: true, warnedAt: true, createdAt: true, registeredAt: true, allowedOutcomes: true,
  }).extend({
    procedure: z.enum(PROCEDURES).nullable(), procedureLabel: z.string(), stepLabel: z.string(), partyName: z.string().nullable(),
    due: z.object({
      at: isoDateTime.nullable(), source: z.enum(['STEP', 'CASE_DECISION']).nullable(), deadlineId: z.string().nullable(),
      provisional: z.boolean(), paused: z.boolean(),
    }),
    overdue: z.boolean(), near: z.boolean(), claimedByMe: z.boolean(), payload: z.record(z.string(), z.unknown()),
    caseNumber: z.string().nullable(), casePartyName: z.string().nullable(), claimedByName: z.string().nullable(),
  })),
});

export const queueCountsBody = z.object(counts);

/** A saved view of the queue (api/services/queue-views.ts present). */
export const savedQueueView = z.object({
  id: z.string(), name: z.string(), filters: z.record(z.string(), z.string()), query: z.string().describe('筛选条件的查询字符串'), updatedAt: isoDateTime,
});

/** The whole file of a case (api/services/cases.ts getCase). */
export const caseDetail = z.object({
  case: caseRow,
  orgName: z.string().optional(),
  catalogItem: z.object({ code: z.string(), name: z.string() }).nullable(),
  tasks: z.array(taskRow.extend({ left: timeLeft.nullable() })),
  documents: z.array(documentSummary),
  evidence: z.array(z.object({
    id: z.string(), kind: z.string(), description: z.string(), sha256: z.string(), fileName: z.string().nullable(), mimeType: z.string().nullable(),
    size: bigintText.nullable().describe('字节数'), collectedAt: isoDateTime, collectedById: z.string(), collectedByName: z.string().nullable(),
    taskId: z.string().nullable(), stepTitle: z.string().nullable(), recordId: z.string().nullable(), capturedAt: isoDateTime.nullable(),
    deviceId: z.string().nullable(), keptAt: z.string().nullable(), custodian: z.string().nullable(), downloads: z.number().int().min(0),
    // The chain of custody (issue 22): who uploaded it, from which device, and every later access.
    uploadedByName: z.string().nullable(), uploadedAt: isoDateTime.nullable(), uploadDeviceId: z.string().nullable(),
    accesses: z.array(z.object({ action: z.string(), by: z.string().nullable(), at: isoDateTime })),
  })),
  referrals: z.array(z.object({
    id: z.string(), toOrgId: z.string(), toOrgName: z.string(), status: z.string(), letterNumber: z.string().nullable(), hazard: z.string(),
    signDueAt: isoDateTime.nullable(), resultDueAt: isoDateTime.nullable(),
  })),
  transfers: z.array(z.object({
    id: z.string(), category: z.string(), categoryLabel: z.string(), status: z.string(), statusLabel: z.string(), letterNumber: z.string().nullable(),
  })),
  reconsiderations: z.array(z.object({
    id: z.string(), status: z.string(), statusText: z.string(), outcome: z.string().nullable(), outcomeText: z.string(), applicantName: z.string(),
    simplified: z.boolean(), receivedAt: isoDateTime, decidedAt: isoDateTime.nullable(), decisionDueAt: isoDateTime.nullable(),
    litigationDueAt: isoDateTime.nullable(), data: z.object({ caseReopened: z.boolean() }),
  })),
  timeline: z.array(z.object({
    id: z.string(), chain: z.string(), seq: bigintText, at: isoDateTime, action: z.string(), actorKind: z.string(), actorId: z.string().nullable(),
    actorName: z.string().nullable(), orgId: z.string().nullable(), ip: z.string().nullable(), caseId: z.string().nullable(), subjectType: z.string(),
    subjectId: z.string(), data: z.unknown(), prevHash: z.string(), hash: z.string(),
  })),
});

/** Steps near or past their legal limit (api/services/supervision.ts). */
export const deadlinesPage = z.object({
  total: z.number().int().min(0), overdue: z.number().int().min(0), page: z.number().int().min(1), pageSize: z.number().int().min(1),
  items: z.array(taskRow.pick({ id: true, kind: true, title: true, orgId: true, dueAt: true, escalationLevel: true, warnedAt: true }).extend({
    left: timeLeft.nullable(),
    case: z.object({ id: z.string(), number: z.string().nullable(), orgId: z.string(), partyName: z.string() }).nullable(),
  })),
});

/** A row of the enforcement catalog (prisma/schema.prisma `CatalogItem`). */
export const catalogItemRow = z.object({
  code: z.string(), name: z.string(), category: z.string(), penaltyTypes: z.array(z.string()), violationBasis: z.string(), penaltyBasis: z.string(),
  fineMinFen: bigintText.nullable(), fineMaxFen: bigintText.nullable(), summaryEligible: z.boolean(), delegable: z.boolean(), coercive: z.boolean(),
});

export const enterpriseRow = z.object({
  id: z.string(), orgId: z.string(), name: z.string(), uscc: z.string(), address: z.string(), industry: z.string(), legalRep: z.string(), riskLevel: z.string(),
});

const penalty = { penaltyTypes: z.array(z.string()), fineFen: z.number().int() };
/** What the case workflow answers of itself (workflows/messages.ts CaseState). */
export const caseStateBody = z.object({
  caseId: z.string(), stage: z.string(), status: z.enum(['OPEN', 'REJECTED', 'CLOSED', 'ARCHIVED']), number: z.string().optional(),
  filedAt: z.string().optional(),
  proposal: z.object({ ...penalty, circumstances: z.array(z.string()) }).optional(),
  decision: z.object({ ...penalty, number: z.string(), decidedAt: z.string(), noPenalty: z.boolean() }).optional(),
  decisionClock: z.object({ deadlineId: z.string(), dueAt: z.string().optional(), provisional: z.boolean(), paused: z.boolean() }).optional(),
  clockPauses: z.array(z.object({
    from: z.string(), to: z.string().optional(), kind: z.enum(['TESTING', 'HELD']), reason: z.string(),
    commission: z.object({
      number: z.string(), institution: z.string(), commissionedAt: z.string(), subject: z.string(), evidenceId: z.string().optional(),
    }).optional(),
    noticeNumber: z.string().optional(), approvedBy: z.string().optional(),
  })).optional(),
  clockPauseRequested: z.boolean().optional(), servedAt: z.string().optional(), paymentDueDay: z.string().optional(),
  paidFen: z.number().int(), holds: z.array(z.string()), fineBarred: z.string().optional(),
  jurisdiction: z.array(z.object({
    kind: z.enum(['TAKE_UP', 'ASSIGN']), fromOrgId: z.string(), toOrgId: z.string(), toOrgName: z.string(), reason: z.string(),
    decidedBy: z.string(), requestedBy: z.string().optional(), at: z.string(),
  })).optional(),
  takeUpRequested: z.boolean().optional(),
});

export const requested = z.object({ requested: z.literal(true) });

/** A record saved as a draft, or issued as a numbered document (api/services/records.ts). */
export const recordSaved = z.union([
  z.object({ recordId: z.string(), status: z.literal('DRAFT') }),
  z.object({ recordId: z.string(), status: z.literal('ISSUED'), id: z.string().describe('文书'), number: z.string(), title: z.string(), sha256: z.string() }),
]);

export const recordList = z.object({
  items: z.array(z.object({
    id: z.string(), kind: z.string(), kindLabel: z.string(), status: z.string(), documentId: z.string().nullable(), number: z.string().optional(),
    correctsId: z.string().nullable(), correctsNumber: z.string().optional(), updatedAt: isoDateTime,
    // A correcting record that is still a draft has no number yet: JSON carries it as null.
    correctedBy: z.array(z.string().nullable()),
  })),
});

export const recordContent = z.object({
  id: z.string(), kind: z.enum(['INTERVIEW_RECORD', 'INSPECTION_RECORD']), status: z.string(), data: z.record(z.string(), z.unknown()),
  documentId: z.string().nullable(), correctsId: z.string().nullable(),
});

export const evidenceAdded = z.object({ id: z.string(), sha256: z.string() });

/** A document's metadata and whether its stored HTML still matches its hash (api/routes/documents.ts). */
export const documentMeta = z.object({
  id: z.string(), kind: z.string(), series: z.string(), number: z.string(), title: z.string(), orgId: z.string(), caseId: z.string().nullable(),
  sha256: z.string(), issuedAt: isoDateTime, issuedById: z.string().nullable(), url: z.string(), verified: z.boolean(),
});
