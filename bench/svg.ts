// Minimal grouped bar charts as standalone SVG (no dependencies; GitHub renders them as images).
export interface Chart {
  title: string;
  unit: string;
  /** Groups along the x axis. */
  categories: string[];
  series: { name: string; values: (number | null)[] }[];
}

const COLOURS = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#76b7b2', '#edc948'];
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const fmt = (v: number) => (v === 0 ? '0' : v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));

/** A "nice" axis maximum: 1, 2 or 5 times a power of ten at or above the largest value. */
function niceMax(v: number): number {
  if (!(v > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  return [1, 2, 5, 10].map((m) => m * p).find((m) => m >= v)!;
}

export function barChart(c: Chart): string {
  const W = Math.max(640, 56 + 150 * c.categories.length), H = 300, left = 56, right = 16, top = 40, bottom = 56;
  const plotW = W - left - right, plotH = H - top - bottom;
  const max = niceMax(Math.max(0, ...c.series.flatMap((s) => s.values.map((v) => v ?? 0))));
  const groupW = plotW / Math.max(1, c.categories.length);
  const barW = Math.min(40, (groupW * 0.8) / Math.max(1, c.series.length));
  const y = (v: number) => top + plotH - (v / max) * plotH;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="11">`,
    `<rect width="${W}" height="${H}" fill="#fff"/>`,
    `<text x="${W / 2}" y="18" text-anchor="middle" font-size="14" font-weight="bold">${esc(c.title)}</text>`,
  ];
  for (let i = 0; i <= 4; i++) {
    const v = (max * i) / 4;
    out.push(`<line x1="${left}" x2="${W - right}" y1="${y(v)}" y2="${y(v)}" stroke="#ddd"/>`,
      `<text x="${left - 6}" y="${y(v) + 4}" text-anchor="end">${fmt(v)}</text>`);
  }
  out.push(`<text x="14" y="${top + plotH / 2}" transform="rotate(-90 14 ${top + plotH / 2})" text-anchor="middle">${esc(c.unit)}</text>`);
  c.categories.forEach((cat, g) => {
    const x0 = left + g * groupW + (groupW - barW * c.series.length) / 2;
    c.series.forEach((s, k) => {
      const v = s.values[g];
      if (v === null || v === undefined) return;
      const x = x0 + k * barW;
      out.push(`<rect x="${x + 1}" y="${y(v)}" width="${barW - 2}" height="${top + plotH - y(v)}" fill="${COLOURS[k % COLOURS.length]}"><title>${esc(`${s.name} — ${cat}: ${fmt(v)} ${c.unit}`)}</title></rect>`);
      if (v >= max / 200) out.push(`<text x="${x + barW / 2}" y="${y(v) - 3}" text-anchor="middle" font-size="9">${fmt(v)}</text>`);
    });
    out.push(`<text x="${left + g * groupW + groupW / 2}" y="${top + plotH + 16}" text-anchor="middle">${esc(cat)}</text>`);
  });
  let lx = left;
  c.series.forEach((s, k) => {
    out.push(`<rect x="${lx}" y="${H - 20}" width="10" height="10" fill="${COLOURS[k % COLOURS.length]}"/>`, `<text x="${lx + 14}" y="${H - 11}">${esc(s.name)}</text>`);
    lx += 24 + s.name.length * 6.5;
  });
  out.push('</svg>');
  return out.join('\n') + '\n';
}
