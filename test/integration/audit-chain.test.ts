import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { verifyAuditChain } from '../../infra/audit-verify.ts';

// Tampering happens inside a transaction that is rolled back, so other tests keep an intact chain.
describe('audit log', () => {
  const url = inject('databaseUrl');
  const schema = `audit-test-${Date.now()}`;
  let client: pg.Client;
  beforeAll(async () => {
    client = new pg.Client({ connectionString: url });
    await client.connect();
  });
  afterAll(async () => client?.end());

  const insert = (action: string) => client.query(
    `INSERT INTO "AuditEvent" ("actorKind", action, "subjectType", "subjectId", data) VALUES ('SYSTEM', $1, 'Test', $2, '{"k":1}')`,
    [action, schema]);

  it('chains every insert and refuses UPDATE and DELETE', async () => {
    await insert('test.one');
    await insert('test.two');
    const { rows } = await client.query(`SELECT "prevHash", hash FROM "AuditEvent" WHERE "subjectId" = $1 ORDER BY id`, [schema]);
    expect(rows[1].prevHash).toBe(rows[0].hash);
    await expect(client.query(`UPDATE "AuditEvent" SET action = 'x' WHERE "subjectId" = $1`, [schema])).rejects.toThrow(/append-only/);
    await expect(client.query(`DELETE FROM "AuditEvent" WHERE "subjectId" = $1`, [schema])).rejects.toThrow(/append-only/);
    expect((await verifyAuditChain(url)).ok).toBe(true);
  });

  it('the verifier reports the exact row a tamperer changed', async () => {
    await insert('test.victim');
    await insert('test.after');
    const { rows } = await client.query(`SELECT id::text FROM "AuditEvent" WHERE "subjectId" = $1 AND action = 'test.victim'`, [schema]);
    const victim = rows[0].id;
    // A superuser can disable the guard; the chain still gives the change away.
    await client.query('BEGIN');
    await client.query('ALTER TABLE "AuditEvent" DISABLE TRIGGER audit_event_append_only');
    await client.query(`UPDATE "AuditEvent" SET data = '{"k":2}' WHERE id = $1`, [victim]);
    await client.query('ALTER TABLE "AuditEvent" ENABLE TRIGGER audit_event_append_only');
    const report = await verifyAuditChain(client); // inside the tamperer's transaction
    await client.query('ROLLBACK');
    expect(report.ok).toBe(false);
    expect(report.firstBroken?.id).toBe(victim);
  });
});
