// What a person must never read on a page (issue 17 item 5): an enum code, an API path, a raw id,
// or a value that broke on the way to the page. Used by the page crawl on each page's innerText.

/** Upper-case words people do read: file formats and the hash's name. Kept short on purpose. */
export const ALLOWED_UPPER = new Set(['PDF', 'SHA', 'CSV', 'RSS', 'JSON', 'PNG', 'JPEG', 'JPG']);

const RULES: [string, RegExp][] = [
  // FILING_APPROVAL, NOT_FILED, AQ_065: any upper-case word joined by underscores is a code.
  ['code', /\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b/g],
  // OPEN, MAJOR, INVESTIGATION: a bare upper-case word of three letters or more. ID passes, and so
  // does a 执法事项 code (AQ-065-4, YHJY-035-2): the catalogue's own public number.
  ['code', /\b[A-Z]{3,}\b(?!-\d)/g],
  ['API path', /\/api\/[\w/:.-]*/g],
  ['broken value', /\[object Object\]|\bundefined\b|\bNaN\b|Invalid Date|\bnull\b/g],
  ['raw id', /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi],
  // The seed's ids of users, orgs and enterprises (u-hongta-handler1, yx-hongta, ent-hongta-chem).
  ['raw id', /\b(?:u|yx|ent)-[a-z][a-z0-9]*(?:-[a-z0-9]+)*\b/g],
];

/** Each offending token in `text`, with a little of what surrounds it: `code «MAJOR» in "风险等级 MAJOR"`. */
export function brokenText(text: string): string[] {
  const found: string[] = [];
  for (const [kind, re] of RULES) {
    for (const m of text.matchAll(re)) {
      if (kind === 'code' && ALLOWED_UPPER.has(m[0])) continue;
      const around = text.slice(Math.max(0, m.index - 16), m.index + m[0].length + 16).replace(/\s+/g, ' ');
      found.push(`${kind} «${m[0]}» in "${around}"`);
    }
  }
  return [...new Set(found)];
}
