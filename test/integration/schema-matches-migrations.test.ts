import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { readSchemaModels } from '../support/prisma-schema.ts';

// The hand-written migrations must build exactly the database schema.prisma describes.
describe('migrated database matches schema.prisma', async () => {
  const client = new pg.Client({ connectionString: inject('databaseUrl') });
  await client.connect();
  const { rows } = await client.query<{ table_name: string; column_name: string; is_nullable: 'YES' | 'NO' }>(
    `SELECT table_name, column_name, is_nullable FROM information_schema.columns WHERE table_schema = 'public'`);
  const migrations = await client.query('SELECT migration_name, checksum, finished_at FROM "_prisma_migrations"');
  await client.end();
  const db = new Map(rows.map((r) => [`${r.table_name}.${r.column_name}`, r.is_nullable === 'YES']));
  const models = readSchemaModels();

  it('reads a plausible schema', () => {
    expect(models.length).toBeGreaterThanOrEqual(10);
  });

  it.each(models.map((m) => [m.table, m] as const))('table %s has every column with matching nullability', (_t, model) => {
    for (const col of model.columns) {
      const key = `${model.table}.${col.name}`;
      expect(db.has(key), `${key} exists`).toBe(true);
      expect(db.get(key), `${key} nullable`).toBe(col.nullable);
    }
  });

  it('records every migration as Prisma does', () => {
    expect(migrations.rows.length).toBeGreaterThan(0);
    for (const m of migrations.rows) {
      expect(m.checksum).toMatch(/^[0-9a-f]{64}$/);
      expect(m.finished_at).toBeInstanceOf(Date);
    }
  });
});
