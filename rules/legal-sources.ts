// Titles of the instruments that the deadline and threshold tables cite, with the version in
// force (see ../shared/law/deadlines.md §0). Pure data: bundled into workflows.

export interface LegalSource {
  /** Chinese title and version, e.g. 《中华人民共和国行政处罚法》（2021年修订） */
  instrument: string;
  /** e.g. 第34条第1款; several articles separated by 、 */
  article: string;
}

export const INSTRUMENT = {
  /** CF — 施行2021-07-15 */
  PENALTY_LAW: '《中华人民共和国行政处罚法》（2021年修订）',
  /** AB25 — 施行2026-02-01, repeals the 2007/2015 办法 (Art 90) */
  AB25: '《安全生产违法行为行政处罚办法》（应急管理部令第18号，2025）',
  /** QZ — 施行2012-01-01 */
  COERCION_LAW: '《中华人民共和国行政强制法》（2011）',
  /** FY — 施行2024-01-01 */
  RECONSIDERATION_LAW: '《中华人民共和国行政复议法》（2023年修订）',
  /** SS */
  LITIGATION_LAW: '《中华人民共和国行政诉讼法》（2017年修正）',
  /** XSJ18 */
  LITIGATION_INTERPRETATION: '《最高人民法院关于适用〈中华人民共和国行政诉讼法〉的解释》（法释〔2018〕1号）',
  /** 310 */
  TRANSFER_REGULATION: '《行政执法机关移送涉嫌犯罪案件的规定》（国务院令第310号，2020年修订）',
  /** XX19 — full text not read; articles beyond 7–8 unverified */
  SAFETY_TRANSFER_MEASURES: '《安全生产行政执法与刑事司法衔接工作办法》（应急〔2019〕54号）',
  /** 118 — read through 新华社/新京报 summaries only */
  THREE_SYSTEMS_OPINION:
    '《国务院办公厅关于全面推行行政执法公示制度执法全过程记录制度重大执法决定法制审核制度的指导意见》（国办发〔2018〕118号）',
  /** XY23 — read through secondary summaries only; article numbers not verified */
  SAFETY_CREDIT_LIST_MEASURES: '《安全生产严重失信主体名单管理办法》（应急管理部令第11号，2023）',
  /** The reform plan itself (mission/yuxi-enforcement-reform-plan.txt): 抽查、评议考核、干预留痕 */
  REFORM_PLAN: '《玉溪市深化应急管理综合行政执法改革实施方案》',
  /** MS — 留置送达 by 拍照、录像 (Art 89 in the 2021 numbering), applied to penalty documents by CF Art 61 */
  CIVIL_PROCEDURE_LAW: '《中华人民共和国民事诉讼法》（2023年修正）',
  /** JS15 — Art 6-7 read through secondary quotations */
  PRODUCTION_SAFETY_CRIMES_INTERPRETATION:
    '《最高人民法院 最高人民检察院关于办理危害生产安全刑事案件适用法律若干问题的解释》（法释〔2015〕22号）',
} as const;
