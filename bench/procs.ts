// CPU time and memory of the parts of the system, from /proc (Linux). Every reader returns
// undefined where /proc is missing or the process is gone: the report then says "n/a".
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { round } from './stats.ts';

const TICKS = (() => {
  try { return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100; } catch { return 100; }
})();

interface Stat { ppid: number; cpuTicks: number }

function stat(pid: number): Stat | undefined {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    // fields after the name: state ppid … utime(11) stime(12) cutime(13) cstime(14)
    return { ppid: Number(f[1]), cpuTicks: Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]) };
  } catch {
    return undefined;
  }
}

/** The process and its live descendants. */
function tree(root: number): number[] {
  const children = new Map<number, number[]>();
  let pids: number[] = [];
  try { pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number); } catch { return [root]; }
  for (const pid of pids) {
    const s = stat(pid);
    if (s) children.set(s.ppid, [...(children.get(s.ppid) ?? []), pid]);
  }
  const out: number[] = [];
  for (const stack = [root]; stack.length; ) {
    const p = stack.pop()!;
    out.push(p);
    stack.push(...(children.get(p) ?? []));
  }
  return out;
}

/** CPU seconds used by a process tree so far (exited children counted through their parent). */
export function treeCpuSeconds(root: number | undefined): number | undefined {
  if (!root || !stat(root)) return undefined;
  return tree(root).reduce((a, p) => a + (stat(p)?.cpuTicks ?? 0), 0) / TICKS;
}

function statusKb(pid: number, field: string): number | undefined {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

export interface Memory { rssMb: number; peakRssMb?: number }

/** Resident memory of one process (now and its peak). */
export function processMemory(pid: number | undefined): Memory | undefined {
  const rss = pid ? statusKb(pid, 'VmRSS') : undefined;
  if (rss === undefined) return undefined;
  const hwm = statusKb(pid!, 'VmHWM');
  return { rssMb: round(rss / 1024, 1), peakRssMb: hwm === undefined ? undefined : round(hwm / 1024, 1) };
}

/** Proportional set size of a process tree (shared memory such as PostgreSQL's buffers counted once). */
export function treePssMb(root: number | undefined): number | undefined {
  if (!root || !stat(root)) return undefined;
  let kb = 0;
  for (const p of tree(root)) {
    try {
      kb += Number(/^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${p}/smaps_rollup`, 'utf8'))?.[1] ?? 0);
    } catch { /* gone or unreadable */ }
  }
  return round(kb / 1024, 1);
}

/** The pid listening on a local TCP port, if this user may see it (finds external-to-us servers). */
export function pidListeningOn(port: number): number | undefined {
  try {
    const hex = port.toString(16).toUpperCase().padStart(4, '0');
    const inodes = new Set<string>();
    for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
      for (const line of readFileSync(file, 'utf8').split('\n').slice(1)) {
        const f = line.trim().split(/\s+/);
        if (f[1]?.endsWith(`:${hex}`) && f[3] === '0A') inodes.add(f[9]!);
      }
    }
    if (!inodes.size) return undefined;
    for (const d of readdirSync('/proc').filter((x) => /^\d+$/.test(x))) {
      let fds: string[] = [];
      try { fds = readdirSync(`/proc/${d}/fd`); } catch { continue; }
      for (const fd of fds) {
        try {
          const link = readlinkSync(`/proc/${d}/fd/${fd}`);
          const m = /^socket:\[(\d+)\]$/.exec(link);
          if (m && inodes.has(m[1]!)) return Number(d);
        } catch { /* closed meanwhile */ }
      }
    }
  } catch { /* no /proc */ }
  return undefined;
}
