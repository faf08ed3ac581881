import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import express from 'express';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { documentActivities } from '../../activities/documents.ts';
import type { AppDeps } from '../../api/deps.ts';
import { errorMiddleware } from '../../api/errors.ts';
import { documentPageRoutes } from '../../api/routes/documents.ts';
import { createPrisma, type PrismaClient } from '../../infra/db.ts';
import type { Actor } from '../../workflows/messages.ts';

const data = {
  party: { kind: 'ORG', name: '玉溪某化工有限公司', idNumber: '91530402MA6K00001X', address: '玉溪市红塔区某路1号', legalRep: '赵某' },
  facts: '储罐区可燃气体报警装置失效。', evidence: ['现场检查记录'], violationBasis: '《中华人民共和国安全生产法》第三十六条',
  penaltyBasis: '《中华人民共和国安全生产法》第九十九条', penalty: '责令限期改正', fineFen: 2000000,
};

let prisma: PrismaClient;
let issue: ReturnType<typeof documentActivities>['issueDocument'];
beforeAll(() => {
  prisma = createPrisma(inject('databaseUrl'), 4);
  issue = documentActivities(prisma).issueDocument;
});
afterAll(async () => prisma?.$disconnect());

const decision = (key = `test-${randomUUID()}`) => issue({ key, orgId: 'yx-hongta', kind: 'PENALTY_DECISION', data });
const auditCount = (id: string) => prisma.auditEvent.count({ where: { subjectType: 'Document', subjectId: id, action: 'document.issued' } });

describe('issuing an 执法文书', () => {
  it('numbers it in the org’s series, names the authority and 复议机关, and stores its hash', async () => {
    const doc = await decision();
    expect(doc.number).toMatch(/^红塔应急罚〔\d{4}〕\d+号$/);
    expect(doc.title).toBe('行政处罚决定书');
    const row = await prisma.document.findUniqueOrThrow({ where: { id: doc.id } });
    expect(row.sha256).toBe(doc.sha256);
    expect(row.html).toContain(doc.number);
    expect(row.html).toContain('<p class="authority">玉溪市红塔区应急管理局</p>');
    expect(row.html).toContain('六十日内依法向玉溪市红塔区人民政府申请行政复议');
    expect(await auditCount(doc.id)).toBe(1);
  });

  it('a retry with the same key returns the same document, consumes no number and adds no audit event', async () => {
    const key = `test-${randomUUID()}`;
    const first = await decision(key);
    const again = await decision(key);
    expect(again).toEqual(first);
    expect(await auditCount(first.id)).toBe(1);
    const next = await decision();
    expect(seq(next.number)).toBe(seq(first.number) + 1);
  });

  it('concurrent attempts with one key yield one document', async () => {
    const key = `test-${randomUUID()}`;
    const [a, b] = await Promise.all([decision(key), decision(key)]);
    expect(b).toEqual(a);
    expect(await prisma.document.count({ where: { key } })).toBe(1);
  });

  it('two different keys get consecutive numbers', async () => {
    const a = await decision();
    const b = await decision();
    expect(seq(b.number)).toBe(seq(a.number) + 1);
  });

  it('the database refuses to edit or delete an issued document', async () => {
    const doc = await decision();
    await expect(prisma.$executeRaw`UPDATE "Document" SET html = 'forged' WHERE id = ${doc.id}`).rejects.toThrow(/append-only/);
    await expect(prisma.$executeRaw`DELETE FROM "Document" WHERE id = ${doc.id}`).rejects.toThrow(/append-only/);
    expect((await prisma.document.findUniqueOrThrow({ where: { id: doc.id } })).sha256).toBe(doc.sha256);
  });
});

const seq = (number: string) => Number(/〕(\d+)号$/.exec(number)![1]);

describe('document routes', () => {
  let base: string;
  let close: () => void;
  let as: Actor | undefined;
  beforeAll(async () => {
    const deps = { prisma } as unknown as AppDeps; // the routes use prisma only
    const app = express();
    app.use((req, _res, next) => { req.actor = as; next(); });
    app.use(documentPageRoutes(deps));
    app.use(errorMiddleware(pino({ level: 'silent' })));
    const server = app.listen(0);
    await new Promise((r) => server.once('listening', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => server.close();
  });
  afterAll(() => close?.());
  const actor = (orgId: string): Actor => ({ userId: 'u', name: '测试', orgId, roles: ['HANDLER'], certified: true });

  it('serves the stored HTML as issued, with metadata that verifies, to the own org only', async () => {
    const doc = await decision();
    as = undefined;
    const anon = await fetch(`${base}/documents/${doc.id}`, { redirect: 'manual' });
    expect(anon.status).toBe(302);
    expect(anon.headers.get('location')).toMatch(/^\/login\?next=/);

    as = actor('yx-hongta');
    const page = await fetch(`${base}/documents/${doc.id}`);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    const stored = await prisma.document.findUniqueOrThrow({ where: { id: doc.id } });
    expect(await page.text()).toBe(stored.html);
    const meta = await (await fetch(`${base}/api/documents/${doc.id}`)).json();
    expect(meta).toMatchObject({ id: doc.id, number: doc.number, sha256: doc.sha256, kind: 'PENALTY_DECISION', verified: true });
    expect(meta.html).toBeUndefined();

    as = actor('yx-jiangchuan');
    expect((await fetch(`${base}/documents/${doc.id}`, { headers: { accept: 'application/json' } })).status).toBe(404);
    expect((await fetch(`${base}/api/documents/${doc.id}`)).status).toBe(404);
  });
});
