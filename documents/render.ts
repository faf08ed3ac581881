import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import { contentProblems, describeProblems } from './content.ts';
import { DOCUMENT_KINDS, type DocumentKind } from './kinds.ts';

/** Party block (partials/party.hbs). Full identity is printed: the document goes to the party itself. */
export interface DocumentParty {
  kind?: 'PERSON' | 'ORG';
  name: string;
  /** 统一社会信用代码 (ORG) or 身份证号码 (PERSON) */
  idNumber?: string;
  address?: string;
  /** 法定代表人（负责人）, ORG only */
  legalRep?: string;
  phone?: string;
  gender?: string;
  age?: number | string;
}

/**
 * What the templates read. Loose on purpose: each template documents its own fields in the
 * comment at its top. Amounts are integer fen (`*Fen`), dates ISO strings (`*At`, `date`).
 */
export interface DocumentData {
  /** 文书编号, e.g. 红塔应急罚〔2026〕12号 — assigned at issue. */
  number: string;
  /** The deciding authority in whose name the document is issued (CF 20, 59(六)). */
  authorityName: string;
  /** Date printed on the document; defaults to now. */
  issuedAt?: string | Date;
  /** 受委托组织 acting in the authority's name (CF 20); a name or { name, entrustment: 委托书文号 }. */
  delegatedHandler?: string | { name: string; entrustment?: string };
  party?: DocumentParty;
  [field: string]: unknown;
}

const templatesDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'templates');
const hbs = Handlebars.create();
const cache = new Map<DocumentKind, Handlebars.TemplateDelegate>();
let partialsLoaded = false;

// ---- helpers -------------------------------------------------------------------------

const DIGITS = '零壹贰叁肆伍陆柒捌玖';
const UNITS = ['', '拾', '佰', '仟'];
const SECTIONS = ['', '万', '亿', '万'];

function toFen(v: unknown): bigint | null {
  if (v === undefined || v === null || v === '') return null;
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number' && Number.isSafeInteger(v)) return BigInt(v);
  if (typeof v === 'string' && /^\d+$/.test(v)) return BigInt(v);
  // A legal document must never print a made-up amount.
  throw new Error(`金额必须是以分为单位的整数: ${String(v)}`);
}

function upperInteger(n: bigint): string {
  const s = n.toString();
  let out = '';
  let zero = false;
  for (let i = 0; i < s.length; i++) {
    const d = Number(s[i]);
    const pos = s.length - 1 - i;
    if (d === 0) zero = true;
    else {
      if (zero && out) out += '零';
      zero = false;
      out += DIGITS[d] + UNITS[pos % 4];
    }
    if (pos % 4 === 0 && pos > 0 && /[1-9]/.test(s.slice(Math.max(0, i - 3), i + 1))) out += SECTIONS[pos / 4];
  }
  return out || '零';
}

/** 1234500 → 壹万贰仟叁佰肆拾伍元整 (中文大写金额, as written on 票据 and 决定书). */
export function fenToUpper(v: unknown): string {
  const fen = toFen(v);
  if (fen === null) return '';
  if (fen < 0n) throw new Error('金额不能为负数');
  const yuan = fen / 100n;
  const jiao = Number((fen / 10n) % 10n);
  const cent = Number(fen % 10n);
  let out = yuan > 0n ? `${upperInteger(yuan)}元` : '';
  if (jiao) out += `${DIGITS[jiao]}角`;
  else if (cent && yuan > 0n) out += '零';
  if (cent) out += `${DIGITS[cent]}分`;
  else out += out ? '整' : '零元整';
  return out;
}

/** 1234500 → ¥12,345.00 */
export function fenToYuan(v: unknown): string {
  const fen = toFen(v);
  if (fen === null) return '';
  const sign = fen < 0n ? '-' : '';
  const abs = fen < 0n ? -fen : fen;
  const yuan = (abs / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}¥${yuan}.${(abs % 100n).toString().padStart(2, '0')}`;
}

const ymd = new Intl.DateTimeFormat('en', {
  timeZone: 'Asia/Shanghai', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: '2-digit', hourCycle: 'h23',
});

/** ISO → 2026年11月28日 (Asia/Shanghai); with time: 2026年11月28日9时05分 (笔录 record the hour). */
export function chineseDate(v: unknown, withTime = false): string {
  if (v === undefined || v === null || v === '') return '';
  const d = v instanceof Date ? v : new Date(String(v));
  if (Number.isNaN(d.getTime())) throw new Error(`日期无效: ${String(v)}`);
  const p = Object.fromEntries(ymd.formatToParts(d).map((x) => [x.type, x.value]));
  return `${p.year}年${p.month}月${p.day}日${withTime ? `${Number(p.hour)}时${p.minute}分` : ''}`;
}

// Helpers return plain strings, so Handlebars still escapes them.
hbs.registerHelper('yuan', (v: unknown) => fenToYuan(v));
hbs.registerHelper('yuanUpper', (v: unknown) => fenToUpper(v));
hbs.registerHelper('date', (v: unknown, opts: Handlebars.HelperOptions) => chineseDate(v, opts?.hash?.time === true));
hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
hbs.registerHelper('inc', (i: unknown) => Number(i) + 1);

// ---- rendering -----------------------------------------------------------------------

function loadPartials(): void {
  if (partialsLoaded) return;
  for (const f of readdirSync(path.join(templatesDir, 'partials'))) {
    if (f.endsWith('.hbs')) hbs.registerPartial(path.basename(f, '.hbs'), readFileSync(path.join(templatesDir, 'partials', f), 'utf8'));
  }
  partialsLoaded = true;
}

function template(kind: DocumentKind): Handlebars.TemplateDelegate {
  let tpl = cache.get(kind);
  if (!tpl) {
    loadPartials();
    tpl = hbs.compile(readFileSync(path.join(templatesDir, DOCUMENT_KINDS[kind].template), 'utf8'), { strict: false });
    cache.set(kind, tpl);
  }
  return tpl;
}

const blank = (v: unknown) => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);

/**
 * Renders a complete standalone HTML document (styles embedded) for storage at issue.
 * Refuses, rather than issue a defective document, when an item the law requires is missing
 * (documents/content.ts) or a field meant as text was given an object.
 */
export function renderDocument(kind: DocumentKind, data: DocumentData): string {
  const meta = DOCUMENT_KINDS[kind];
  if (!meta) throw new Error(`未知文书种类: ${String(kind)}`);
  const problems = [
    ...['number', 'authorityName'].filter((f) => blank(data[f])).map((path) => ({ path, message: path === 'number' ? '缺少文书编号' : '缺少机关名称' })),
    ...contentProblems(kind, data),
  ];
  if (problems.length) throw new Error(describeProblems(meta.title, problems));
  const handler = typeof data.delegatedHandler === 'string' ? { name: data.delegatedHandler } : data.delegatedHandler;
  const html = template(kind)({
    ...data, kind, title: meta.title, delegatedHandler: handler?.name ? handler : undefined, issuedAt: data.issuedAt ?? new Date(),
  });
  if (html.includes('[object Object]')) throw new Error(`${meta.title}中有字段不是文本（[object Object]），请检查数据`);
  return html;
}

/** sha256 hex of the stored HTML: what GET /api/documents/:id re-checks. */
export function documentHash(html: string): string {
  return createHash('sha256').update(html, 'utf8').digest('hex');
}
