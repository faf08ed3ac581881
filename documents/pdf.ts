import { parseDocument } from 'htmlparser2';
import type { ChildNode, Element } from 'domhandler';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';

// PDF 文书 (issue 23): drawn from the stored HTML of a document — the record as issued (DESIGN §6) —
// so the PDF states exactly what the printed page states. The templates use a small set of
// elements (p, h1/h2, ol/li, table/tr/th/td, strong, br, span, div.seal/.signs); each is laid out
// here the way the print stylesheet (documents/templates/partials/document.hbs) lays it out.
//
// Same content, same bytes: the creation date is the date of issue and pdfkit derives the file id
// and the font subset tags from the content, so the PDF's SHA-256 is stable and can be verified.

export interface PdfFont { path: string; /** PostScript name inside a .ttc collection */ name?: string }
export interface PdfFonts { regular: PdfFont; bold: PdfFont }

export interface PdfInput {
  html: string;
  title: string;
  number: string;
  issuedAt: Date;
  /** Opened by the QR code printed on the first page (the public /verify/<id> page). */
  verifyUrl?: string;
  fonts: PdfFonts;
}

const MM = 72 / 25.4;
const MARGINS = { top: 30 * MM, right: 26 * MM, bottom: 28 * MM, left: 28 * MM };
const BODY = 16;
const LINE_GAP = BODY * 0.75;
const TABLE = 13;
const QR_SIZE = 20 * MM;

interface Run { text: string; bold?: boolean; small?: boolean }

const isElement = (n: ChildNode): n is Element => n.type === 'tag' || n.type === 'script' || n.type === 'style';
const classes = (e: Element) => new Set((e.attribs.class ?? '').split(/\s+/).filter(Boolean));
const find = (nodes: ChildNode[], test: (e: Element) => boolean): Element | undefined => {
  for (const n of nodes) {
    if (!isElement(n)) continue;
    if (test(n)) return n;
    const inner = find(n.children, test);
    if (inner) return inner;
  }
  return undefined;
};

/** Inline content as runs of text; whitespace collapsed as HTML does, unless the block keeps it (pre-wrap). */
function runs(nodes: ChildNode[], keep: boolean, style: Omit<Run, 'text'> = {}): Run[] {
  const out: Run[] = [];
  for (const n of nodes) {
    if (n.type === 'text') {
      const text = keep ? n.data : n.data.replace(/\s+/g, ' ');
      if (text) out.push({ text, ...style });
    } else if (isElement(n)) {
      if (n.name === 'br') out.push({ text: '\n', ...style });
      else if (classes(n).has('signature')) continue; // drawn as an image with its caption (Layout.signatures)
      else {
        const c = classes(n);
        out.push(...runs(n.children, keep || c.has('pre') || c.has('long'), {
          ...style, ...(n.name === 'strong' || n.name === 'b' ? { bold: true } : {}), ...(c.has('legal') ? { small: true } : {}),
        }));
      }
    }
  }
  return out;
}

/** Trims the paragraph's outer whitespace (a collapsed space at either end of a block is not shown). */
function trimmed(rs: Run[]): Run[] {
  const out = rs.map((r) => ({ ...r }));
  while (out.length && !out[0].text.trim() && out[0].text !== '\n') out.shift();
  while (out.length && !out.at(-1)!.text.trim()) out.pop();
  if (out.length) {
    out[0].text = out[0].text.replace(/^[ \t]+/, '');
    out[out.length - 1].text = out.at(-1)!.text.replace(/\s+$/, '');
  }
  return out;
}

interface Signature { image: Buffer; caption: string }
const SIG_H = 12 * MM;
const SIG_W = 32 * MM;

/** The on-site signatures inside an element (partials/signature.hbs): the PNG and "name（time）". */
function signaturesIn(e: Element): Signature[] {
  const out: Signature[] = [];
  const walk = (nodes: ChildNode[]) => nodes.forEach((n) => {
    if (!isElement(n)) return;
    if (!classes(n).has('signature')) return walk(n.children);
    const img = find(n.children, (x) => x.name === 'img');
    const b64 = /^data:image\/png;base64,(.+)$/.exec(img?.attribs.src ?? '')?.[1];
    const caption = runs(n.children.filter((c) => c !== img), false).map((r) => r.text).join('').trim();
    if (b64) out.push({ image: Buffer.from(b64, 'base64'), caption });
  });
  walk(e.children);
  return out;
}

class Layout {
  constructor(private readonly doc: PDFKit.PDFDocument) {}

  private get width() { return this.doc.page.width - MARGINS.left - MARGINS.right; }
  private get bottom() { return this.doc.page.height - MARGINS.bottom; }

  private font(r: { bold?: boolean }) { this.doc.font(r.bold ? 'bold' : 'regular'); }

  /** One paragraph of runs at the current position, wrapped in [x, x + width]. */
  text(rs: Run[], o: { x?: number; width?: number; size?: number; align?: 'left' | 'center' | 'right' | 'justify'; indent?: boolean; bold?: boolean } = {}) {
    const list = trimmed(rs);
    if (!list.length) return;
    const x = o.x ?? MARGINS.left;
    const width = o.width ?? this.width;
    const size = o.size ?? BODY;
    list.forEach((r, i) => {
      this.font({ bold: o.bold || r.bold });
      this.doc.fontSize(r.small ? size * 0.8 : size);
      const opts: PDFKit.Mixins.TextOptions = { width, lineGap: size * 0.75 - 2, align: list.length === 1 ? (o.align ?? 'left') : (o.align === 'justify' ? 'left' : o.align ?? 'left'), continued: i < list.length - 1 };
      if (i === 0) {
        if (o.indent) opts.indent = size * 2;
        this.doc.text(r.text, x, this.doc.y, opts);
      } else this.doc.text(r.text, opts);
    });
  }

  gap(pt: number) { this.doc.y += pt; }

  blocks(nodes: ChildNode[]) {
    for (const n of nodes) {
      if (n.type === 'text') {
        if (n.data.trim()) this.text(runs([n], false), { indent: true, align: 'justify' });
        continue;
      }
      if (!isElement(n)) continue;
      const c = classes(n);
      switch (n.name) {
        case 'header': this.header(n); break;
        case 'footer': break; // drawn on every page instead (footer())
        case 'h1': this.text(runs(n.children, false), { size: 22, align: 'center', bold: true }); this.gap(4); break;
        case 'h2': this.gap(4 * MM); this.text(runs(n.children, false), { bold: true }); this.gap(MM); break;
        case 'p': {
          const plain = c.has('plain') || c.has('number') || c.has('delegated');
          this.text(runs(n.children, c.has('pre') || c.has('long')), { indent: !plain, align: plain ? 'left' : 'justify', size: c.has('legal') ? TABLE : BODY });
          this.gap(2 * MM);
          break;
        }
        case 'ol': case 'ul': this.list(n); break;
        case 'table': this.table(n); break;
        case 'div':
          if (c.has('seal')) this.seal(n);
          else if (c.has('signs')) this.signs(n);
          else this.blocks(n.children);
          break;
        default: this.blocks(n.children);
      }
    }
  }

  private header(h: Element) {
    for (const n of h.children) {
      if (!isElement(n)) continue;
      const c = classes(n);
      if (c.has('authority')) this.text(runs(n.children, false), { size: 20, align: 'center', bold: true });
      else if (n.name === 'h1') { this.gap(2 * MM); this.text(runs(n.children, false), { size: 22, align: 'center', bold: true }); this.gap(2 * MM); }
      else this.text(runs(n.children, false), { size: 14, align: 'center' });
    }
    this.gap(6 * MM);
  }

  private list(l: Element) {
    let i = 0;
    for (const li of l.children) {
      if (!isElement(li) || li.name !== 'li') continue;
      i++;
      const mark = l.name === 'ol' ? `${i}. ` : '• ';
      this.text([{ text: mark }, ...runs(li.children, false)], { x: MARGINS.left + BODY, width: this.width - BODY });
      this.gap(MM);
    }
    this.gap(MM);
  }

  private seal(s: Element) {
    this.gap(12 * MM);
    const width = this.width * 0.6;
    const x = MARGINS.left + this.width - width;
    this.keep(3 * (BODY + LINE_GAP));
    for (const p of s.children) if (isElement(p)) this.text(runs(p.children, false), { x, width, align: 'center' });
  }

  private signs(s: Element) {
    this.gap(8 * MM);
    for (const p of s.children) {
      if (!isElement(p)) continue;
      const sigs = signaturesIn(p);
      if (sigs.length) this.keep(BODY + LINE_GAP + sigs.length * (SIG_H + MM));
      this.text(runs(p.children, false), { align: 'left' });
      this.signatures(sigs, MARGINS.left + 2 * BODY, this.width - 2 * BODY, BODY * 0.8);
      this.gap(MM);
    }
  }

  /** Each signature as drawn on the phone, its signer and time beside it; one per line. */
  signatures(sigs: Signature[], x: number, width: number, size: number) {
    for (const s of sigs) {
      const top = this.doc.y;
      this.doc.image(s.image, x, top, { fit: [SIG_W, SIG_H] });
      this.doc.font('regular').fontSize(size).text(s.caption, x + SIG_W + 2 * MM, top + (SIG_H - size) / 2, { width: width - SIG_W - 2 * MM, lineBreak: false });
      this.doc.x = MARGINS.left;
      this.doc.y = top + SIG_H + MM;
    }
  }

  /** Starts a new page unless `height` still fits on this one. */
  private keep(height: number) {
    if (this.doc.y + height > this.bottom) this.doc.addPage();
  }

  private table(t: Element) {
    const rows: Element[] = [];
    const collect = (nodes: ChildNode[]) => nodes.forEach((n) => {
      if (!isElement(n)) return;
      if (n.name === 'tr') rows.push(n); else collect(n.children);
    });
    collect(t.children);
    const cellsOf = (tr: Element) => tr.children.filter((c): c is Element => isElement(c) && (c.name === 'th' || c.name === 'td'));
    const span = (c: Element) => Math.max(1, Number(c.attribs.colspan ?? 1) || 1);
    const columns = Math.max(1, ...rows.map((r) => cellsOf(r).reduce((s, c) => s + span(c), 0)));
    // Column kinds from a row of single cells: 标签 columns (th) are 20% wide as in print, the rest share what is left.
    const model = rows.map(cellsOf).find((cs) => cs.length === columns) ?? [];
    const isLabel = Array.from({ length: columns }, (_, i) => model[i]?.name === 'th' || (!model.length && i === 0));
    const labels = isLabel.filter(Boolean).length;
    const labelShare = labels && labels < columns && labels * 0.2 <= 0.6 ? 0.2 : 1 / columns;
    const rest = labels < columns ? (1 - labelShare * labels) / (columns - labels) : labelShare;
    const widths = isLabel.map((l) => this.width * (l ? labelShare : rest));
    const pad = 1.5 * MM;
    const doc = this.doc;
    doc.fontSize(TABLE);
    for (const tr of rows) {
      const cells: { x: number; w: number; runs: Run[]; sigs: Signature[] }[] = [];
      let col = 0;
      for (const c of cellsOf(tr)) {
        const w = widths.slice(col, col + span(c)).reduce((a, b) => a + b, 0);
        const x = MARGINS.left + widths.slice(0, col).reduce((a, b) => a + b, 0);
        const cc = classes(c);
        cells.push({ x, w, runs: trimmed(runs(c.children, cc.has('pre') || cc.has('long'))), sigs: signaturesIn(c) });
        col += span(c);
      }
      const heights = cells.map((c) => {
        const text = c.runs.map((r) => r.text).join('');
        doc.font('regular').fontSize(TABLE);
        return (text ? doc.heightOfString(text, { width: c.w - 2 * pad, lineGap: TABLE * 0.6 - 2 }) : 0) + c.sigs.length * (SIG_H + MM);
      });
      const min = tr.children.some((c) => isElement(c) && classes(c).has('long')) ? 18 * MM : 0;
      const h = Math.max(min, ...heights) + 2 * pad;
      this.keep(Math.min(h, this.bottom - MARGINS.top));
      const top = doc.y;
      for (const c of cells) {
        doc.lineWidth(0.75).rect(c.x, top, c.w, h).stroke();
        doc.y = top + pad;
        this.text(c.runs, { x: c.x + pad, width: c.w - 2 * pad, size: TABLE });
        this.signatures(c.sigs, c.x + pad, c.w - 2 * pad, TABLE * 0.8);
      }
      doc.x = MARGINS.left;
      doc.y = top + h;
    }
    this.gap(4 * MM);
  }
}

/** Writes outside the text frame (header and footer areas) without triggering a page break. */
function outsideFrame(doc: PDFKit.PDFDocument, draw: () => void) {
  const saved = { ...doc.page.margins };
  doc.page.margins = { top: 0, bottom: 0, left: 0, right: 0 };
  draw();
  doc.page.margins = saved;
}

function drawQr(doc: PDFKit.PDFDocument, url: string) {
  const qr = QRCode.create(url, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const cell = QR_SIZE / n;
  const x0 = doc.page.width - MARGINS.right - QR_SIZE;
  const y0 = 6 * MM;
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) if (qr.modules.get(r, c)) doc.rect(x0 + c * cell, y0 + r * cell, cell, cell);
  }
  doc.fill('#000');
  outsideFrame(doc, () => {
    doc.font('regular').fontSize(7).text('扫码核验文书真伪', x0 - 10, y0 + QR_SIZE + 1, { width: QR_SIZE + 20, align: 'center', lineBreak: false });
  });
}

function footer(doc: PDFKit.PDFDocument, title: string, number: string) {
  const { start, count } = doc.bufferedPageRange();
  for (let i = start; i < start + count; i++) {
    doc.switchToPage(i);
    outsideFrame(doc, () => {
      const y = doc.page.height - MARGINS.bottom + 8 * MM;
      doc.moveTo(MARGINS.left, y - 2 * MM).lineTo(doc.page.width - MARGINS.right, y - 2 * MM).lineWidth(0.5).stroke();
      doc.font('regular').fontSize(10.5).text(`${title}　${number}　第 ${i - start + 1} 页 共 ${count} 页`, MARGINS.left, y,
        { width: doc.page.width - MARGINS.left - MARGINS.right, align: 'center', lineBreak: false });
    });
  }
}

/** The document as an A4 PDF with its Chinese text in embedded font subsets; same input, same bytes. */
export async function renderPdf(input: PdfInput): Promise<Buffer> {
  const dom = parseDocument(input.html);
  const page = find(dom.children, (e) => e.name === 'main') ?? find(dom.children, (e) => e.name === 'body');
  if (!page) throw new Error('文书内容为空，无法生成PDF');
  const doc = new PDFDocument({
    size: 'A4', margins: MARGINS, bufferPages: true, autoFirstPage: true, lang: 'zh-CN', displayTitle: true,
    info: { Title: `${input.title} ${input.number}`, Subject: input.number, Creator: 'Zhifa 执法', Producer: 'Zhifa 执法', CreationDate: input.issuedAt, ModDate: input.issuedAt },
  });
  doc.registerFont('regular', input.fonts.regular.path, input.fonts.regular.name);
  doc.registerFont('bold', input.fonts.bold.path, input.fonts.bold.name);
  doc.font('regular');
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  if (input.verifyUrl) drawQr(doc, input.verifyUrl);
  doc.x = MARGINS.left;
  doc.y = MARGINS.top;
  new Layout(doc).blocks(page.children);
  footer(doc, input.title, input.number);
  doc.end();
  return done;
}
