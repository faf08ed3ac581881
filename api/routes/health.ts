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

export const healthRoute = (deps: AppDeps) => defineRoute({
  method: 'get', path: '/api/health', tag: 'ops', access: 'public', summary: '健康检查（PostgreSQL、Temporal）',
  handler: async ({ res }) => {
    const [postgres, temporal] = await Promise.all([
      probe(() => deps.prisma.$queryRaw`SELECT 1`),
      probe(() => deps.temporal.workflowService.getSystemInfo({})),
    ]);
    const ok = postgres.ok && temporal.ok;
    res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'degraded', postgres, temporal });
  },
});
