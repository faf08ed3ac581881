// Largest recorded history per workflow type (docs/histories.md): reads test/replay/histories, which
// `npm run replay:record` fills from the workflow tests' realistic runs.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const dir = path.resolve('test/replay/histories');
const largest = new Map<string, { events: number; bytes: number; file: string }>();
for (const file of readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.json'))) {
  const text = readFileSync(path.join(dir, file), 'utf8');
  const h = JSON.parse(text) as { events: { workflowExecutionStartedEventAttributes?: { workflowType?: { name?: string } } }[] };
  const type = h.events[0]?.workflowExecutionStartedEventAttributes?.workflowType?.name ?? '?';
  if ((largest.get(type)?.events ?? -1) < h.events.length) largest.set(type, { events: h.events.length, bytes: text.length, file });
}
console.log('| workflow type | largest recorded history (events) | JSON size | recorded path |\n|---|---:|---:|---|');
for (const [type, l] of [...largest].sort((a, b) => b[1].events - a[1].events)) {
  console.log(`| ${type} | ${l.events} | ${Math.round(l.bytes / 1024)} KB | ${l.file.replace(/\.json$/, '')} |`);
}
