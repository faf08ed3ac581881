import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createPrisma, type PrismaClient } from '../../infra/db.ts';
import { anchorAuditChainsWith, verifyAuditChain } from '../../infra/audit-verify.ts';
import { appendAudits } from '../../store/audit.ts';

// 执法全过程记录 chained per org (docs/audit-chain.md). Each test writes to chains of orgs of its
// own (the org id is only the chain's key here); tampering happens inside a transaction that is
// rolled back, so other tests keep intact chains.
describe('audit log chained per org', () => {
  const url = inject('databaseUrl');
  const run = `${Date.now()}`;
  const org = (name: string) => `audit-test-${run}-${name}`;
  const clients: pg.Client[] = [];
  let client: pg.Client;
  let prisma: PrismaClient;
  const connect = async () => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    clients.push(c);
    return c;
  };
  beforeAll(async () => {
    client = await connect();
    prisma = createPrisma(url, 2);
  });
  afterAll(async () => {
    for (const c of clients) await c.end().catch(() => undefined);
    await prisma?.$disconnect();
  });

  const insert = (orgId: string | null, action: string, db: pg.ClientBase = client) => db.query<{ id: string }>(
    `INSERT INTO "AuditEvent" ("actorKind", action, "subjectType", "subjectId", "orgId", data) VALUES ('SYSTEM', $1, 'Test', $2, $3, '{"k":1}') RETURNING id::text`,
    [action, run, orgId]).then((r) => r.rows[0]!.id);
  const chainOf = (orgId: string) => client.query<{ id: string; seq: string; prevHash: string; hash: string }>(
    `SELECT id::text, seq::text, "prevHash", hash FROM "AuditEvent" WHERE chain = $1 ORDER BY seq`, [orgId]).then((r) => r.rows);
  /** Changes rows behind the guards, as a superuser could; the caller is inside a transaction it rolls back. */
  const behindGuards = async (db: pg.ClientBase, sql: string, params: unknown[]) => {
    await db.query('ALTER TABLE "AuditEvent" DISABLE TRIGGER audit_event_append_only');
    await db.query('ALTER TABLE "AuditChainHead" DISABLE TRIGGER audit_chain_head_kept');
    await db.query(sql, params);
    await db.query('ALTER TABLE "AuditEvent" ENABLE TRIGGER audit_event_append_only');
    await db.query('ALTER TABLE "AuditChainHead" ENABLE TRIGGER audit_chain_head_kept');
  };

  it('numbers each org its own chain, links every insert to the previous one of its org, and refuses UPDATE and DELETE', async () => {
    const [a, b] = [org('a'), org('b')];
    await insert(a, 'test.one');
    await insert(b, 'test.one');
    await insert(a, 'test.two');
    await insert(null, 'test.system');
    const chainA = await chainOf(a);
    expect(chainA.map((r) => r.seq)).toEqual(['1', '2']);
    expect(chainA[0]!.prevHash).toBe('');
    expect(chainA[1]!.prevHash).toBe(chainA[0]!.hash);
    expect((await chainOf(b)).map((r) => [r.seq, r.prevHash])).toEqual([['1', '']]);
    const head = (await client.query('SELECT seq::text, hash FROM "AuditChainHead" WHERE chain = $1', [a])).rows[0];
    expect(head).toEqual({ seq: '2', hash: chainA[1]!.hash });
    await expect(client.query(`UPDATE "AuditEvent" SET action = 'x' WHERE "subjectId" = $1`, [run])).rejects.toThrow(/append-only/);
    await expect(client.query(`DELETE FROM "AuditEvent" WHERE "subjectId" = $1`, [run])).rejects.toThrow(/append-only/);
    await expect(client.query(`DELETE FROM "AuditChainHead" WHERE chain = $1`, [a])).rejects.toThrow(/append-only/);
    const report = await verifyAuditChain(url, { full: true });
    expect(report.firstBroken).toBeUndefined();
    expect(report.chains.find((c) => c.chain === a)).toMatchObject({ ok: true, to: '2' });
  });

  it('appendAudits writes a step\'s events in one statement, each on its own org\'s chain in the order given', async () => {
    const [a, b] = [org('many-a'), org('many-b')];
    await prisma.$transaction((tx) => appendAudits(tx, [
      { actorKind: 'WORKFLOW', action: 'test.first', subjectType: 'Test', subjectId: run, orgId: a },
      { actorKind: 'WORKFLOW', action: 'test.second', subjectType: 'Test', subjectId: run, orgId: a, data: { n: 2 } },
      { actorKind: 'WORKFLOW', action: 'test.other', subjectType: 'Test', subjectId: run, orgId: b },
    ]));
    const rows = await client.query(`SELECT action, chain, seq::text FROM "AuditEvent" WHERE chain IN ($1, $2) ORDER BY id`, [a, b]);
    expect(rows.rows).toEqual([
      { action: 'test.first', chain: a, seq: '1' }, { action: 'test.second', chain: a, seq: '2' }, { action: 'test.other', chain: b, seq: '1' },
    ]);
    const report = await verifyAuditChain(url);
    expect(report.chains.filter((c) => c.chain === a || c.chain === b).map((c) => c.ok)).toEqual([true, true]);
  });

  it('names the exact row a tamperer changed in one org\'s chain while the other orgs\' chains verify', async () => {
    const [victimOrg, other] = [org('victim'), org('other')];
    await insert(victimOrg, 'test.before');
    const victim = await insert(victimOrg, 'test.victim');
    await insert(victimOrg, 'test.after');
    await insert(other, 'test.other');
    await client.query('BEGIN');
    try {
      await behindGuards(client, `UPDATE "AuditEvent" SET data = '{"k":2}' WHERE id = $1::bigint`, [victim]);
      const full = await verifyAuditChain(client, { full: true }); // inside the tamperer's transaction
      expect(full.ok).toBe(false);
      expect(full.firstBroken).toMatchObject({ id: victim, chain: victimOrg, seq: '2', kind: 'CONTENT' });
      expect(full.chains.filter((c) => !c.ok).map((c) => c.chain)).toEqual([victimOrg]);
      expect(full.chains.find((c) => c.chain === other)).toMatchObject({ ok: true, to: '1' });
    } finally {
      await client.query('ROLLBACK');
    }
  });

  it('finds a cut tail and a chain deleted whole through the anchors, even with the heads and checkpoints set back', async () => {
    const [cut, gone] = [org('cut'), org('gone')];
    for (const n of [1, 2, 3]) await insert(cut, `test.cut.${n}`);
    await insert(gone, 'test.gone');
    const anchorId = await anchorAuditChainsWith(async (sql, p) => (await client.query(sql, p)).rows);
    expect((await client.query('SELECT heads->$2 AS head FROM "AuditAnchor" WHERE id = $1::bigint', [anchorId, cut])).rows[0].head).toMatchObject({ seq: 3 });
    await verifyAuditChain(url); // checkpoints now at the ends of both chains
    const [one, two] = await chainOf(cut);
    await client.query('BEGIN');
    try {
      // The tail (seq 3) goes, and the head and checkpoint are set back to seq 2, as a careful tamperer would.
      await behindGuards(client, `DELETE FROM "AuditEvent" WHERE chain = $1 AND seq = 3`, [cut]);
      await client.query(`UPDATE "AuditChainHead" SET seq = 2, hash = $2 WHERE chain = $1`, [cut, two!.hash]);
      await client.query(`UPDATE "AuditCheckpoint" SET seq = 2, hash = $2 WHERE kind = 'EVENTS' AND chain = $1`, [cut, two!.hash]);
      // The other chain is deleted whole, its head and checkpoint with it.
      await behindGuards(client, `DELETE FROM "AuditEvent" WHERE chain = $1`, [gone]);
      await behindGuards(client, `DELETE FROM "AuditChainHead" WHERE chain = $1`, [gone]);
      await client.query(`DELETE FROM "AuditCheckpoint" WHERE chain = $1`, [gone]);
      for (const full of [false, true]) {
        const report = await verifyAuditChain(client, { full, saveCheckpoints: false });
        expect(report.ok, `full: ${full}`).toBe(false);
        expect(report.chains.find((c) => c.chain === cut)?.broken, `full: ${full}`).toMatchObject({ kind: 'MISSING', seq: '3', id: null });
        expect(report.chains.find((c) => c.chain === gone)?.broken, `full: ${full}`).toMatchObject({ kind: 'MISSING', seq: '1', id: null });
      }
    } finally {
      await client.query('ROLLBACK');
    }
    expect(one!.seq).toBe('1');
  });

  it('reports an anchor altered after it was taken', async () => {
    await insert(org('anchored'), 'test.anchored');
    const anchorId = await anchorAuditChainsWith(async (sql, p) => (await client.query(sql, p)).rows);
    await client.query('BEGIN');
    try {
      await client.query('ALTER TABLE "AuditAnchor" DISABLE TRIGGER audit_anchor_append_only');
      await client.query(`UPDATE "AuditAnchor" SET heads = heads - $2 WHERE id = $1::bigint`, [anchorId, org('anchored')]);
      await client.query('ALTER TABLE "AuditAnchor" ENABLE TRIGGER audit_anchor_append_only');
      const report = await verifyAuditChain(client, { full: true, saveCheckpoints: false });
      expect(report.firstBroken).toMatchObject({ kind: 'ANCHOR', seq: anchorId, id: null });
    } finally {
      await client.query('ROLLBACK');
    }
  });

  it('lets another org write while one org\'s transaction holds its chain open, and makes a writer of the same org wait', async () => {
    const [held, free] = [org('held'), org('free')];
    const holder = await connect();
    const other = await connect();
    const sameOrg = await connect();
    await insert(held, 'test.first'); // the chain and its head row exist: the usual case
    await holder.query('BEGIN');
    try {
      await insert(held, 'test.held', holder); // held's head row stays locked until holder ends
      // A bounded wait: were the other org's write queued behind the open transaction, it would fail here.
      await other.query(`SET lock_timeout = '10s'`);
      const id = await insert(free, 'test.free', other);
      expect((await client.query('SELECT chain FROM "AuditEvent" WHERE id = $1::bigint', [id])).rows[0]).toEqual({ chain: free });
      // Still open and uncommitted: nobody else sees held's event yet.
      expect((await holder.query('SELECT txid_current_if_assigned() IS NOT NULL AS open')).rows[0].open).toBe(true);
      expect((await client.query('SELECT count(*)::int AS n FROM "AuditEvent" WHERE chain = $1', [held])).rows[0].n).toBe(1);
      // The same org's chain is locked: its writer waits (and gives up at its lock timeout).
      await sameOrg.query(`SET lock_timeout = '300ms'`);
      await expect(insert(held, 'test.queued', sameOrg)).rejects.toThrow(/lock timeout/);
      await holder.query('COMMIT');
    } catch (err) {
      await holder.query('ROLLBACK');
      throw err;
    }
    expect((await chainOf(held)).map((r) => r.seq)).toEqual(['1', '2']);
  });

  it('an incremental verification reads only the events after each chain\'s checkpoint; a full one reads everything', async () => {
    const chain = org('incr');
    const early = await insert(chain, 'test.early');
    await insert(chain, 'test.checkpointed');
    await verifyAuditChain(url);
    expect((await client.query(`SELECT seq::text FROM "AuditCheckpoint" WHERE kind = 'EVENTS' AND chain = $1`, [chain])).rows[0].seq).toBe('2');
    for (const n of [1, 2, 3]) await insert(chain, `test.new.${n}`);
    await client.query('BEGIN');
    try {
      // A change before the checkpoint is out of an incremental run's reach by design: it reads only seq 3–5.
      await behindGuards(client, `UPDATE "AuditEvent" SET data = '{"k":3}' WHERE id = $1::bigint`, [early]);
      const incremental = await verifyAuditChain(client, { saveCheckpoints: false });
      expect(incremental.chains.find((c) => c.chain === chain)).toMatchObject({ ok: true, from: '2', to: '5', checked: 3 });
      const full = await verifyAuditChain(client, { full: true, saveCheckpoints: false });
      expect(full.chains.find((c) => c.chain === chain)).toMatchObject({ ok: false, from: '0', broken: { id: early, kind: 'CONTENT' } });
    } finally {
      await client.query('ROLLBACK');
    }
    const after = await verifyAuditChain(url);
    expect(after.chains.find((c) => c.chain === chain)).toMatchObject({ ok: true, from: '2', to: '5', checked: 3 });
    expect((await verifyAuditChain(url)).chains.find((c) => c.chain === chain)).toMatchObject({ ok: true, from: '5', checked: 0 });
  });
});
