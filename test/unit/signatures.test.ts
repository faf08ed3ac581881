import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { renderPdf } from '../../documents/pdf.ts';
import { pdfFonts } from '../../documents/pdf-fonts.ts';
import { documentHash, renderDocument } from '../../documents/render.ts';
import { inspectionContent } from '../../rules/forms/records.ts';
import { isPngDataUrl } from '../../rules/forms/signatures.ts';
import { signedInspectionRecord } from '../../rules/forms/inspection-forms.ts';
import { documentSample } from '../support/document-sample.ts';
import { inspectionRecord } from '../support/records.ts';
import { makePng } from '../support/uploads.ts';

// 现场签名 (issue 23 item 3): signatures drawn on the phone are part of the numbered record.
const png = (rgb: [number, number, number]) => `data:image/png;base64,${makePng(120, 40, rgb).toString('base64')}`;
const at = new Date(Date.now() - 3_600_000).toISOString();
const officers = [{ officerId: 'o1', image: png([0, 0, 0]), signedAt: at }, { officerId: 'o2', image: png([0, 0, 80]), signedAt: at }];
const signing = { officers, servedAt: at, address: '公司办公室' };
const record = (over: Record<string, unknown>) => inspectionRecord(['o1', 'o2'], over);
const problems = (v: unknown) => (inspectionContent.safeParse(v).error?.issues ?? []).map((i) => `${i.path.join('.')}: ${i.message}`);

describe('on-site signatures on a 现场检查记录', () => {
  it('takes the party’s signature when it confirms, and witnesses when it refuses', () => {
    expect(problems(record({ confirmation: { status: 'CONFIRMED' }, signing: { ...signing, party: { name: '孙某', image: png([0, 0, 0]), signedAt: at } } }))).toEqual([]);
    expect(problems(record({ confirmation: { status: 'CONFIRMED' }, signing }))).toEqual(['signing.party: 当事人已核对无误，须由其签名']);
    expect(problems(record({ signing }))).toEqual(['signing.witnesses: 当事人拒绝签字的，须有见证人签名（留置送达）']);
    expect(problems(record({ signing: { ...signing, witnesses: [{ name: '村委会主任李某', image: png([0, 0, 0]), signedAt: at }] } }))).toEqual([]);
  });

  it('needs every officer of the record, once, and a real PNG', () => {
    const witnesses = [{ name: '李某', image: png([0, 0, 0]), signedAt: at }];
    expect(problems(record({ signing: { ...signing, witnesses, officers: [officers[0], officers[0]] } }))).toEqual([
      'signing.officers: 同一执法人员不能重复签名', 'signing.officers: 记录中的每名执法人员都须签名',
    ]);
    const fake = `data:image/png;base64,${Buffer.from('<svg onload=alert(1)>').toString('base64')}`;
    expect(isPngDataUrl(fake)).toBe(false);
    expect(problems(record({ signing: { ...signing, witnesses: [{ ...witnesses[0], image: fake }] } }))).toEqual([
      'signing.witnesses.0.image: 见证人的签名须为PNG图片',
    ]);
  });
});

describe('a signed record as issued', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'zhifa-sign-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const signatures = (partyInk: [number, number, number]) => ({
    party: { name: '钱某', image: png(partyInk), signedAt: at },
    officers: [{ name: '李明', image: png([0, 0, 0]), signedAt: at }, { name: '王芳', image: png([0, 0, 80]), signedAt: at }], witnesses: [],
  });

  it('binds each signature into the hash: a changed stroke is another document', () => {
    const a = renderDocument('INSPECTION_RECORD', { ...documentSample, signatures: signatures([0, 0, 0]) });
    const b = renderDocument('INSPECTION_RECORD', { ...documentSample, signatures: signatures([0, 0, 1]) });
    expect(a).toContain(`<img src="${png([0, 0, 0]).replace(/=/g, '&#x3D;')}" alt="钱某的签名"`);
    expect(documentHash(a)).not.toBe(documentHash(b));
  });

  it('draws the signatures into the PDF', async () => {
    const html = renderDocument('INSPECTION_RECORD', { ...documentSample, signatures: signatures([0, 0, 0]) });
    const file = path.join(dir, 'signed.pdf');
    writeFileSync(file, await renderPdf({ html, title: '现场检查记录', number: documentSample.number, issuedAt: new Date(at), fonts: pdfFonts() }));
    const images = execFileSync('pdfimages', ['-list', file]).toString().trim().split('\n').slice(2);
    expect(images).toHaveLength(3);
    expect(execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-']).toString().replace(/\s+/g, '')).toContain('钱某（');
  }, 60_000);

  it('a refusal served on site is a 留置送达 with its witnesses and reason', () => {
    const html = renderDocument('SERVICE_RECEIPT', {
      ...documentSample, method: '留置送达', witness: '李某', notes: '受送达人拒绝签收（执法人员注明：称需请示总经理）。',
      signatures: { officers: signatures([0, 0, 0]).officers, witnesses: [{ name: '李某', image: png([0, 0, 0]), signedAt: at }] },
    });
    const text = html.replace(/<[^>]+>/g, '');
    expect(text).toContain('留置送达');
    expect(text).toContain('拒绝签收');
    expect(text).toContain('李某（');
    expect(text).toContain('称需请示总经理');
  });

  it('a 责令限期整改指令书 signed for on the phone draws the receipt into the PDF; a refusal says 留置送达', async () => {
    const data = { ...documentSample, rectifyBy: '2026-12-31', hazards: [{ description: '报警器失效', location: '罐区', major: false, photos: [] }], servedAt: at };
    const html = renderDocument('RECTIFICATION_ORDER', { ...data, signatures: signatures([0, 0, 0]) });
    expect(documentHash(html)).not.toBe(documentHash(renderDocument('RECTIFICATION_ORDER', { ...data, signatures: signatures([0, 0, 1]) })));
    const file = path.join(dir, 'order.pdf');
    writeFileSync(file, await renderPdf({ html, title: '责令限期整改指令书', number: documentSample.number, issuedAt: new Date(at), fonts: pdfFonts() }));
    expect(execFileSync('pdfimages', ['-list', file]).toString().trim().split('\n').slice(2)).toHaveLength(3);
    expect(execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-']).toString().replace(/\s+/g, '')).toContain('被检查单位（签收）：钱某（');
    const refused = renderDocument('RECTIFICATION_ORDER', { ...data, signatures: { ...signatures([0, 0, 0]), party: undefined, witnesses: [{ name: '李某', image: png([0, 0, 0]), signedAt: at }] } });
    expect(refused.replace(/<[^>]+>/g, '')).toMatch(/拒绝签收，留置送达[\s\S]*李某（/);
    // Without signatures (printed and signed by hand) the order is as it was.
    expect(renderDocument('RECTIFICATION_ORDER', data)).not.toContain('签收');
  }, 60_000);
});

describe('the 当场处罚决定书 signed for on the phone (行政处罚法 Art 52)', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'zhifa-summary-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const receipt = (ink: [number, number, number]) => ({ name: '钱某', image: png(ink), signedAt: at });
  it('prints the party’s signature in the 当事人签收 box, in the hash and the PDF; a refusal is noted with its witness', async () => {
    const html = renderDocument('SUMMARY_DECISION', { ...documentSample, receipt: receipt([0, 0, 0]) });
    expect(documentHash(html)).not.toBe(documentHash(renderDocument('SUMMARY_DECISION', { ...documentSample, receipt: receipt([0, 0, 1]) })));
    const file = path.join(dir, 'summary.pdf');
    writeFileSync(file, await renderPdf({ html, title: '当场行政处罚决定书', number: documentSample.number, issuedAt: new Date(at), fonts: pdfFonts() }));
    expect(execFileSync('pdfimages', ['-list', file]).toString().trim().split('\n').slice(2)).toHaveLength(1);
    expect(execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-']).toString().replace(/\s+/g, '')).toContain('当事人（签收）：钱某（');
    const refused = renderDocument('SUMMARY_DECISION', { ...documentSample, refusedToSign: true, refusal: { reason: '称须请示总经理', witness: { name: '李某', image: png([0, 0, 0]), signedAt: at } } })
      .replace(/<[^>]+>/g, '');
    expect(refused).toContain('当事人拒绝签收（理由：称须请示总经理），见证人李某，执法人员已当场注明');
    expect(refused).not.toContain('执法人员已在本决定书上注明');
    // A decision issued before the phone signing (printed, signed by hand) reads as it did.
    expect(renderDocument('SUMMARY_DECISION', documentSample).replace(/<[^>]+>/g, '')).toContain('当事人（签收）：　　　　年　月　日');
  }, 60_000);
});

describe('the 现场检查记录 of a 监督检查 signed on the phone (form version 2)', () => {
  const base = {
    officerIds: ['o1', 'o2'], startedAt: at, place: '罐区', staffPresent: [{ name: '孙志强', position: '安全总监' }], findings: '检查了罐区。',
  };
  const issues = (v: unknown) => (signedInspectionRecord.safeParse(v).error?.issues ?? []).map((i) => `${i.path.join('.')}: ${i.message}`);
  it('is made as before without signatures; signed, it needs the check, every officer and the party or a witness', () => {
    expect(issues(base)).toEqual([]);
    expect(issues({ ...base, signing })).toEqual(['confirmation: 在手机上签名的，请先选择现场负责人的核对意见（已核对无误，或拒绝签字并注明理由）']);
    expect(issues({ ...base, confirmation: { status: 'CONFIRMED' }, signing })).toEqual(['signing.party: 当事人已核对无误，须由其签名']);
    expect(issues({ ...base, confirmation: { status: 'REFUSED', reason: '称需请示总经理' }, signing: { ...signing, witnesses: [{ name: '李某', image: png([0, 0, 0]), signedAt: at }] } })).toEqual([]);
    expect(issues({ ...base, confirmation: { status: 'CONFIRMED' }, signing: { ...signing, officers: [officers[0]], party: { name: '孙志强', image: png([0, 0, 0]), signedAt: at } } }))
      .toEqual(['signing.officers: 须由两名以上执法人员签名', 'signing.officers: 记录中的每名执法人员都须签名']);
  });
});
