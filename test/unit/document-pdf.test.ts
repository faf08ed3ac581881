import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import { DOCUMENT_KINDS, type DocumentKind } from '../../documents/kinds.ts';
import { renderPdf } from '../../documents/pdf.ts';
import { pdfFonts } from '../../documents/pdf-fonts.ts';
import { renderDocument } from '../../documents/render.ts';
import { documentSample } from '../support/document-sample.ts';

// PDF 文书 (issue 23), read back with Debian's poppler-utils (pdftotext, pdftoppm) as a person's
// viewer would show them: the Chinese text is there, the QR code opens the verification page.
const KINDS = Object.keys(DOCUMENT_KINDS) as DocumentKind[];
const fonts = pdfFonts();
const dir = mkdtempSync(path.join(os.tmpdir(), 'zhifa-pdf-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const verifyUrl = 'https://zhifa.example.gov.cn/verify/0b7c6d1e-2f3a-4b5c-8d9e-0f1a2b3c4d5e';
const pdfOf = (kind: DocumentKind, data = documentSample) => renderPdf({
  html: renderDocument(kind, data), title: DOCUMENT_KINDS[kind].title, number: data.number, issuedAt: new Date('2026-11-28T01:00:00Z'), verifyUrl, fonts,
});
const save = (name: string, bytes: Buffer) => {
  const file = path.join(dir, name);
  writeFileSync(file, bytes);
  return file;
};
/** pdftotext's reading of the file, with the line breaks and spaces of the layout taken out. */
const textOf = (file: string) => execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-']).toString('utf8').replace(/\s+/g, '');

describe('PDF 文书', () => {
  it.each(KINDS)('%s: the PDF shows its title, number and authority in Chinese, with page numbers and embedded font subsets', async (kind) => {
    const file = save(`${kind}.pdf`, await pdfOf(kind));
    const text = textOf(file);
    const { title } = DOCUMENT_KINDS[kind];
    expect(text).toContain(title.replace(/\s+/g, ''));
    expect(text).toContain('红塔应急罚〔2026〕12号');
    expect(text).toContain('玉溪市红塔区应急管理局');
    expect(text).toMatch(/第1页共\d+页/);
    const info = execFileSync('pdffonts', [file]).toString();
    // Embedded subsets (name prefixed by a subset tag, "emb" yes): the PDF shows Chinese on a machine without the font.
    expect(info).toMatch(/[A-Z]{6}\+NotoSerifCJKsc-Regular\s.*\byes\s+yes\b/);
  }, 60_000);

  it('the same content renders the same bytes, and other content other bytes', async () => {
    for (const kind of ['PENALTY_DECISION', 'INSPECTION_RECORD', 'SERVICE_RECEIPT'] as const) {
      const [a, b] = [await pdfOf(kind), await pdfOf(kind)];
      expect(createHash('sha256').update(a).digest('hex')).toBe(createHash('sha256').update(b).digest('hex'));
    }
    const other = await pdfOf('PENALTY_DECISION', { ...documentSample, fineFen: 1234600 });
    expect(other.equals(await pdfOf('PENALTY_DECISION'))).toBe(false);
  }, 120_000);

  it('its QR code decodes to the document’s verification page', async () => {
    const file = save('qr.pdf', await pdfOf('PENALTY_DECISION'));
    execFileSync('pdftoppm', ['-r', '150', '-f', '1', '-l', '1', '-png', file, path.join(dir, 'qr')]);
    const png = PNG.sync.read(readFileSync(path.join(dir, 'qr-1.png')));
    const code = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
    expect(code?.data).toBe(verifyUrl);
  }, 60_000);
});
