import pg from 'pg';

export type BreakKind = 'PREV_HASH' | 'CONTENT';
export interface ChainReport { ok: boolean; checked: number; firstBroken?: { id: string; kind: BreakKind; reason: string } }

interface Link { id: string; prevHash: string; hash: string; recomputed: string }
/** Runs one parameterised query ($1, $2 …) and returns its rows: a pg client or Prisma's $queryRawUnsafe. */
export type ChainQuery = (sql: string, params: unknown[]) => Promise<Link[]>;

const REASONS: Record<BreakKind, string> = {
  PREV_HASH: 'prevHash does not match the previous event',
  CONTENT: 'content does not match its hash',
};

const BATCH_SQL = `SELECT e."id"::text AS id, e."prevHash", e."hash", audit_event_digest(e."prevHash", e) AS recomputed
  FROM "AuditEvent" e WHERE e."id" > $1::bigint ORDER BY e."id" LIMIT $2::int`;

/**
 * Walks the audit log in id order and recomputes every link with the same SQL digest
 * the insert trigger used (audit_event_digest), reporting the first broken link. The command
 * (npm run audit:verify) and the page (/audit/verify) both run this.
 */
export async function verifyAuditChainWith(query: ChainQuery, batch = 5000): Promise<ChainReport> {
  let prev = '';
  let after = '0';
  let checked = 0;
  for (;;) {
    const rows = await query(BATCH_SQL, [after, batch]);
    if (rows.length === 0) return { ok: true, checked };
    for (const r of rows) {
      const kind: BreakKind | undefined = r.prevHash !== prev ? 'PREV_HASH' : r.recomputed !== r.hash ? 'CONTENT' : undefined;
      if (kind) return { ok: false, checked, firstBroken: { id: r.id, kind, reason: REASONS[kind] } };
      prev = r.hash;
      checked += 1;
    }
    after = rows[rows.length - 1].id;
  }
}

export async function verifyAuditChain(db: string | pg.ClientBase, batch = 5000): Promise<ChainReport> {
  const client = typeof db === 'string' ? new pg.Client({ connectionString: db }) : db;
  if (typeof db === 'string') await client.connect();
  try {
    return await verifyAuditChainWith(async (sql, params) => (await client.query<Link>(sql, params)).rows, batch);
  } finally {
    if (typeof db === 'string') await (client as pg.Client).end();
  }
}
