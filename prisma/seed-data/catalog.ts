// 执法事项清单 — a first catalog for the four fields the county brigades cover.
//
// Code = {instrument}-{article, 3 digits}[-{项, or 款 where the article has no items}]:
//   AQ   《中华人民共和国安全生产法》(2021修正)
//   WH   《中华人民共和国危险化学品安全法》(2025-12-27通过, 施行2026-05-01) — replaces the
//        penalty provisions of the 2011/2013《危险化学品安全管理条例》 for acts from that date
//   YH   《烟花爆竹安全管理条例》(2006, 2016修订)
//   YHJY 《烟花爆竹经营许可实施办法》(原国家安全监管总局令第65号, 2013)
//   XK   《安全生产许可证条例》(2004, 2014修订)
// AQ, WH, YH and XK texts were read from flk.npc.gov.cn copies; YHJY was not — see `verify`.
//
// Fines are the unit's (生产经营单位's) range across all tiers of the article, in fen;
// "X万元以下" has no statutory floor → fineMinFen 0. Fines on 直接负责的主管人员 are
// separate and not encoded here. The discretion module picks the tier.
//
// summaryEligible: the statute lets the penalty for an organisation be a warning or a
//   fine ≤ 3000 yuan with nothing else mandatory (CF 51; AB25 32). A mandatory 没收
//   rules it out even when the fine is small.
// delegable: a simple matter a county may 委托 to a township (CF 20-21) — only summary-
//   eligible, non-coercive items (行政强制措施不得委托, QZ 17), and not hazardous chemicals
//   or mines, whose inspection needs the brigade's specialists.
// coercive: a 行政强制措施 (查封、扣押), not a penalty; no penaltyTypes, no fine.

import { PENALTY_TYPES, type PenaltyType } from '../../rules/penalty-types.ts';

export const CATALOG_CATEGORIES = ['HAZARDOUS_CHEMICALS', 'FIREWORKS', 'NON_COAL_MINES', 'INDUSTRY_TRADE'] as const;
export type CatalogCategory = (typeof CATALOG_CATEGORIES)[number];

export { PENALTY_TYPES, type PenaltyType };

export interface SeedCatalogItem {
  code: string;
  name: string;
  category: CatalogCategory;
  violationBasis: string;
  penaltyBasis: string;
  penaltyTypes: PenaltyType[];
  fineMinFen: bigint | null;
  fineMaxFen: bigint | null;
  summaryEligible: boolean;
  delegable: boolean;
  coercive: boolean;
}

const yuan = (n: number): bigint => BigInt(n) * 100n;
const wan = (n: number): bigint => yuan(n * 10_000);

const AQ = '《中华人民共和国安全生产法》';
const WH = '《中华人民共和国危险化学品安全法》';
const YH = '《烟花爆竹安全管理条例》';
const XK = '《安全生产许可证条例》';

type Flags = Partial<Pick<SeedCatalogItem, 'summaryEligible' | 'delegable' | 'coercive'>>;
function item(
  code: string, name: string, category: CatalogCategory, violationBasis: string, penaltyBasis: string,
  penaltyTypes: PenaltyType[], fine: [bigint, bigint] | null, flags: Flags = {},
): SeedCatalogItem {
  return {
    code, name, category, violationBasis, penaltyBasis, penaltyTypes,
    fineMinFen: fine?.[0] ?? null, fineMaxFen: fine?.[1] ?? null,
    summaryEligible: flags.summaryEligible ?? false, delegable: flags.delegable ?? false, coercive: flags.coercive ?? false,
  };
}

const AQ97 = '责令限期改正，处十万元以下的罚款；逾期未改正的，责令停产停业整顿，并处十万元以上二十万元以下的罚款，对其直接负责的主管人员和其他直接责任人员处二万元以上五万元以下的罚款';
const AQ99 = '责令限期改正，处五万元以下的罚款；逾期未改正的，处五万元以上二十万元以下的罚款，对其直接负责的主管人员和其他直接责任人员处一万元以上二万元以下的罚款；情节严重的，责令停产停业整顿';
const WH101 = '责令限期改正，可以处十万元以下的罚款；逾期未改正的，处十万元以上二十万元以下的罚款，对其直接负责的主管人员和其他直接责任人员处二万元以上五万元以下的罚款；情节严重的，责令停产停业整顿';
const WH103 = '责令限期改正，处五万元以上十万元以下的罚款；逾期不改正的，责令停产停业整顿直至由原发证机关吊销其相关许可证件，并处十万元以上二十万元以下的罚款，对其直接负责的主管人员和其他直接责任人员处二万元以上五万元以下的罚款';

export const CATALOG: readonly SeedCatalogItem[] = [
  // 危险化学品
  item('WH-100-3', '未取得危险化学品经营许可证从事危险化学品经营', 'HAZARDOUS_CHEMICALS', `${WH}第五十三条第一款`,
    `${WH}第一百条第三款：责令停止经营活动，没收违法经营的危险化学品以及违法所得，并处十万元以上五十万元以下的罚款`,
    ['FINE', 'CONFISCATION'], [wan(10), wan(50)]),
  item('WH-101-10', '未在作业场所和安全设施、设备上设置明显的安全警示标志，或者未设置通信、报警装置', 'HAZARDOUS_CHEMICALS',
    `${WH}第三十七条第二款、第三十八条第一款`, `${WH}第一百零一条第一款第（十）项：${WH101}`,
    ['FINE', 'SUSPENSION'], [0n, wan(20)], { summaryEligible: true }),
  item('WH-103-1', '未对危险化学品重大危险源登记建档、定期检测评估监控、制定应急预案或者建立安全责任制', 'HAZARDOUS_CHEMICALS',
    `${WH}第十三条第一款`, `${WH}第一百零三条第一款第（一）项：${WH103}`,
    ['FINE', 'SUSPENSION', 'REVOCATION'], [wan(5), wan(20)]),
  item('WH-103-6', '危险化学品的储存方式、方法或者储存数量不符合国家标准或者国家有关规定', 'HAZARDOUS_CHEMICALS',
    `${WH}第四十一条第二款`, `${WH}第一百零三条第一款第（六）项：${WH103}`,
    ['FINE', 'SUSPENSION', 'REVOCATION'], [wan(5), wan(20)]),
  item('WH-008-5', '查封违法生产、储存、使用、经营危险化学品的场所，扣押违法危险化学品及原材料、设备、运输工具', 'HAZARDOUS_CHEMICALS',
    `${WH}第六条、第五十三条等（违法生产、储存、使用、经营危险化学品）`,
    `${WH}第八条第一款第（五）项（经本部门主要负责人批准）；《中华人民共和国行政强制法》第二十五条（期限不超过三十日，经批准可延长三十日）`,
    [], null, { coercive: true }),

  // 烟花爆竹
  item('YH-036-1', '未经许可生产、经营烟花爆竹制品', 'FIREWORKS', `${YH}第三条第二款`,
    `${YH}第三十六条第一款：责令停止非法生产、经营活动，处2万元以上10万元以下的罚款，并没收非法生产、经营的物品及违法所得`,
    ['FINE', 'CONFISCATION'], [wan(2), wan(10)]),
  item('YH-037-1', '烟花爆竹生产企业未按照安全生产许可证核定的产品种类进行生产', 'FIREWORKS', `${YH}第十一条`,
    `${YH}第三十七条第（一）项：责令限期改正，处1万元以上5万元以下的罚款；逾期不改正的，责令停产停业整顿，情节严重的，吊销安全生产许可证`,
    ['FINE', 'SUSPENSION', 'REVOCATION'], [wan(1), wan(5)]),
  // Fine can be ≤ 3000 yuan, but 没收 is mandatory → general procedure.
  item('YH-038-2', '烟花爆竹零售经营者销售非法生产、经营的烟花爆竹或者应由专业燃放人员燃放的烟花爆竹', 'FIREWORKS', `${YH}第二十条第二款、第三款`,
    `${YH}第三十八条第二款：责令停止违法行为，处1000元以上5000元以下的罚款，并没收非法经营的物品及违法所得；情节严重的，吊销烟花爆竹经营许可证`,
    ['FINE', 'CONFISCATION', 'REVOCATION'], [yuan(1000), yuan(5000)]),
  // verify: article number and amounts of 原安监总局令第65号 were not read from a primary source.
  item('YHJY-035-2', '烟花爆竹零售点存放的烟花爆竹数量超过零售许可证载明的限制存放量', 'FIREWORKS',
    `${YH}第十九条第三款；《烟花爆竹经营许可实施办法》（原国家安全监管总局令第65号）`,
    '《烟花爆竹经营许可实施办法》第三十五条：责令其限期改正，处1000元以上5000元以下的罚款；情节严重的，处5000元以上30000元以下的罚款',
    ['FINE'], [yuan(1000), yuan(30_000)], { summaryEligible: true, delegable: true }),

  // 非煤矿山. XK penalties are decided by the licence authority (XK 23) — for non-coal
  // mines the provincial bureau unless it has delegated; kept for city/county referral.
  item('XK-019', '非煤矿山企业未取得安全生产许可证擅自进行生产', 'NON_COAL_MINES', `${XK}第二条第二款`,
    `${XK}第十九条：责令停止生产，没收违法所得，并处10万元以上50万元以下的罚款`,
    ['FINE', 'CONFISCATION'], [wan(10), wan(50)]),
  item('XK-020', '非煤矿山企业安全生产许可证有效期满未办理延期手续，继续进行生产', 'NON_COAL_MINES', `${XK}第九条第一款`,
    `${XK}第二十条：责令停止生产，限期补办延期手续，没收违法所得，并处5万元以上10万元以下的罚款；逾期仍不办理延期手续，继续进行生产的，依照第十九条的规定处罚`,
    ['FINE', 'CONFISCATION'], [wan(5), wan(10)]),
  item('AQ-098-4', '矿山建设项目竣工投入生产或者使用前，安全设施未经验收合格', 'NON_COAL_MINES', `${AQ}第三十四条第二款`,
    `${AQ}第九十八条第（四）项：责令停止建设或者停产停业整顿，限期改正，并处十万元以上五十万元以下的罚款；逾期未改正的，处五十万元以上一百万元以下的罚款；对直接负责的主管人员和其他直接责任人员另处罚款`,
    ['FINE', 'SUSPENSION'], [wan(10), wan(100)]),
  item('AQ-099-6', '矿山井下特种设备未经检测、检验合格，取得安全标志，投入使用', 'NON_COAL_MINES', `${AQ}第三十七条`,
    `${AQ}第九十九条第（六）项：${AQ99}`, ['FINE', 'SUSPENSION'], [0n, wan(20)], { summaryEligible: true }),

  // 工贸行业 and general duties of every 生产经营单位
  item('AQ-097-4', '未如实记录安全生产教育和培训情况', 'INDUSTRY_TRADE', `${AQ}第二十八条第四款`,
    `${AQ}第九十七条第（四）项：${AQ97}`, ['FINE', 'SUSPENSION'], [0n, wan(20)], { summaryEligible: true, delegable: true }),
  item('AQ-099-1', '未在有较大危险因素的生产经营场所和有关设施、设备上设置明显的安全警示标志', 'INDUSTRY_TRADE', `${AQ}第三十五条`,
    `${AQ}第九十九条第（一）项：${AQ99}`, ['FINE', 'SUSPENSION'], [0n, wan(20)], { summaryEligible: true, delegable: true }),
  item('AQ-101-3', '进行爆破、吊装、动火、临时用电等危险作业，未安排专门人员进行现场安全管理', 'INDUSTRY_TRADE', `${AQ}第四十三条`,
    `${AQ}第一百零一条第（三）项：${AQ97}`, ['FINE', 'SUSPENSION'], [0n, wan(20)], { summaryEligible: true }),
  item('AQ-102', '未采取措施消除事故隐患', 'INDUSTRY_TRADE', `${AQ}第四十一条第二款`,
    `${AQ}第一百零二条：责令立即消除或者限期消除，处五万元以下的罚款；拒不执行的，责令停产停业整顿，对其直接负责的主管人员和其他直接责任人员处五万元以上十万元以下的罚款`,
    ['FINE', 'SUSPENSION'], [0n, wan(5)], { summaryEligible: true }),
  item('AQ-105-2', '生产经营场所和员工宿舍出口、疏散通道不符合要求，或者占用、锁闭、封堵出口、疏散通道', 'INDUSTRY_TRADE', `${AQ}第四十二条第二款`,
    `${AQ}第一百零五条第（二）项：责令限期改正，处五万元以下的罚款，对其直接负责的主管人员和其他直接责任人员处一万元以下的罚款；逾期未改正的，责令停产停业整顿`,
    ['FINE', 'SUSPENSION'], [0n, wan(5)], { summaryEligible: true, delegable: true }),
  item('AQ-108', '拒绝、阻碍负有安全生产监督管理职责的部门依法实施监督检查', 'INDUSTRY_TRADE', `${AQ}第六十六条`,
    `${AQ}第一百零八条：责令改正；拒不改正的，处二万元以上二十万元以下的罚款；对其直接负责的主管人员和其他直接责任人员处一万元以上二万元以下的罚款`,
    ['FINE'], [wan(2), wan(20)]),
  // The 2-5× aggravation of AQ 114② (情节特别严重、影响特别恶劣) is outside this range.
  item('AQ-114-1', '对发生一般生产安全事故负有责任', 'INDUSTRY_TRADE', `${AQ}第二十条等（经事故调查认定负有责任）`,
    `${AQ}第一百一十四条第一款第（一）项：处三十万元以上一百万元以下的罚款`,
    ['FINE'], [wan(30), wan(100)]),
  item('AQ-065-4', '查封、扣押不符合国家标准或者行业标准的设施、设备、器材', 'INDUSTRY_TRADE', `${AQ}第三十六条第一款等`,
    `${AQ}第六十五条第一款第（四）项；《中华人民共和国行政强制法》第二十五条（期限不超过三十日，经批准可延长三十日）`,
    [], null, { coercive: true }),
];
