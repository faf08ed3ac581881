import { Router } from 'express';
import { documentHash } from '../../documents/render.ts';
import { canSeeOrg } from '../../store/visibility.ts';
import type { Actor } from '../../workflows/messages.ts';
import type { AppDeps } from '../deps.ts';
import { notFound } from '../errors.ts';
import { defineRoute, mount, type RouteDef } from '../route.ts';
import { idParam } from './schemas.ts';
import { visibleReconsideration } from '../services/reconsiderations.ts';
import { documentMeta } from './case-responses.ts';

// The stored HTML is served byte for byte as issued (DESIGN §6). It must run nothing, so the
// page gets a CSP of its own: inline styles only (the embedded print stylesheet), no scripts.
const DOCUMENT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'";

const RECON_KEY = /^reconsideration-([^/]+)\//;

async function visibleDocument(deps: AppDeps, actor: Actor, id: string) {
  const doc = await deps.prisma.document.findUnique({ where: { id } });
  // A 复议 notice is the organ's document, addressed to the respondent bureau (提出答复通知书,
  // 复议决定书): whoever may see the reconsideration reads it.
  const recon = doc && RECON_KEY.exec(doc.key)?.[1];
  // Someone else's org reads as "not found": existence is not disclosed.
  if (!doc || !((await canSeeOrg(deps.prisma, actor, doc.orgId)) || (recon && (await visibleReconsideration(deps, actor, recon))))) throw notFound('文书');
  return doc;
}

/** GET /api/documents/:id — metadata and whether the stored HTML still matches its hash. */
export function documentApiRoutes(deps: AppDeps): RouteDef[] {
  return [
    defineRoute({
      method: 'get', path: '/api/documents/:id', tag: 'documents', access: 'authenticated', summary: '文书信息及完整性校验', params: idParam, refusals: [], response: documentMeta,
      handler: async ({ actor, params }) => {
        const { html, key: _key, ...meta } = await visibleDocument(deps, actor, params.id);
        return { ...meta, url: `/documents/${meta.id}`, verified: documentHash(html) === meta.sha256 };
      },
    }),
  ];
}

/** GET /documents/:id (printable page) and GET /api/documents/:id. */
export function documentPageRoutes(deps: AppDeps): Router {
  const r = Router();
  r.get('/documents/:id', async (req, res) => {
    if (!req.actor) return res.redirect(`/login?next=${encodeURIComponent(req.originalUrl)}`);
    const doc = await visibleDocument(deps, req.actor, idParam.parse(req.params).id);
    res.set({ 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': DOCUMENT_CSP, 'Cache-Control': 'private, no-store' });
    res.send(doc.html);
  });
  mount(r, documentApiRoutes(deps));
  return r;
}
