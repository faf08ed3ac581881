// Masking for 行政执法公示, and the resident-ID check it shares its number rules with.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ENTERPRISES } from '../../prisma/seed-data/enterprises.ts';
import { addDays, fromDayNumber, toDayNumber } from '../../rules/iso-date.ts';
import { disclosedPartyName, maskAddress, maskFreeText, maskIdNumber, maskPersonName, maskPhone } from '../../rules/masking.ts';
import {
  isValidResidentId, looksLikeResidentId, normalizeResidentId, residentIdBirthDate, residentIdCheckDigit,
} from '../../rules/resident-id.ts';
import { isValidUscc } from '../../rules/uscc.ts';

describe('居民身份证号 (GB 11643-1999)', () => {
  // 11010519491231002X is the standard's own example; 440524188001010014 the classic textbook one.
  it.each(['11010519491231002X', '440524188001010014'])('accepts the published example %s', (id) => {
    expect(isValidResidentId(id)).toBe(true);
    expect(residentIdCheckDigit(id.slice(0, 17))).toBe(id[17]);
  });

  it('rejects a wrong check character, a wrong length, an unknown province and an impossible birth date', () => {
    for (const bad of ['110105194912310021', '11010519491231002', '11010519491231002XX', '99010519491231002X', '530402199002301236', '5304021990013112X4', '']) {
      expect(isValidResidentId(bad), bad).toBe(false);
    }
    expect(isValidResidentId(null as unknown as string)).toBe(false);
  });

  it('rejects 15-digit first-generation numbers (no longer usable since 2013-01-01)', () => {
    expect(isValidResidentId('530402900101123')).toBe(false);
    expect(looksLikeResidentId('530402900101123')).toBe(true);
  });

  it('wants canonical form; normalizeResidentId provides it', () => {
    expect(isValidResidentId('11010519491231002x')).toBe(false);
    expect(normalizeResidentId(' 110105 19491231 002x ')).toBe('11010519491231002X');
    expect(isValidResidentId(normalizeResidentId('11010519491231002x'))).toBe(true);
  });

  it('rejects a birth date after asOf', () => {
    const id = `53040220300101123${residentIdCheckDigit('53040220300101123')}`;
    expect(isValidResidentId(id)).toBe(true);
    expect(isValidResidentId(id, '2026-11-28')).toBe(false);
    expect(residentIdBirthDate(id)).toBe('2030-01-01');
  });

  const first17 = fc
    .tuple(fc.constantFrom('110105', '530402', '530427', '440524', '650102'), fc.integer({ min: toDayNumber('1900-01-01'), max: toDayNumber('2025-12-31') }), fc.integer({ min: 0, max: 999 }))
    .map(([region, d, seq]) => `${region}${fromDayNumber(d).replaceAll('-', '')}${String(seq).padStart(3, '0')}`);

  it('a computed check character always validates; any other is rejected', () => {
    fc.assert(
      fc.property(first17, fc.constantFrom(...'0123456789X'), (p, c) => isValidResidentId(p + c) === (c === residentIdCheckDigit(p))),
    );
  });
});

describe('names', () => {
  it.each([
    ['张三丰', '张**'], ['张三', '张*'], ['李', '*'], ['欧阳娜娜', '欧***'], ['  王五 ', '王*'], ['', ''],
    ['阿依古丽·买买提', '阿*******'], ['𠀀明', '𠀀*'],
  ])('%s → %s', (name, masked) => expect(maskPersonName(name)).toBe(masked));

  it('names an enterprise in full and masks a natural person', () => {
    expect(disclosedPartyName('ORG', '玉溪某某化工有限公司')).toBe('玉溪某某化工有限公司');
    expect(disclosedPartyName('PERSON', '张三丰')).toBe('张**');
  });
});

describe('ID numbers, phones, addresses', () => {
  it('keeps 4 + 4 of an 18-character ID and 4 + 3 of a 15-digit one', () => {
    expect(maskIdNumber('53040219900101123X')).toBe('5304**********123X');
    expect(maskIdNumber('53040219900101123x')).toBe('5304**********123X');
    expect(maskIdNumber('530402900101123')).toBe('5304********123');
    expect(maskIdNumber('ABC123')).toBe('******');
  });

  it.each([
    ['13812345678', '138****5678'],
    ['+86 138-1234-5678', '138****5678'],
    ['0877-2012345', '0877-***2345'],
    ['(0877)20123456', '0877-****3456'],
    ['010-12345678', '010-****5678'],
    ['2012345', '***2345'],
    ['123', '***'],
  ])('%s → %s', (phone, masked) => expect(maskPhone(phone)).toBe(masked));

  it.each([
    ['云南省玉溪市红塔区玉兴路10号', '云南省玉溪市红塔区****'],
    ['玉溪市红塔区凤凰路3号', '玉溪市红塔区****'],
    ['红塔区凤凰小区3栋', '红塔区****'],
    ['云南省玉溪市峨山彝族自治县双江街道', '云南省玉溪市峨山彝族自治县****'],
    ['云南省玉溪市澄江市右所镇', '云南省玉溪市澄江市****'],
    ['玉溪市元江哈尼族彝族傣族自治县澧江街道', '玉溪市元江哈尼族彝族傣族自治县****'],
    ['云南省西双版纳傣族自治州景洪市勐罕镇', '云南省西双版纳傣族自治州景洪市****'],
    ['北京市朝阳区建国路1号', '北京市朝阳区****'],
    ['云南省昭通市镇雄县乌峰街道', '云南省昭通市****'],
    ['家乐福超市3楼', '****'],
    ['云南省玉溪市', '云南省玉溪市'],
    ['', ''],
  ])('%s → %s', (address, masked) => expect(maskAddress(address)).toBe(masked));
});

describe('maskFreeText', () => {
  it('masks IDs, phones and long numbers in prose, leaving amounts, dates and the enterprise code', () => {
    const text = '当事人张三（身份证号５３０４０２１９９００１０１１２３ｘ，电话138 1234 5678、13912345678，'
      + '座机(0877)2012345、0877-2012346），银行卡6222-0202-0011-2233-445，'
      + '受雇于统一社会信用代码91350100M000100Y43的企业，罚款30000元，2026-01-01检查。';
    expect(maskFreeText(text)).toBe('当事人张三（身份证号5304**********123X，电话138****5678、139****5678，'
      + '座机0877-***2345、0877-***2346），银行卡***************3445，'
      + '受雇于统一社会信用代码91350100M000100Y43的企业，罚款30000元，2026-01-01检查。');
  });

  it('finds numbers glued to letters or other digits', () => {
    expect(maskFreeText('ID530402199001011238abc')).toBe('ID5304**********1238abc');
    expect(maskFreeText('x13812345678y')).toBe('x138****5678y');
    expect(maskFreeText('8613812345678')).toBe('*********5678');
    expect(maskFreeText('身份证5304 0219 9001 0112 34号')).toBe('身份证5304**********1234号');
  });

  it('leaves the seeded enterprises’ codes alone', () => {
    for (const e of ENTERPRISES) expect(maskFreeText(`代码${e.uscc}。`)).toBe(`代码${e.uscc}。`);
  });

  // Generated text: noise (Chinese, letters, digits, punctuation) around real-looking personal numbers.
  const id18 = fc
    .tuple(fc.constantFrom('530402', '530403', '530481', '530427', '110105'), fc.integer({ min: toDayNumber('1930-01-01'), max: toDayNumber('2012-12-31') }), fc.integer({ min: 0, max: 999 }))
    .map(([r, d, s]) => {
      const p = `${r}${fromDayNumber(d).replaceAll('-', '')}${String(s).padStart(3, '0')}`;
      return p + residentIdCheckDigit(p);
    });
  const mobile = fc.tuple(fc.constantFrom('13', '15', '17', '18', '19'), fc.stringMatching(/^\d{9}$/)).map(([a, b]) => a + b);
  const landline = fc.tuple(fc.constantFrom('0877', '0871', '010', '021'), fc.stringMatching(/^[2-8]\d{6}$/)).map(([a, b]) => `${a}-${b}`);
  const written = (s: string) =>
    fc.constantFrom(s, s.replace(/^(\d{3})(\d{4})(\d{4})$/, '$1 $2 $3'), s.replace(/^(\d{6})(\d{8})(.{4})$/, '$1 $2 $3'), s.toLowerCase(),
      s.replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0)));
  const pii = fc.oneof(id18, mobile, landline).chain((s) => written(s).map((w) => ({ raw: s, written: w })));
  const noise = fc.string({ unit: fc.constantFrom(...'张三玉溪罚款元号路，。：() -/AbXx0123456789'), maxLength: 12 });
  const text = fc.array(fc.tuple(noise, pii), { minLength: 1, maxLength: 5 }).map((parts) => ({
    text: parts.map(([n, p]) => n + p.written).join(''),
    items: parts.map(([, p]) => p),
  }));
  // A standalone 18-character token that passes the GB 32100 check is an enterprise's code and is
  // published as is. Gluing noise to a number can forge one (1 in 31 of the right shape), so the
  // check looks at the text outside such tokens.
  const withoutUscc = (s: string) => s.replace(/(?<![0-9A-Za-z])[0-9A-Z]{18}(?![0-9A-Za-z])/g, (t) => (isValidUscc(t) ? '#' : t));

  it('never leaves an ID, a mobile number or any 11-digit run in the output', () => {
    fc.assert(
      fc.property(text, ({ text: t, items }) => {
        const out = withoutUscc(maskFreeText(t));
        expect(out).not.toMatch(/\d{11}/);
        for (const { raw, written: w } of items) {
          expect(out).not.toContain(w);
          if (!raw.includes('-')) expect(out.replace(/\D/g, '')).not.toContain(raw.replace(/[Xx]$/, '').slice(0, 11));
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('is idempotent and changes nothing without digits', () => {
    fc.assert(fc.property(text, ({ text: t }) => maskFreeText(maskFreeText(t)) === maskFreeText(t)));
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom(...'张三玉溪罚款元号路，。abcXYZ -') }), (t) => maskFreeText(t) === t));
  });

  it('a masked ID keeps no date of birth', () => {
    fc.assert(
      fc.property(id18, (id) => {
        const birth = id.slice(6, 14);
        return !maskIdNumber(id).includes(birth) && !maskFreeText(`号码${id}。`).includes(birth);
      }),
    );
  });

  it('dates and amounts survive', () => {
    fc.assert(
      fc.property(fc.integer({ min: toDayNumber('2020-01-01'), max: toDayNumber('2030-12-31') }), fc.nat(99_999_999), (d, amount) => {
        const t = `${addDays(fromDayNumber(d), 0)}检查，罚款${amount}元。`;
        return maskFreeText(t) === t;
      }),
    );
  });
});

// 行政执法公示 hides four kinds of personal data (issue 8): names of individuals, ID numbers,
// phone numbers and addresses — in free text too, since the facts are published.
describe('maskFreeText: all four kinds of personal data in prose', () => {
  const facts = '经查，当事人张三丰（身份证号530402199001011238，联系电话13812345678，住址：云南省玉溪市红塔区玉兴路10号3栋）'
    + '在玉溪市红塔区凤凰路25号经营的仓库内储存烟花爆竹，联系人：李四。张三丰对上述事实无异议，罚款5000元。';
  const masked = maskFreeText(facts, { names: ['张三丰'] });

  it('masks the named person everywhere, labelled names, the ID, the phone and both addresses', () => {
    expect(masked).toBe('经查，当事人张**（身份证号5304**********1238，联系电话138****5678，住址：云南省玉溪市红塔区****）'
      + '在玉溪市红塔区****经营的仓库内储存烟花爆竹，联系人：李*。张**对上述事实无异议，罚款5000元。');
    for (const secret of ['张三丰', '李四', '530402199001011238', '13812345678', '玉兴路', '凤凰路', '10号3栋', '25号']) {
      expect(masked).not.toContain(secret);
    }
  });

  it('keeps the enterprise, the amount and ordinary sentences', () => {
    const t = '当事人玉溪某某化工有限公司未按规定设置安全警示标志，法定代表人：王五，罚款30000元。负责人未在场。';
    expect(maskFreeText(t, { names: ['王五'] })).toBe('当事人玉溪某某化工有限公司未按规定设置安全警示标志，法定代表人：王*，罚款30000元。负责人未在场。');
    expect(maskFreeText('联系人：玉溪某某物流有限公司')).toBe('联系人：玉溪某某物流有限公司');
    expect(maskFreeText('当事人未按规定组织从业人员进行安全培训。')).toBe('当事人未按规定组织从业人员进行安全培训。');
  });

  it('masks an address after a label whatever it starts with, and a street-level address anywhere', () => {
    expect(maskFreeText('家住凤凰小区3栋2单元，')).toBe('家住****，');
    expect(maskFreeText('地址：北京市朝阳区建国路1号。')).toBe('地址：北京市朝阳区****。');
    expect(maskFreeText('在澄江市右所镇小湾村委会检查')).toBe('在澄江市****委会检查');
    expect(maskFreeText('红塔区玉带街道')).toBe('红塔区****');
  });

  it('leaves a name shorter than two characters alone (it would mask every such character) and is idempotent', () => {
    expect(maskFreeText('张某称', { names: ['张'] })).toBe('张某称');
    expect(maskFreeText(masked, { names: ['张三丰'] })).toBe(masked);
  });

  it('never leaves a given name, whatever surrounds it', () => {
    const name = fc.array(fc.constantFrom(...'王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗'), { minLength: 2, maxLength: 4 }).map((a) => a.join(''));
    const noise = fc.string({ unit: fc.constantFrom(...'当事人在红塔区玉兴路号，。：经营仓库0123456789'), maxLength: 20 });
    fc.assert(fc.property(name, noise, noise, (n, a, b) => !maskFreeText(`${a}${n}${b}`, { names: [n] }).includes(n)));
  });
});
