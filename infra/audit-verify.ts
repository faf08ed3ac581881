import pg from 'pg';

export interface ChainReport { ok: boolean; checked: number; firstBroken?: { id: string; reason: string } }

/**
 * Walks the audit log in id order and recomputes every link with the same SQL digest
 * the insert trigger used (audit_event_digest), reporting the first broken link.
 */
export async function verifyAuditChain(db: string | pg.ClientBase, batch = 5000): Promise<ChainReport> {
  const client = typeof db === 'string' ? new pg.Client({ connectionString: db }) : db;
  if (typeof db === 'string') await client.connect();
  try {
    let prev = '';
    let after = '0';
    let checked = 0;
    for (;;) {
      const { rows } = await client.query<{ id: string; prevHash: string; hash: string; recomputed: string }>(
        `SELECT e."id"::text AS id, e."prevHash", e."hash", audit_event_digest(e."prevHash", e) AS recomputed
         FROM "AuditEvent" e WHERE e."id" > $1 ORDER BY e."id" LIMIT $2`, [after, batch]);
      if (rows.length === 0) return { ok: true, checked };
      for (const r of rows) {
        if (r.prevHash !== prev) return { ok: false, checked, firstBroken: { id: r.id, reason: 'prevHash does not match the previous event' } };
        if (r.recomputed !== r.hash) return { ok: false, checked, firstBroken: { id: r.id, reason: 'content does not match its hash' } };
        prev = r.hash;
        checked += 1;
      }
      after = rows[rows.length - 1].id;
    }
  } finally {
    if (typeof db === 'string') await (client as pg.Client).end();
  }
}
