import { timingSafeEqual } from 'node:crypto';
import express, { type Router } from 'express';
import type { AppDeps } from './deps.ts';
import { healthDetail } from './routes/health.ts';

/**
 * The operations listener: Prometheus metrics and the health detail (which check failed and
 * why). Neither belongs on the application port, where anyone who reaches Zhifa could read
 * backlog per org and internal error text. scripts/api.ts binds it to METRICS_HOST (default
 * 127.0.0.1) : METRICS_PORT; with METRICS_TOKEN set, every call must carry it as a bearer token,
 * which is what makes binding it to a wider address acceptable.
 */
export function createOpsApp(deps: Pick<AppDeps, 'prisma' | 'temporal'>, metricsRouter: Router, token?: string): express.Express {
  const ops = express();
  ops.disable('x-powered-by');
  if (token) {
    const expected = Buffer.from(`Bearer ${token}`);
    ops.use((req, res, next) => {
      const sent = Buffer.from(req.get('authorization') ?? '');
      if (sent.length === expected.length && timingSafeEqual(sent, expected)) return next();
      res.status(401).set('WWW-Authenticate', 'Bearer').json({ error: 'unauthorized', message: '需要运维令牌（METRICS_TOKEN）' });
    });
  }
  ops.use(metricsRouter);
  ops.get('/health', async (_req, res) => {
    const detail = await healthDetail(deps);
    res.status(detail.status === 'ok' ? 200 : 503).json(detail);
  });
  ops.use((_req, res) => { res.status(404).json({ error: 'not_found', message: '运维接口只有 /metrics 和 /health' }); });
  return ops;
}
