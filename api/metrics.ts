import type { NextFunction, Request, Response, Router } from 'express';
import express from 'express';
import client from 'prom-client';
import type { PrismaClient } from '../generated/prisma/client.ts';

/**
 * Prometheus metrics: request latency by route, and — read at scrape time from the read
 * model — the open task backlog and overdue steps by kind and org. Each app gets its own
 * registry so tests can start several apps in one process.
 */
export function metrics(prisma: PrismaClient): { observe: (req: Request, res: Response, next: NextFunction) => void; router: Router } {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  const latency = new client.Histogram({
    name: 'zhifa_http_request_duration_seconds', help: 'HTTP request latency', labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10], registers: [registry],
  });
  const backlog = new client.Gauge({ name: 'zhifa_open_tasks', help: 'Open human tasks', labelNames: ['kind', 'org'], registers: [registry] });
  const overdue = new client.Gauge({ name: 'zhifa_overdue_tasks', help: 'Open tasks past their statutory limit', labelNames: ['kind', 'org'], registers: [registry] });

  const observe = (req: Request, res: Response, next: NextFunction) => {
    const end = latency.startTimer({ method: req.method });
    res.on('finish', () => end({ route: (req.route?.path as string | undefined) ?? 'unmatched', status: String(res.statusCode) }));
    next();
  };

  const router = express.Router();
  router.get('/metrics', async (_req, res) => {
    const rows = await prisma.$queryRaw<{ kind: string; org: string; open: bigint; overdue: bigint }[]>`
      SELECT "kind", "orgId" AS org, count(*) AS open, count(*) FILTER (WHERE "dueAt" < now()) AS overdue
      FROM "Task" WHERE "status" = 'OPEN' GROUP BY "kind", "orgId"`;
    backlog.reset();
    overdue.reset();
    for (const r of rows) {
      backlog.set({ kind: r.kind, org: r.org }, Number(r.open));
      overdue.set({ kind: r.kind, org: r.org }, Number(r.overdue));
    }
    res.set('Content-Type', registry.contentType).send(await registry.metrics());
  });
  return { observe, router };
}
