import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leadBody } from '../support/cases.ts';
import { sessionAs } from '../support/session.ts';
import { apiAs, startSystem, type Api, type System } from '../support/system.ts';
import { makeMp4Like, makePng, tusUpload } from '../support/uploads.ts';
import { readZip } from '../support/zip-read.ts';

// The evidence export (issue 22): one ZIP of the case's files with a manifest (key, SHA-256, size,
// custody) and SHA256SUMS; each file's export on the audit chain and in its custody log; scoped
// by org as downloads are. The archive is read back with a reader of our own (test/support/zip-read.ts).
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const VIDEO = makeMp4Like(700_000, 3);
const PNG = makePng(32, 32, [10, 120, 200]);
const LEGACY = Buffer.from('%PDF-1.4\n% 早期存入数据库的询问笔录扫描件\n');

let sys: System;
let handler: Api, other: Api;
let caseId: string;
const ids: Record<string, string> = {};
beforeAll(async () => {
  sys = await startSystem();
  [handler, other] = await Promise.all([apiAs(sys.baseUrl, 'hongta.handler1'), apiAs(sys.baseUrl, 'jiangchuan.handler1')]);
  caseId = (await handler.post('/api/cases', leadBody())).body.caseId;
  for (const [name, data, kind] of [['现场/录像:1.mp4', VIDEO, 'VIDEO'], ['储罐区.png', PNG, 'PHOTO']] as const) {
    const up = await tusUpload(sys.baseUrl, handler.token, data, { filename: name });
    const r = await handler.post(`/api/cases/${caseId}/evidence`, {
      kind, description: `${name} 现场取证`, uploadId: up.id, capturedAt: new Date(Date.now() - 3600_000).toISOString(), deviceId: 'DSJ-0451',
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    ids[kind] = r.body.id;
  }
  // A file from before the object store, still in the row's bytes (api/services/evidence-export.ts reads it from there).
  ids.LEGACY = randomUUID();
  await sys.prisma.evidence.create({ data: {
    id: ids.LEGACY, caseId, kind: 'DOCUMENT', description: '早期上传的书证', fileName: '笔录.pdf', mimeType: 'application/pdf',
    size: BigInt(LEGACY.length), sha256: sha(LEGACY), content: LEGACY, collectedById: 'u-hongta-handler1',
  } });
});
afterAll(async () => sys?.stop());

const exportedEvents = () => sys.prisma.auditEvent.findMany({ where: { caseId, action: { in: ['evidence.exported', 'case.evidence_exported'] } }, orderBy: { id: 'asc' } });

describe('evidence export (ZIP)', () => {
  it('streams every file with its manifest and SHA256SUMS; the hashes are those of the sources', async () => {
    const res = await fetch(`${sys.baseUrl}/cases/${caseId}/evidence/export`, { headers: { authorization: `Bearer ${handler.token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename\*=UTF-8''/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const zip = readZip(Buffer.from(await res.arrayBuffer()));

    const manifest = JSON.parse(zip.get('manifest.json')!.toString('utf8'));
    expect(manifest.case.id).toBe(caseId);
    expect(manifest.files).toHaveLength(3);
    const byId = new Map(manifest.files.map((f: { evidenceId: string }) => [f.evidenceId, f]));
    const expected = { VIDEO, PHOTO: PNG, LEGACY } as const;
    for (const [kind, source] of Object.entries(expected)) {
      const f = byId.get(ids[kind]!) as { path: string; sha256: string; size: number; key: string; custody: { deviceId: string | null; uploadedBy: string | null; accesses: unknown[] } };
      expect(f, kind).toBeDefined();
      expect(f.sha256).toBe(sha(source));
      expect(f.size).toBe(source.length);
      expect(zip.get(f.path)?.equals(source), `${kind}: ${f.path}`).toBe(true);
      if (kind !== 'LEGACY') {
        expect(f.key).toMatch(/^evidence\//);
        expect(f.custody).toMatchObject({ deviceId: 'DSJ-0451', uploadedBy: expect.any(String) });
      }
    }
    // A person's file name cannot make a path of its own inside the archive.
    expect([...zip.keys()].filter((k) => k.startsWith('证据/')).every((k) => k.split('/').length === 2)).toBe(true);
    const sums = zip.get('SHA256SUMS')!.toString('utf8').trim().split('\n');
    expect(sums).toHaveLength(3);
    for (const line of sums) {
      const [hash, name] = line.split(/ {2}/);
      expect(sha(zip.get(name!)!)).toBe(hash);
    }
  });

  it('writes evidence.exported per file and one case.evidence_exported to the audit chain, shown in the custody log', async () => {
    const events = await exportedEvents();
    expect(events.filter((e) => e.action === 'evidence.exported').map((e) => e.subjectId).sort()).toEqual(Object.values(ids).sort());
    expect(events.filter((e) => e.action === 'case.evidence_exported')).toHaveLength(1);
    const exportId = (events[0]!.data as { exportId: string }).exportId;
    expect(events.every((e) => (e.data as { exportId: string }).exportId === exportId && e.actorId === 'u-hongta-handler1')).toBe(true);

    const page = await sessionAs(sys.baseUrl, 'hongta.handler1');
    const html = (await page('GET', `/cases/${caseId}`)).html;
    expect(html).toContain(`/cases/${caseId}/evidence/export`);
    const item = html.slice(html.indexOf(`data-evidence="${ids.VIDEO}"`));
    expect(item.slice(0, item.indexOf('</li>'))).toMatch(/保管链[\s\S]*导出/);

    // A second export lists the first one in each file's custody.
    const again = readZip(Buffer.from(await (await fetch(`${sys.baseUrl}/cases/${caseId}/evidence/export`, { headers: { authorization: `Bearer ${handler.token}` } })).arrayBuffer()));
    const video = JSON.parse(again.get('manifest.json')!.toString('utf8')).files.find((f: { evidenceId: string }) => f.evidenceId === ids.VIDEO);
    expect(video.custody.accesses.map((a: { action: string }) => a.action)).toContain('导出');
  });

  it('another county\'s officer gets 404 (in Chinese) and nothing is recorded', async () => {
    const before = (await exportedEvents()).length;
    const res = await fetch(`${sys.baseUrl}/cases/${caseId}/evidence/export`, { headers: { authorization: `Bearer ${other.token}`, accept: 'application/json' } });
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('案件');
    expect((await exportedEvents()).length).toBe(before);
  });
});
