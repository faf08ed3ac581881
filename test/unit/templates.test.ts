import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { describe, expect, it } from 'vitest';
import { pageHelperNames, viewsDir } from '../../api/views.ts';

// `{{statusLabel}}` with no arguments calls the helper of that name, not the row's own
// statusLabel: eleven pages showed "[object Object]" or nothing where a status belonged.
// A value that shares a helper's name must be read as {{this.name}}.
describe('page templates', () => {
  it('never call a helper without arguments where a value of the same name is meant', () => {
    const helpers = new Set(pageHelperNames());
    expect(helpers.has('statusLabel')).toBe(true);
    const found: string[] = [];
    class Finder extends Handlebars.Visitor {
      constructor(private readonly file: string) { super(); }
      override MustacheStatement(m: hbs.AST.MustacheStatement): void {
        const p = m.path as hbs.AST.PathExpression;
        if (p.type === 'PathExpression' && p.parts.length === 1 && !p.original.startsWith('this') && helpers.has(p.original) && m.params.length === 0 && !m.hash) {
          found.push(`${this.file}:${m.loc.start.line} {{${p.original}}}`);
        }
        super.MustacheStatement(m);
      }
    }
    const files = readdirSync(viewsDir).filter((f) => f.endsWith('.hbs'));
    expect(files.length).toBeGreaterThan(20);
    for (const f of files) new Finder(f).accept(Handlebars.parse(readFileSync(path.join(viewsDir, f), 'utf8')));
    expect(found).toEqual([]);
  });
});
