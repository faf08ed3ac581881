import { z } from 'zod';
import type { AppDeps } from '../deps.ts';
import { defineRoute } from '../route.ts';

async function probe(check: () => Promise<unknown>): Promise<{ ok: boolean; error?: string }> {
  try {
    await Promise.race([check(), new Promise((_, no) => setTimeout(() => no(new Error('timeout')), 3000))]);
    return { ok: true };
  } catch (err) {
    return { ok: false, error: (err as Error).message };
  }
}

/** Which part is down and why: served only on the operations listener (api/ops.ts). */
export async function healthDetail(deps: Pick<AppDeps, 'prisma' | 'temporal'>) {
  const [postgres, temporal] = await Promise.all([
    probe(() => deps.prisma.$queryRaw`SELECT 1`),
    probe(() => deps.temporal.workflowService.getSystemInfo({})),
  ]);
  return { status: postgres.ok && temporal.ok ? 'ok' as const : 'degraded' as const, postgres, temporal };
}

// The application port says up or down only; the detail is on the operations listener.
export const healthRoute = (deps: AppDeps) => defineRoute({
  method: 'get', path: '/api/health', tag: 'ops', access: 'public', summary: '健康检查（PostgreSQL、Temporal 是否可用）',
  response: z.object({ status: z.enum(['ok', 'degraded']) }),
  handler: async ({ res }) => {
    const { status } = await healthDetail(deps);
    res.status(status === 'ok' ? 200 : 503);
    return { status };
  },
});
