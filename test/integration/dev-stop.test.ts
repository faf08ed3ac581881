import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../infra/ports.ts';

// Issue 19 item 7: `npm run dev` stops within 10 s of Ctrl-C with everything it started gone,
// and touches nothing outside the checkout and its data folder. The script of package.json is
// run as npm runs it (sh -c, in its own process group, as a terminal's foreground job), with
// HOME and TMPDIR pointing at empty folders of this test, so a write to ~/.config, ~/.cache or
// the temp folder shows; DATA_DIR is a temp folder too, so this run does not reuse .data/.
// Ctrl-C is SIGINT to the whole group, as a terminal sends it.
const root = path.resolve(import.meta.dirname, '../..');
const STOP_LIMIT_MS = 10_000;
const work = mkdtempSync(path.join(os.tmpdir(), 'zhifa-dev-stop-'));
// As a checkout's folder is: PostgreSQL, run as its own user when we are root, must pass through it to DATA_DIR.
chmodSync(work, 0o755);
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Every process whose parent chain leads to `pid` (from /proc). */
function descendants(pid: number): number[] {
  const parent = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      parent.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch { /* gone meanwhile */ }
  }
  const out: number[] = [];
  for (const [p] of parent) {
    for (let q = parent.get(p); q !== undefined && q > 1; q = parent.get(q)) if (q === pid) { out.push(p); break; }
  }
  return out;
}
const alive = (pid: number) => { try { process.kill(pid, 0); return true; } catch (e) { return (e as NodeJS.ErrnoException).code === 'EPERM'; } };
/** Files and folders under dir, relative to it. */
const tree = (dir: string): string[] => readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();
/** The permission bits of the checkout's parents: starting PostgreSQL as root must not widen them. */
const ancestorModes = () => {
  const modes: Record<string, number> = {};
  for (let d = path.dirname(root); ; d = path.dirname(d)) {
    modes[d] = statSync(d).mode & 0o7777;
    if (d === path.dirname(d)) return modes;
  }
};

describe('npm run dev', () => {
  it('stops within 10 s of Ctrl-C, leaves no process behind, and writes nothing outside its data folder', async () => {
    const home = path.join(work, 'home');
    const tmp = path.join(work, 'tmp');
    const data = path.join(work, 'data');
    mkdirSync(home);
    mkdirSync(tmp);
    const [port, pgPort, temporalPort, uiPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: home, TMPDIR: tmp, NODE_ENV: 'development', DATA_DIR: data, DEMO_DATA: 'false',
      LOG_LEVEL: 'warn', PORT: String(port), DEV_POSTGRES_PORT: String(pgPort), DEV_TEMPORAL_PORT: String(temporalPort), TEMPORAL_UI_PORT: String(uiPort) };
    for (const k of ['TEMPORAL_CLI_PATH', 'TEMPORAL_TEST_SERVER_PATH']) if (process.env[k]) env[k] = process.env[k];
    const modesBefore = ancestorModes();
    const script = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.dev!;
    const dev = spawn('sh', ['-c', script], { cwd: root, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (b: Buffer) => { output = (output + b.toString()).slice(-20_000); };
    dev.stdout.on('data', keep);
    dev.stderr.on('data', keep);
    const exited = new Promise<number | null>((ok) => dev.once('exit', (code) => ok(code)));
    let done = false;
    void exited.then(() => { done = true; });

    try {
      // Serving: the app answers its health check (PostgreSQL migrated, Temporal and the worker up).
      for (const end = Date.now() + 600_000; ; await new Promise((r) => setTimeout(r, 1000))) {
        if (done) throw new Error(`npm run dev exited before serving:\n${output}`);
        if (Date.now() > end) throw new Error(`npm run dev did not serve within 10 minutes:\n${output}`);
        const res = await fetch(`http://127.0.0.1:${port}/api/health`).catch(() => undefined);
        if (res?.status === 200 && output.includes('Zhifa is running')) break;
      }
      const started = descendants(dev.pid!);
      expect(started.length, 'the servers it started (PostgreSQL, Temporal)').toBeGreaterThan(1);

      const signalledAt = Date.now();
      process.kill(-dev.pid!, 'SIGINT');
      const code = await Promise.race([exited, new Promise<'late'>((r) => setTimeout(() => r('late'), STOP_LIMIT_MS))]);
      expect(code, `still running ${STOP_LIMIT_MS / 1000} s after Ctrl-C:\n${output}`).not.toBe('late');
      // Whatever it started is gone by the same bound (a child may take a moment after its parent).
      while (started.some(alive) && Date.now() - signalledAt < STOP_LIMIT_MS) await new Promise((r) => setTimeout(r, 100));
      expect(started.filter(alive), 'processes left behind').toEqual([]);
    } finally {
      if (!done) process.kill(-dev.pid!, 'SIGKILL');
    }

    expect(tree(home), 'written under HOME (~/.config, ~/.cache, ~/.npm …)').toEqual([]);
    expect(tree(tmp), 'written to the machine\'s temp folder').toEqual([]);
    expect(ancestorModes(), 'permissions of the folders above the checkout').toEqual(modesBefore);
    expect(tree(data)).toEqual(expect.arrayContaining(['postgres', 'temporal.db']));
  }, 900_000);
});
