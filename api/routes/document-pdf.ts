import { createHash } from 'node:crypto';
import { Router, type Request } from 'express';
import { z } from 'zod';
import { pdfFonts } from '../../documents/pdf-fonts.ts';
import { renderPdf, type PdfFonts } from '../../documents/pdf.ts';
import { recordRendering, verifyDocument } from '../../store/document-verification.ts';
import { canSeeOrg } from '../../store/visibility.ts';
import { csrfToken } from '../auth.ts';
import type { AppDeps } from '../deps.ts';
import { AppError, notFound } from '../errors.ts';
import { defineRoute, mount, type RouteDef } from '../route.ts';
import { idParam } from './schemas.ts';

// PDF 文书 and their public verification (issue 23): the PDF carries a QR code of /verify/<id>,
// where anyone holding the paper or the file checks its number, issuing organ, date, whether it is
// still in force and whether the file's SHA-256 is one Zhifa issued. Ids are random UUIDs; an
// unknown, guessed or malformed id gets the same "not found".

const sha256Query = z.object({
  sha256: z.string().regex(/^[0-9a-fA-F]{64}$/, 'sha256 应为64位十六进制').optional().describe('持有文件的 SHA-256（在浏览器中计算，文件不上传）'),
}).strict();

export const verificationBody = z.object({
  number: z.string(), title: z.string(), authority: z.string(), issuedAt: z.iso.datetime({ offset: true }),
  standing: z.enum(['IN_FORCE', 'CORRECTED', 'REVOKED', 'CHANGED', 'DECLARED_UNLAWFUL']), standingLabel: z.string(), correctedBy: z.string().optional(),
  standingBy: z.enum(['RECONSIDERATION', 'JUDGMENT']).optional(), hashMatches: z.boolean().optional(),
});

const NOT_FOUND = '未找到该文书：请核对二维码或链接是否完整';

export function verificationRoutes(deps: AppDeps): RouteDef[] {
  return [
    defineRoute({
      method: 'get', path: '/api/public/verify/:id', tag: 'public', access: 'public', params: idParam, query: sha256Query, response: verificationBody,
      summary: '文书核验：编号、种类、作出机关、日期、效力状态，及所持文件的 SHA-256 是否一致（不含个人信息）', refusals: [],
      handler: async ({ params, query }) => {
        const v = await verifyDocument(deps.prisma, params.id, query.sha256);
        if (!v) throw new AppError('not_found', NOT_FOUND, 404);
        return v;
      },
    }),
  ];
}

let fonts: PdfFonts | undefined;
function fontsFor(deps: AppDeps): PdfFonts {
  try {
    return (fonts ??= pdfFonts(deps.documentPdf?.fonts));
  } catch (err) {
    throw new AppError('unavailable', (err as Error).message, 503);
  }
}

const origin = (req: Request) => `${req.protocol}://${req.get('host')}`;

/** GET /documents/:id/pdf (signed in, the org's own documents) and the public /verify/:id page. */
export function documentPdfRoutes(deps: AppDeps): Router {
  const r = Router();
  r.get('/documents/:id/pdf', async (req, res) => {
    if (!req.actor) return res.redirect(`/login?next=${encodeURIComponent(req.originalUrl)}`);
    const { id } = idParam.parse(req.params);
    const doc = await deps.prisma.document.findUnique({ where: { id }, select: { id: true, orgId: true, html: true, number: true, title: true, issuedAt: true } });
    if (!doc || !(await canSeeOrg(deps.prisma, req.actor, doc.orgId))) throw notFound('文书');
    const base = deps.documentPdf?.publicBaseUrl ?? origin(req);
    const pdf = await renderPdf({ html: doc.html, title: doc.title, number: doc.number, issuedAt: doc.issuedAt, verifyUrl: `${base}/verify/${doc.id}`, fonts: fontsFor(deps) });
    await recordRendering(deps.prisma, doc.id, createHash('sha256').update(pdf).digest('hex'), 'PDF');
    res.set({
      'Content-Type': 'application/pdf', 'Content-Length': String(pdf.length), 'Cache-Control': 'private, no-store', 'X-Content-Type-Options': 'nosniff',
      'Content-Disposition': `inline; filename="document.pdf"; filename*=UTF-8''${encodeURIComponent(`${doc.title}-${doc.number}.pdf`)}`,
    });
    res.end(pdf);
  });
  r.get('/verify/:id', async (req, res) => {
    const id = String(req.params.id);
    const v = id.length <= 128 ? await verifyDocument(deps.prisma, id) : null;
    res.status(v ? 200 : 404).render('verify', { title: '文书核验', id, v, notFound: v ? undefined : NOT_FOUND, me: req.actor, ...(req.actor ? { csrf: csrfToken(req) } : {}) });
  });
  mount(r, verificationRoutes(deps));
  return r;
}
