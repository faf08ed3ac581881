import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../generated/prisma/client.ts';

export type { PrismaClient };

/** An API instance's connections (its queries are short; workers size theirs with dbPoolFor). */
export const API_POOL = 10;

export function createPrisma(connectionString: string, max = API_POOL): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString, max }) });
}
