// Organisations of Yuxi (玉溪市, 530400) that Zhifa knows about.
//
// parentId follows each organ's own line, never the government hierarchy as a whole:
// county bureau → city bureau (业务指导, 抽查考核); township / dev zone → the county bureau
// that delegates matters to it (委托执法, CF 20); county PSB / procuratorate / court /
// government → the city-level organ of the same kind. Transfers, copies and
// reconsideration go to the organ of the SAME level as the acting bureau (310 Art 5;
// XX19 Art 8; 行政复议法 2023 Art 24), which is why every county has its own.
//
// Region codes: county codes from law/deadlines.md §12 (not from an official 民政部
// list — verify). Townships and functional zones carry their county's 6-digit code:
// their 9-digit township codes were not looked up. Township names are current
// divisions as best known — verify against the 民政部 区划 list before production.

export const ORG_KINDS = [
  'CITY_BUREAU',
  'COUNTY_BUREAU',
  'TOWNSHIP',
  'DEV_ZONE',
  'DEPARTMENT',
  'PUBLIC_SECURITY',
  'PROCURATORATE',
  'RECONSIDERATION_ORGAN',
  'COURT',
  'WORK_SAFETY_OFFICE',
] as const;
export type OrgKind = (typeof ORG_KINDS)[number];

export interface SeedOrg {
  id: string;
  name: string;
  /** 文书编号前缀. Delegated township acts are issued in the county bureau's name (CF 20), so documents there use the bureau's prefix, not this one. */
  shortName: string;
  kind: OrgKind;
  regionCode: string;
  parentId: string | null;
}

export const CITY_REGION = '530400';

interface County {
  key: string;
  /** as written without the city, e.g. 红塔区 */
  name: string;
  /** 市辖区 take the city's name in formal titles (玉溪市红塔区…); counties and 澄江市 do not */
  district: boolean;
  short: string;
  regionCode: string;
}

/** The nine county-level units (deadlines.md §12). */
export const COUNTIES: readonly County[] = [
  { key: 'hongta', name: '红塔区', district: true, short: '红塔', regionCode: '530402' },
  { key: 'jiangchuan', name: '江川区', district: true, short: '江川', regionCode: '530403' },
  { key: 'chengjiang', name: '澄江市', district: false, short: '澄江', regionCode: '530481' },
  { key: 'tonghai', name: '通海县', district: false, short: '通海', regionCode: '530423' },
  { key: 'huaning', name: '华宁县', district: false, short: '华宁', regionCode: '530424' },
  { key: 'yimen', name: '易门县', district: false, short: '易门', regionCode: '530425' },
  { key: 'eshan', name: '峨山彝族自治县', district: false, short: '峨山', regionCode: '530426' },
  { key: 'xinping', name: '新平彝族傣族自治县', district: false, short: '新平', regionCode: '530427' },
  { key: 'yuanjiang', name: '元江哈尼族彝族傣族自治县', district: false, short: '元江', regionCode: '530428' },
];

const formal = (c: County) => (c.district ? `玉溪市${c.name}` : c.name);

const city: SeedOrg[] = [
  { id: 'yx-city', name: '玉溪市应急管理局', shortName: '玉溪应急', kind: 'CITY_BUREAU', regionCode: CITY_REGION, parentId: null },
  // 安委办 sits in the city bureau but is the office of the government's 安全生产委员会,
  // not a unit of the enforcement line — hence no parent.
  { id: 'yx-wso', name: '玉溪市安全生产委员会办公室', shortName: '玉安委办', kind: 'WORK_SAFETY_OFFICE', regionCode: CITY_REGION, parentId: null },
  // 行政复议机关 is the government; its 司法局 (行政复议机构) does the work (行政复议法 2023 Art 4, 24).
  { id: 'yx-gov', name: '玉溪市人民政府', shortName: '玉政复', kind: 'RECONSIDERATION_ORGAN', regionCode: CITY_REGION, parentId: null },
  { id: 'yx-psb', name: '玉溪市公安局', shortName: '玉溪公安', kind: 'PUBLIC_SECURITY', regionCode: CITY_REGION, parentId: null },
  { id: 'yx-procuratorate', name: '玉溪市人民检察院', shortName: '玉溪检察', kind: 'PROCURATORATE', regionCode: CITY_REGION, parentId: null },
  // Court shortName = 法院代字 used in 案号, e.g. （2026）云04行终1号.
  { id: 'yx-court', name: '玉溪市中级人民法院', shortName: '云04', kind: 'COURT', regionCode: CITY_REGION, parentId: null },
];

// Receiving departments for 移交 (安全生产法 69). City level; the two 红塔区 ones let
// same-level routing be exercised.
const dept = (id: string, name: string, shortName: string, regionCode = CITY_REGION, parentId: string | null = null): SeedOrg =>
  ({ id, name, shortName, kind: 'DEPARTMENT', regionCode, parentId });
const departments: SeedOrg[] = [
  dept('yx-dept-samr', '玉溪市市场监督管理局', '玉溪市监'),
  dept('yx-dept-housing', '玉溪市住房和城乡建设局', '玉溪住建'),
  dept('yx-dept-transport', '玉溪市交通运输局', '玉溪交通'),
  dept('yx-dept-natres', '玉溪市自然资源和规划局', '玉溪自然资源'), // verify: name after the 2019 机构改革
  dept('yx-dept-agri', '玉溪市农业农村局', '玉溪农业农村'),
  dept('yx-dept-water', '玉溪市水利局', '玉溪水利'),
  dept('yx-dept-industry', '玉溪市工业和信息化局', '玉溪工信'),
  dept('yx-dept-fire', '玉溪市消防救援支队', '玉溪消防'),
  dept('yx-hongta-dept-samr', '玉溪市红塔区市场监督管理局', '红塔市监', '530402', 'yx-dept-samr'), // verify: may be 玉溪市市场监督管理局红塔分局
  dept('yx-hongta-dept-housing', '玉溪市红塔区住房和城乡建设局', '红塔住建', '530402', 'yx-dept-housing'),
];

function countyOrgs(c: County): SeedOrg[] {
  const f = formal(c);
  const base = { regionCode: c.regionCode };
  return [
    // 局队合一: one org, enforcing in the bureau's name (reform plan: 统一以应急管理部门的名义执法).
    { ...base, id: `yx-${c.key}`, name: `${f}应急管理局（${c.name}应急管理综合行政执法大队）`, shortName: `${c.short}应急`, kind: 'COUNTY_BUREAU', parentId: 'yx-city' },
    // District police are branches of the city PSB (玉溪市公安局红塔分局) — verify for 江川.
    { ...base, id: `yx-${c.key}-psb`, name: c.district ? `玉溪市公安局${c.short}分局` : `${c.name}公安局`, shortName: `${c.short}公安`, kind: 'PUBLIC_SECURITY', parentId: 'yx-psb' },
    { ...base, id: `yx-${c.key}-procuratorate`, name: `${f}人民检察院`, shortName: `${c.short}检察`, kind: 'PROCURATORATE', parentId: 'yx-procuratorate' },
    { ...base, id: `yx-${c.key}-gov`, name: `${f}人民政府`, shortName: `${c.short}政复`, kind: 'RECONSIDERATION_ORGAN', parentId: 'yx-gov' },
    { ...base, id: `yx-${c.key}-court`, name: `${f}人民法院`, shortName: `云${c.regionCode.slice(2)}`, kind: 'COURT', parentId: 'yx-court' },
  ];
}

// [county key, id suffix, name]. 街道 → 办事处, 镇/乡 → 人民政府.
const TOWNSHIPS: ReadonlyArray<readonly [string, string, string]> = [
  ['hongta', 'yuxing-st', '玉兴街道'],
  ['hongta', 'fenghuang-st', '凤凰路街道'],
  ['hongta', 'dayingjie-st', '大营街街道'],
  ['hongta', 'yanhe-st', '研和街道'],
  ['jiangchuan', 'dajie-st', '大街街道'],
  ['jiangchuan', 'jiangcheng-town', '江城镇'],
  ['jiangchuan', 'qianwei-town', '前卫镇'],
  ['chengjiang', 'fenglu-st', '凤麓街道'],
  ['chengjiang', 'longjie-st', '龙街街道'],
  ['chengjiang', 'yousuo-town', '右所镇'],
  ['tonghai', 'xiushan-st', '秀山街道'],
  ['tonghai', 'jiulong-st', '九龙街道'],
  ['tonghai', 'hexi-town', '河西镇'],
  ['huaning', 'ningzhou-st', '宁州街道'],
  ['huaning', 'panxi-town', '盘溪镇'],
  ['yimen', 'longquan-st', '龙泉街道'],
  ['yimen', 'liujie-st', '六街街道'],
  ['eshan', 'shuangjiang-st', '双江街道'],
  ['eshan', 'huanian-town', '化念镇'],
  ['xinping', 'guishan-st', '桂山街道'],
  ['xinping', 'gasa-town', '戛洒镇'],
  ['yuanjiang', 'lijiang-st', '澧江街道'],
  ['yuanjiang', 'ganzhuang-st', '甘庄街道'],
];

function township([key, suffix, name]: readonly [string, string, string]): SeedOrg {
  const c = COUNTIES.find((x) => x.key === key);
  if (!c) throw new Error(`unknown county ${key}`);
  const office = name.endsWith('街道') ? '办事处' : '人民政府';
  return { id: `yx-${key}-${suffix}`, name: `${c.name}${name}${office}`, shortName: name, kind: 'TOWNSHIP', regionCode: c.regionCode, parentId: `yx-${key}` };
}

// 玉溪高新区 lies in 红塔区; in the demo 红塔区 delegates matters to it like to a township.
// Its real enforcement arrangement (委托 by 红塔 or by the city) is unverified.
const devZones: SeedOrg[] = [
  { id: 'yx-gaoxin', name: '玉溪高新技术产业开发区管理委员会', shortName: '玉溪高新区', kind: 'DEV_ZONE', regionCode: '530402', parentId: 'yx-hongta' },
];

/** Every org, parents before children (the seed inserts in this order). */
export const ORGS: readonly SeedOrg[] = [
  ...city,
  ...departments.filter((d) => d.parentId === null),
  ...COUNTIES.flatMap(countyOrgs),
  ...departments.filter((d) => d.parentId !== null),
  ...TOWNSHIPS.map(township),
  ...devZones,
];
