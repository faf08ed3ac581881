// Masking personal data for 行政执法公示 (public disclosure of decisions). CF 50 and AB25 29
// oblige the bureau to keep 个人隐私 confidential; a natural person's name, ID number, phone
// and detailed address are therefore masked, while an enterprise (ORG) is disclosed under its
// registered name — the 公示 names the legal person by law (CF 48; 118). The formats below are
// this project's choice (no national format was found); each keeps enough for a reader to tell
// records apart and no more:
//   name      张三丰 → 张**          first character, one * per remaining character
//   ID (18)   5304**********123X      province+prefecture (4) and sequence+check (4); the
//                                     county code and date of birth are hidden
//   ID (15)   5304********123         the same for first-generation numbers
//   mobile    138****5678
//   landline  0877-****2345           area code and the last 4 digits of the local number
//   address   云南省玉溪市红塔区****   up to the county-level unit; the rest becomes ****
// `maskFreeText` finds the same items inside prose (case facts, reasons). It errs towards
// masking: any other run of 11 or more digits (bank card, account, mistyped ID) — also when
// written in groups separated by spaces or hyphens — keeps only its last 4 digits. Full-width
// digits are turned into ASCII first so that they cannot slip past. An enterprise's 统一社会信用
// 代码 (a valid GB 32100 code standing alone) is left as it is.
// Names and addresses in prose: the names the caller knows to be individuals' (the party, an
// enterprise's legal representative) wherever they occur, and whatever follows a label such as
// 姓名： or 联系人： ; an address is masked from the county level down where it starts from an
// administrative name and ends at a house-level word (…路10号, …3栋, …村), or wherever it
// follows 住址/地址/住所/家住. Not detected: numbers written in Chinese numerals, local landline
// numbers without an area code (indistinguishable from amounts), and names in prose that the
// caller did not name and no label introduces — a free-text name finder would mask half the
// sentence ("当事人未按规定…"), so the party's name field is the reliable source.
//
// Pure: bundled into workflows.
import { looksLikeResidentId } from './resident-id.ts';
import { isValidUscc } from './uscc.ts';

const STAR = '*';
const chars = (s: string) => Array.from(s);

export function maskPersonName(name: string): string {
  const c = chars(name.trim());
  if (c.length === 0) return '';
  if (c.length === 1) return STAR;
  return c[0] + STAR.repeat(c.length - 1);
}

/** An 18- or 15-character number, or anything else fully masked. */
export function maskIdNumber(id: string): string {
  const s = id.trim().toUpperCase();
  if (/^\d{17}[\dX]$/.test(s)) return `${s.slice(0, 4)}${STAR.repeat(10)}${s.slice(14)}`;
  if (/^\d{15}$/.test(s)) return `${s.slice(0, 4)}${STAR.repeat(8)}${s.slice(12)}`;
  return STAR.repeat(chars(s).length);
}

const MOBILE = /^(?:\+?86)?(1[3-9]\d{9})$/;
// 010 and 02x are three-digit area codes; every other one has four digits.
const LANDLINE = /^(0[12]\d|0[3-9]\d{2})(\d{7,8})$/;

/** Mobile or landline (with or without +86, spaces, hyphens, brackets). Unrecognised: every digit but the last 4 masked. */
export function maskPhone(phone: string): string {
  const compact = phone.trim().replace(/[\s()（）-]/g, '');
  const mobile = MOBILE.exec(compact);
  if (mobile) return `${mobile[1].slice(0, 3)}****${mobile[1].slice(7)}`;
  const landline = LANDLINE.exec(compact);
  if (landline) {
    const [, area, local] = landline;
    return `${area}-${STAR.repeat(local.length - 4)}${local.slice(-4)}`;
  }
  const digits = (compact.match(/\d/g) ?? []).length;
  let seen = 0;
  return compact.replace(/\d/g, (d) => (++seen > digits - 4 && digits > 4 ? d : STAR));
}

// Address levels. An address is kept only when it starts from a province-level name (or, for
// local addresses written without one, from 玉溪市 or one of its county-level names —
// deadlines.md §12); anything else is masked whole, since a free pattern would keep "XX超市" or
// "XX小区". The level bodies exclude the characters that end a level or start a lower one
// (镇, 乡, 街道, 路, 号 …), so nothing below the county is ever kept; a county whose own name
// contains one of them (镇雄县) is masked from that level on — the safe side.
const PROVINCES = [
  '北京市', '天津市', '上海市', '重庆市', '河北省', '山西省', '辽宁省', '吉林省', '黑龙江省', '江苏省', '浙江省',
  '安徽省', '福建省', '江西省', '山东省', '河南省', '湖北省', '湖南省', '广东省', '海南省', '四川省', '贵州省',
  '云南省', '陕西省', '甘肃省', '青海省', '台湾省', '内蒙古自治区', '广西壮族自治区', '西藏自治区',
  '宁夏回族自治区', '新疆维吾尔自治区', '香港特别行政区', '澳门特别行政区',
].join('|');
const YUXI_COUNTIES = [
  '红塔区', '江川区', '澄江市', '通海县', '华宁县', '易门县', '峨山彝族自治县', '新平彝族傣族自治县', '元江哈尼族彝族傣族自治县',
].join('|');
const BODY = '[^省市县区旗州盟镇乡村路街道巷弄号栋楼室0-9０-９]';
const PREFECTURE = `${BODY}{1,9}?(?:自治州|地区|市|州|盟)`;
const COUNTY = `${BODY}{1,10}?(?:自治县|自治旗|林区|特区|县|区|市|旗)`;
const ADDRESS = new RegExp(
  `^(?:(?:${PROVINCES})(?:${PREFECTURE})?(?:${COUNTY})?|玉溪市(?:${YUXI_COUNTIES})?|(?:${YUXI_COUNTIES}))`,
);

/** Keeps the address up to the county-level unit (县/区/县级市/旗); the rest becomes ****. */
export function maskAddress(address: string): string {
  const s = address.trim();
  if (s === '') return '';
  const kept = ADDRESS.exec(s)?.[0] ?? '';
  return kept.length === s.length ? s : `${kept}****`;
}

const FULL_WIDTH = /[０-９]|(?<=[0-9０-９])[Ｘｘ]/g;
const SEPARATED_MOBILE = /(?<!\d)(?:\+?86[\s-]?)?1[3-9]\d(?:[\s-]\d{4}){2}(?!\d)/g;
const SEPARATED_LANDLINE = /(?<!\d)(?:[(（]0\d{2,3}[)）]\s?|0\d{2,3}[\s-])\d{7,8}(?!\d)/g;
// Digits written in groups ("5304 0219 9001 0112 34", "6222-0202-…"): judged without the separators.
const GROUPED_DIGITS = /(?<!\d)\d+(?:[ -]\d+)+[Xx]?(?!\d)/g;
// An 18-character code standing alone (maybe a USCC), or else any run of digits (with a trailing X).
const TOKEN = /(?<![0-9A-Za-z])([0-9A-Z]{18})(?![0-9A-Za-z])|(\d+[Xx]?)/g;

function maskDigitRun(run: string): string {
  if (looksLikeResidentId(run)) return maskIdNumber(run);
  const digits = /[Xx]$/.test(run) ? run.slice(0, -1) : run;
  const x = run.slice(digits.length);
  if (/^1[3-9]\d{9}$/.test(digits)) return maskPhone(digits) + x;
  if (LANDLINE.test(digits)) return maskPhone(digits) + x;
  if (digits.length >= 11) return STAR.repeat(digits.length - 4) + digits.slice(-4) + x;
  return run;
}

/** A standalone 18-character code: an ID, an enterprise's 统一社会信用代码, or anything else. */
function maskCode(code: string): string {
  if (looksLikeResidentId(code)) return maskIdNumber(code);
  if (isValidUscc(code)) return code; // named by law, like the enterprise itself
  return code.replace(/\d+[Xx]?/g, maskDigitRun);
}

// An address inside a sentence: an administrative start, then at most 30 characters that are
// not punctuation (nor the * of an earlier mask, which keeps masking idempotent), ending at a
// house-level word; greedy, so "…路10号3栋" is taken whole.
const ADMIN_START = `(?:${PROVINCES})|玉溪市|(?:${YUXI_COUNTIES})`;
const ADDRESS_IN_TEXT = new RegExp(
  `(?:${ADMIN_START})[^，。；;,、\\s（）()：:“”"*]{0,30}(?:号|室|栋|幢|单元|楼|组|村|社区|小区|弄|巷|路|街道|街)`, 'g');
// After a label the address runs to the next punctuation, whatever it starts with.
const LABELLED_ADDRESS = /((?:住址|地址|住所|家住|居住地|户籍地|现住)(?:[:：为在于]|是)?\s*)([^，。；;,、\s（）()*]{2,60})/g;
// A label that introduces a person's name; the colon is required ("当事人未按规定…" is no name).
// A name followed by * was masked already (张*): left alone so that masking is idempotent.
const LABELLED_NAME = /((?:姓名|当事人|联系人|负责人|被询问人|被检查人|证人|经营者|户主|驾驶员|法定代表人|委托代理人)\s*[:：]\s*)([\u4e00-\u9fff][\u4e00-\u9fff·]{0,7})(?![*＊])(?![\u4e00-\u9fff]*(?:公司|厂|店|站|社|中心|集团|合作社|企业))/g;

export interface MaskOptions {
  /** Names of natural persons that must not appear: the party, an enterprise's 法定代表人 … */
  names?: readonly string[];
}

function maskNames(text: string, names: readonly string[]): string {
  const known = [...new Set(names.map((n) => n.trim()).filter((n) => Array.from(n).length >= 2))]
    .sort((a, b) => b.length - a.length); // 欧阳娜娜 before 欧阳
  let out = text;
  for (const n of known) out = out.split(n).join(maskPersonName(n));
  return out.replace(LABELLED_NAME, (_, label: string, name: string) => label + maskPersonName(name));
}

/** Masks ID numbers, phone numbers, long digit runs, addresses and the given names anywhere in `text`. */
export function maskFreeText(text: string, opts: MaskOptions = {}): string {
  return maskNumbers(maskNames(text, opts.names ?? []))
    .replace(LABELLED_ADDRESS, (_, label: string, address: string) => label + maskAddress(address))
    .replace(ADDRESS_IN_TEXT, (m) => maskAddress(m));
}

function maskNumbers(text: string): string {
  return text
    .replace(FULL_WIDTH, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
    .replace(SEPARATED_MOBILE, (m) => maskPhone(m))
    .replace(SEPARATED_LANDLINE, (m) => maskPhone(m))
    .replace(GROUPED_DIGITS, (m) => {
      const compact = m.replace(/[ -]/g, '');
      return compact.replace(/[Xx]$/, '').length >= 11 ? maskDigitRun(compact) : m;
    })
    .replace(TOKEN, (_, code: string | undefined, run: string | undefined) => (code !== undefined ? maskCode(code) : maskDigitRun(run!)));
}

export type DisclosedPartyKind = 'PERSON' | 'ORG';

/** The party's name as published: an organisation in full, a natural person masked. */
export function disclosedPartyName(kind: DisclosedPartyKind, name: string): string {
  return kind === 'ORG' ? name.trim() : maskPersonName(name);
}
