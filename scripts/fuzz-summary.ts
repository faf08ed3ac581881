// What `npm run fuzz` reads back from Schemathesis' terminal output (its summary is the stable part).

export interface SchemathesisSummary { operations: string; testCases: string; failures: Map<string, number>; errors: Map<string, number>; errorDetail: string }

/** The `Title: count` lines of one of Schemathesis' summary sections ("Failures:", "Errors:"). */
function summaryCounts(output: string, heading: string) {
  const counts = new Map<string, number>();
  const section = output.split(new RegExp(`^\\s*${heading}:\\s*$`, 'm'))[1]?.replace(/^\s*\n/, '').split(/\n\s*\n/)[0] ?? '';
  for (const m of section.matchAll(/^\s*\S*\s*([^:\n]+?):\s*(\d+)\s*$/gm)) counts.set(m[1]!.trim(), Number(m[2]));
  return counts;
}

/** Schemathesis' own summary: operations tested, test cases, failures by check, and errors (a timed-out
 * request, a failed health check, an unsatisfiable schema) with the start of their detail. */
export function readSummary(output: string): SchemathesisSummary {
  const line = (label: string) => new RegExp(`^\\s*${label}:\\s*(.+)$`, 'm').exec(output)?.[1]?.trim() ?? '?';
  const errorDetail = /^=+ ERRORS =+$([\s\S]*?)^Need more help\?/m.exec(output)?.[1]?.trim() ?? '';
  return {
    operations: `${line('Tested')} tested of ${line('Selected')} selected`, testCases: line('Test cases'),
    failures: summaryCounts(output, 'Failures'), errors: summaryCounts(output, 'Errors'), errorDetail,
  };
}
