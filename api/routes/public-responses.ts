import { z } from 'zod';
import { isoDateTime, orgName } from './responses.ts';

// Success bodies of the public pages' JSON (api/routes/public.ts), read off api/services/public-disclosure.ts.

const itemName = z.object({ code: z.string(), name: z.string() });

export const disclosurePage = z.object({
  items: z.array(z.object({
    id: z.string(), orgId: z.string(), orgName: z.string(), decisionNumber: z.string(), partyName: z.string(), catalogItemId: z.string(),
    itemName: z.string(), facts: z.string(), penalty: z.string(), basis: z.string(), decidedAt: isoDateTime, publishedAt: isoDateTime,
  })),
  withdrawn: z.array(z.object({
    id: z.string(), orgId: z.string(), orgName: z.string(), decisionNumber: z.string(), withdrawnAt: isoDateTime.nullable(), withdrawReason: z.string().nullable(),
  })),
  total: z.number().int().min(0), page: z.number().int().min(1), pages: z.number().int().min(1), multiPage: z.boolean(),
  orgs: z.array(orgName), catalog: z.array(itemName),
});

/** A legal time limit as the public reads it: what, how long, and the instrument and article. */
const limit = z.object({ id: z.string(), label: z.string(), period: z.string(), source: z.string() });
const step = z.object({ step: z.string(), limit: limit.nullable() });

export const enforcementCatalogBody = z.object({
  orgs: z.array(orgName),
  items: z.array(itemName.extend({
    category: z.string(), violationBasis: z.string(), penaltyBasis: z.string(), penalties: z.string(),
    fineMinFen: z.number().int().nullable(), fineMaxFen: z.number().int().nullable(), summaryEligible: z.boolean(),
  })),
  procedure: z.object({ general: z.array(step), summary: z.array(step), remedies: z.array(step.extend({ limit })) }),
});
