import type { PrismaClient } from '../generated/prisma/client.ts';
import { anchorAuditChainsWith } from '../infra/audit-verify.ts';

export function auditActivities(prisma: PrismaClient) {
  return {
    /** The daily root over every org's audit chain head (docs/audit-chain.md); a second run the same day only adds another anchor. */
    async anchorAuditChains(): Promise<{ anchorId: string }> {
      return { anchorId: await anchorAuditChainsWith((sql, params) => prisma.$queryRawUnsafe(sql, ...params)) };
    },
  };
}
