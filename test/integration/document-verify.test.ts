import { createHash, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import express from 'express';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { documentActivities } from '../../activities/documents.ts';
import type { AppDeps } from '../../api/deps.ts';
import { errorMiddleware } from '../../api/errors.ts';
import { documentPdfRoutes } from '../../api/routes/document-pdf.ts';
import { renderView, viewsDir } from '../../api/views.ts';
import { createPrisma, type PrismaClient } from '../../infra/db.ts';
import type { Actor } from '../../workflows/messages.ts';

// 文书核验 (issue 23 item 2): what the public learns from a document's QR code, on real rows.
const data = {
  party: { kind: 'ORG', name: '玉溪某化工有限公司', idNumber: '91530402MA6K00001X', address: '玉溪市红塔区某路1号', legalRep: '赵某' },
  facts: '储罐区可燃气体报警装置失效。', evidence: ['现场检查记录'], violationBasis: '《中华人民共和国安全生产法》第三十六条',
  penaltyBasis: '《中华人民共和国安全生产法》第九十九条', penalty: '罚款', fineFen: 2000000,
};

let prisma: PrismaClient;
let base: string;
let close: () => void;
let as: Actor | undefined;
const issue = () => documentActivities(prisma).issueDocument({ key: `verify-${randomUUID()}`, orgId: 'yx-hongta', kind: 'PENALTY_DECISION', data });
const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

beforeAll(async () => {
  prisma = createPrisma(inject('databaseUrl'), 4);
  const deps = { prisma, documentPdf: { publicBaseUrl: 'https://zhifa.example.gov.cn' } } as unknown as AppDeps;
  const app = express();
  app.engine('hbs', renderView);
  app.set('view engine', 'hbs');
  app.set('views', viewsDir);
  app.use((req, _res, next) => { req.actor = as; next(); });
  app.use(documentPdfRoutes(deps));
  app.use(errorMiddleware(pino({ level: 'silent' })));
  const server = app.listen(0);
  await new Promise((r) => server.once('listening', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => server.close();
});
afterAll(async () => { close?.(); await prisma?.$disconnect(); });

const verify = async (id: string, hash?: string) => {
  const r = await fetch(`${base}/api/public/verify/${id}${hash ? `?sha256=${hash}` : ''}`);
  return { status: r.status, body: await r.json() };
};

describe('文书核验', () => {
  it('the PDF is the org’s own, and the public page recognises its hash and the stored HTML’s, never another file’s', async () => {
    const doc = await issue();
    as = undefined;
    expect((await fetch(`${base}/documents/${doc.id}/pdf`, { redirect: 'manual' })).status).toBe(302);
    as = { userId: 'u', name: '测试', orgId: 'yx-jiangchuan', roles: ['HANDLER'], certified: true };
    expect((await fetch(`${base}/documents/${doc.id}/pdf`, { headers: { accept: 'application/json' } })).status).toBe(404);

    as = { ...as, orgId: 'yx-hongta' };
    const res = await fetch(`${base}/documents/${doc.id}/pdf`);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const pdf = Buffer.from(await res.arrayBuffer());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const again = Buffer.from(await (await fetch(`${base}/documents/${doc.id}/pdf`)).arrayBuffer());
    expect(sha(again)).toBe(sha(pdf));
    expect(await prisma.documentRendering.count({ where: { documentId: doc.id } })).toBe(1);

    as = undefined;
    const { status, body } = await verify(doc.id, sha(pdf));
    expect(status).toBe(200);
    expect(body).toEqual({
      number: doc.number, title: '行政处罚决定书', authority: '玉溪市红塔区应急管理局', issuedAt: expect.any(String),
      standing: 'IN_FORCE', standingLabel: '有效', hashMatches: true,
    });
    expect(JSON.stringify(body)).not.toMatch(/玉溪某化工|91530402MA6K00001X|赵某/);
    expect((await verify(doc.id, doc.sha256)).body.hashMatches).toBe(true);
    const forged = Buffer.from(pdf);
    forged[forged.length - 10] ^= 1;
    expect((await verify(doc.id, sha(forged))).body.hashMatches).toBe(false);

    const page = await fetch(`${base}/verify/${doc.id}`);
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain(doc.number);
    expect(html).toContain('有效');
    expect(html).not.toContain('玉溪某化工');
  });

  it('a decision revoked on reconsideration, and then changed by a court, shows as such', async () => {
    const doc = await issue();
    const id = `verify-${randomUUID()}`;
    await prisma.reconsideration.create({ data: {
      id, caseId: `case-${id}`, organId: 'yx-hongta-gov', respondentOrgId: 'yx-hongta', decisionNumber: doc.number, applicantName: '玉溪某化工有限公司',
      via: 'ORGAN', status: 'DECIDED', receivedAt: new Date(), decidedAt: new Date(), outcome: 'REVOKE',
    } });
    expect((await verify(doc.id)).body).toMatchObject({ standing: 'REVOKED', standingLabel: '已被撤销', standingBy: 'RECONSIDERATION' });
    expect(await (await fetch(`${base}/verify/${doc.id}`)).text()).toContain('已被撤销');

    await prisma.reconsideration.update({ where: { id }, data: { outcome: 'UPHOLD', data: { events: [{ action: 'reconsideration.lawsuit_judged', result: 'CHANGED' }] } } });
    expect((await verify(doc.id)).body).toMatchObject({ standing: 'CHANGED', standingBy: 'JUDGMENT' });
  });

  it('an unknown, guessed or malformed id gets the same not-found, telling nothing', async () => {
    const answers = await Promise.all([randomUUID(), 'not-an-id', '1', 'x'.repeat(120)].map((id) => verify(id)));
    for (const a of answers) expect(a).toEqual(answers[0]);
    expect(answers[0].status).toBe(404);
    const pages = await Promise.all([randomUUID(), 'not-an-id'].map(async (id) => {
      const r = await fetch(`${base}/verify/${id}`);
      return { status: r.status, text: (await r.text()).replace(/not-an-id|[0-9a-f-]{36}/g, '') };
    }));
    expect(pages[0]).toEqual(pages[1]);
    expect(pages[0].status).toBe(404);
  });

  it('a malformed hash is refused with a 400 naming it', async () => {
    const doc = await issue();
    const r = await verify(doc.id, 'abc');
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.body)).toContain('sha256');
  });
});
