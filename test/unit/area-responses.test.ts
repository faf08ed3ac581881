import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../infra/tools.ts';
import { generate } from '../../scripts/response-schemas.ts';

// The response schemas of these areas are generated from what their handlers return: a handler
// whose result changed without `npm run gen:responses` would publish (and enforce) a stale contract.
describe('generated response schemas', () => {
  it('are what the handlers return today (run npm run gen:responses after changing a result)', () => {
    const files = generate();
    expect(files.size).toBeGreaterThan(0);
    for (const [file, text] of files) expect(readFileSync(path.join(projectRoot, file), 'utf8'), file).toBe(text);
  }, 180_000);
});
