import { readFileSync } from 'node:fs';

const SCALARS = new Set(['String', 'Int', 'BigInt', 'Boolean', 'DateTime', 'Json', 'Bytes', 'Float', 'Decimal']);

export interface ModelColumns { table: string; columns: { name: string; nullable: boolean }[] }

/**
 * Reads the models of schema.prisma: table name (@@map), and every scalar field's column
 * (@map) with the nullability Prisma gives it (`?` nullable; lists are nullable arrays).
 */
export function readSchemaModels(file = 'prisma/schema.prisma'): ModelColumns[] {
  const text = readFileSync(file, 'utf8').replace(/\/\/.*$/gm, '');
  const models: ModelColumns[] = [];
  for (const m of text.matchAll(/model\s+(\w+)\s*\{([\s\S]*?)\n\}/g)) {
    const body = m[2];
    const table = /@@map\("([^"]+)"\)/.exec(body)?.[1] ?? m[1];
    const columns = [];
    for (const line of body.split('\n')) {
      const f = /^\s*(\w+)\s+(\w+)(\[\])?(\?)?(.*)$/.exec(line);
      if (!f || !SCALARS.has(f[2])) continue;
      const name = /@map\("([^"]+)"\)/.exec(f[5])?.[1] ?? f[1];
      columns.push({ name, nullable: Boolean(f[3] || f[4]) });
    }
    models.push({ table, columns });
  }
  return models;
}
