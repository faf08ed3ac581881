import express, { Router } from 'express';
import session from 'express-session';
import connectPg from 'connect-pg-simple';
import helmet from 'helmet';
import pg from 'pg';
import { pinoHttp } from 'pino-http';
import { requestContext, requestLogOptions } from '../infra/request-context.ts';
import type { AppDeps } from './deps.ts';
import { csrfOnPageWrites, identify, requirePasswordChange, SESSION_COOKIE } from './auth.ts';
import { errorMiddleware, notFound } from './errors.ts';
import { AddressThrottle, limitsFor, loginLimiter } from './login-limit.ts';
import { openApi } from './openapi.ts';
import { mount, type RouteDef } from './route.ts';
import { adminPageRoutes, adminRoutes } from './routes/admin.ts';
import { webhookPageRoutes, webhookRoutes } from './routes/webhooks.ts';
import { apiClientPageRoutes, apiClientRoutes } from './routes/api-clients.ts';
import { oauthRoutes } from './routes/oauth.ts';
import { clientTokenVerifier, signingKey } from './client-tokens.ts';
import { apiRoutes } from './routes/api.ts';
import { caseActionRoutes } from './routes/case-actions.ts';
import { evidenceRoutes } from './routes/evidence.ts';
import { evidencePageRoutes } from './routes/evidence-pages.ts';
import { uploadRoutes } from './uploads.ts';
import { loadConfig } from '../infra/config.ts';
import { storageFromConfig } from '../store/objects/index.ts';
import { healthRoute } from './routes/health.ts';
import { recordRoutes } from './routes/records.ts';
import { recordPageRoutes } from './routes/record-pages.ts';
import { documentPdfRoutes, verificationRoutes } from './routes/document-pdf.ts';
import { documentApiRoutes, documentPageRoutes } from './routes/documents.ts';
import { actionPageRoutes } from './action-pages.ts';
import { PERSON_ACTION_PAGES } from './person-action-pages.ts';
import { casePageRoutes } from './routes/case-page.ts';
import { pageRoutes } from './routes/pages.ts';
import { publicPageRoutes, publicRoutes } from './routes/public.ts';
import { referralBodyParser, referralPageRoutes, referralRoutes } from './routes/referrals.ts';
import { reconsiderationBodyParser, reconsiderationPageRoutes, reconsiderationRoutes } from './routes/reconsiderations.ts';
import { transferPageRoutes, transferRoutes } from './routes/transfers.ts';
import { delegationPageRoutes, delegationRoutes } from './routes/delegations.ts';
import { inspectionPageRoutes, inspectionRoutes } from './routes/inspections.ts';
import { dashboardPageRoutes, dashboardRoutes } from './routes/dashboard.ts';
import { workforcePageRoutes, workforceRoutes } from './routes/workforce.ts';
import { auditPageRoutes, auditRoutes } from './routes/audit.ts';
import { caseReviewPageRoutes, caseReviewRoutes } from './routes/case-reviews.ts';
import { interferencePageRoutes, interferenceRoutes } from './routes/interference.ts';
import { escalationPageRoutes, escalationRoutes } from './routes/escalations.ts';
import { navQueueCounts, queuePageRoutes, queueViewRoutes } from './routes/queue.ts';
import { campaignPageRoutes, campaignRoutes } from './routes/campaigns.ts';
import { crossInspectionPageRoutes, crossInspectionRoutes } from './routes/cross-inspections.ts';
import { metrics } from './metrics.ts';
import { codecBodyParser, codecRoutes } from './routes/codec.ts';
import { createOpsApp } from './ops.ts';
import { renderView, viewsDir } from './views.ts';

/** Every JSON API route with its access policy: one table for routing, OpenAPI and the access tests. */
export function apiRouteTable(deps: AppDeps): RouteDef[] {
  return [healthRoute(deps), ...apiRoutes(deps), ...caseActionRoutes(deps), ...documentApiRoutes(deps), ...verificationRoutes(deps), ...evidenceRoutes(deps), ...recordRoutes(deps), ...publicRoutes(deps), ...adminRoutes(deps), ...referralRoutes(deps), ...reconsiderationRoutes(deps), ...transferRoutes(deps), ...inspectionRoutes(deps), ...delegationRoutes(deps), ...dashboardRoutes(deps), ...workforceRoutes(deps), ...auditRoutes(deps), ...caseReviewRoutes(deps), ...interferenceRoutes(deps), ...escalationRoutes(deps), ...queueViewRoutes(deps), ...oauthRoutes(deps), ...apiClientRoutes(deps), ...campaignRoutes(deps), ...crossInspectionRoutes(deps), ...webhookRoutes(deps)];
}

/** The server-rendered pages, in the order they are mounted (the route-coverage test reads the same list). */
export function pageRouters(deps: AppDeps, routes: RouteDef[], storage: Parameters<typeof evidencePageRoutes>[1]): Router[] {
  return [
    // Before the module pages: /referrals/new must not be read as the referral called "new".
    actionPageRoutes(deps, routes, PERSON_ACTION_PAGES),
    publicPageRoutes(deps), documentPdfRoutes(deps), documentPageRoutes(deps), evidencePageRoutes(deps, storage), recordPageRoutes(deps), queuePageRoutes(deps), casePageRoutes(deps), pageRoutes(deps),
    adminPageRoutes(deps), webhookPageRoutes(deps), referralPageRoutes(deps), reconsiderationPageRoutes(deps), transferPageRoutes(deps), delegationPageRoutes(deps),
    inspectionPageRoutes(deps), dashboardPageRoutes(deps), workforcePageRoutes(deps), auditPageRoutes(deps), caseReviewPageRoutes(deps),
    interferencePageRoutes(deps), escalationPageRoutes(deps), apiClientPageRoutes(deps), campaignPageRoutes(deps), crossInspectionPageRoutes(deps),
  ];
}

/**
 * Builds the Express app; the entry file (scripts/api.ts) listens. `ops` is the operations
 * app (metrics, health detail) that it serves on a listener of its own (api/ops.ts).
 */
export function createApp(deps: AppDeps, sessionPool: pg.Pool, opts: { metricsToken?: string } = {}): express.Express & { ops: express.Express } {
  const app = express();
  app.set('trust proxy', 'loopback');
  app.set('json replacer', (_k: string, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
  app.engine('hbs', renderView);
  app.set('view engine', 'hbs');
  app.set('views', viewsDir);
  app.disable('x-powered-by');

  const meter = metrics(deps.prisma);
  app.use(meter.observe);
  app.use(requestContext());
  app.use(pinoHttp({ logger: deps.logger, ...requestLogOptions, autoLogging: { ignore: (req) => req.url === '/api/health' } }));
  app.use(helmet({ contentSecurityPolicy: { directives: { 'script-src': ["'self'"], 'style-src': ["'self'", "'unsafe-inline'"] } } }));
  app.use(referralBodyParser());
  app.use(reconsiderationBodyParser());
  app.use(codecBodyParser());
  app.use(express.json({ limit: '256kb' }));
  app.use(express.urlencoded({ extended: false, limit: '256kb' }));
  const PgStore = connectPg(session);
  app.use(session({
    name: SESSION_COOKIE, secret: deps.sessionSecret, resave: false, saveUninitialized: false,
    store: new PgStore({ pool: sessionPool, tableName: 'session', createTableIfMissing: false }),
    cookie: { httpOnly: true, sameSite: 'lax', secure: deps.secureCookies ?? false, maxAge: 8 * 3600_000 },
  }));
  app.use(express.static(new URL('./public', import.meta.url).pathname, { maxAge: '1h' }));
  app.use(identify(deps.prisma, clientTokenVerifier(deps.prisma, signingKey(deps))));
  app.use(requirePasswordChange);
  // The nav marks the module the page belongs to.
  app.use((req, res, next) => { res.locals.navPath = req.path; next(); });
  // The token endpoint checks an argon2 hash as sign-in does: the same brake on an address's failures.
  app.post(['/login', '/api/login', '/oauth/token'], loginLimiter(new AddressThrottle(limitsFor(deps))));
  // Before the page CSRF check: the Temporal UI cannot send Zhifa's token (api/routes/codec.ts says why that is safe).
  const codecOrigin = loadConfig().CODEC_CORS_ORIGIN;
  app.use(codecRoutes(deps, deps.codecCorsOrigins ?? (codecOrigin ? [codecOrigin] : [])));
  app.use(csrfOnPageWrites);
  // Evidence files: a folder under DATA_DIR or S3, as configured, unless the caller gives one (tests).
  // Kept on deps: services store referral and reconsideration attachments there too (api/services/attachment-store.ts).
  deps.storage ??= storageFromConfig(loadConfig());
  const storage = deps.storage;
  app.use(uploadRoutes(storage, deps.prisma));
  app.use(navQueueCounts(deps));

  const routes = apiRouteTable(deps);
  const api = Router();
  let spec: Record<string, unknown> | undefined; // built once: it tries every text field's schema
  api.get('/api/openapi.json', (_req, res) => { res.json(spec ??= openApi(routes)); });
  mount(api, routes);
  api.use('/api', () => { throw notFound('接口'); });
  app.use(api);
  for (const pages of pageRouters(deps, routes, storage)) app.use(pages);
  app.use(errorMiddleware(deps.logger));
  return Object.assign(app, { ops: createOpsApp(deps, meter.router, opts.metricsToken) });
}
