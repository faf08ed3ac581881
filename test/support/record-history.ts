import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';

/** Where the replay suite keeps its histories: `<workflow>/<path>.json` (test/workflow/replay.test.ts replays them all). */
export const HISTORIES_DIR = path.resolve('test/replay/histories');

/**
 * In `npm run replay:record` (RECORD_HISTORIES=1), the workflow tests save the histories of the runs they
 * drive, encrypted with the fixed fixture key. A history already recorded is kept: histories of older code
 * are what the suite is for. REPLAY_RERECORD=1 overwrites them — only before 1.0.0 (README, "Changing a live procedure").
 */
export async function recordHistory(client: Client, name: string, workflowId: string, runId?: string): Promise<void> {
  if (process.env.RECORD_HISTORIES !== '1') return;
  const file = path.join(HISTORIES_DIR, `${name}.json`);
  if (existsSync(file) && process.env.REPLAY_RERECORD !== '1') return;
  const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${historyJSON(history)}\n`);
}

const History = temporal.api.history.v1.History;
// protobufjs' own JSON mapping (enum names, 64-bit numbers and bytes as strings): it round-trips exactly.
// (@temporalio/common's historyToJSON fails here: it pairs two protobufjs copies.)
const historyJSON = (h: temporal.api.history.v1.IHistory): string =>
  JSON.stringify(History.toObject(History.fromObject(h), { longs: String, enums: String, bytes: String }));
/** A recorded history, as the replayer takes it. */
export const historyFromFile = (json: string): temporal.api.history.v1.History => History.fromObject(JSON.parse(json));
