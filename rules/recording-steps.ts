// 全过程音像记录 (issue 22): the steps whose on-site act must be recorded in audio or video, each
// with its source. 行政处罚法 Art 47 wants 全过程记录 "以文字、音像等形式" of 启动、调查取证、审核、
// 决定、送达、执行; 国办发〔2018〕118号 wants 全程音像记录 for 查封扣押财产、强制拆除 and other on-site
// acts touching 人身自由、生命健康、重大财产权益. Which further steps are recorded is the bureau's
// practice (执法记录仪): those rows are confirmed:false and may be switched off by configuration
// (RECORDING_OVERRIDES), like the deadline rows. Pure data plus lookups.
import { INSTRUMENT, type LegalSource } from './legal-sources.ts';

const { PENALTY_LAW: CF, AB25, COERCION_LAW: QZ, THREE_SYSTEMS_OPINION: OPINION_118, CIVIL_PROCEDURE_LAW: MS } = INSTRUMENT;

export interface RecordingRule {
  id: string;
  /** The act, in Chinese, as a refusal names it. */
  label: string;
  /** The step (task kind) at which the act is accounted for. */
  taskKind: string;
  /** Only these outcomes of the step report the act (all when absent). */
  outcomes?: readonly string[];
  /** Only when the completion's data field has this value (留置送达 is one 送达方式 of several). */
  when?: { field: string; equals: string };
  required: boolean;
  source: LegalSource;
  related?: readonly LegalSource[];
  /** false: the bureau's practice, not law read; only these rows may be overridden. */
  confirmed: boolean;
  note?: string;
}

const ART47 = { instrument: CF, article: '第47条' };
const RECORD_118 = { instrument: OPINION_118, article: '三、全面推行执法全过程记录制度' };

export const RECORDING_RULES = {
  INSPECTION_ON_SITE: {
    id: 'INSPECTION_ON_SITE', label: '现场检查', taskKind: 'INSPECTION_RECORD', required: true, confirmed: false,
    source: ART47, related: [{ instrument: AB25, article: '第21条' }, RECORD_118],
    note: '行政处罚法第47条要求以文字、音像等形式全过程记录，未规定现场检查必须音像记录；执法记录仪全程记录为本局做法，可配置。检查尚未立案时，录像以上传时所选的环节关联。',
  },
  INVESTIGATION_ON_SITE: {
    id: 'INVESTIGATION_ON_SITE', label: '调查取证（现场）', taskKind: 'INVESTIGATION', required: true, confirmed: false,
    source: ART47, related: [{ instrument: AB25, article: '第21条' }, RECORD_118],
    note: '调查取证环节含现场调查取证；音像记录为本局做法（第47条“文字、音像等形式”），可配置。',
  },
  PRESERVATION: {
    id: 'PRESERVATION', label: '先行登记保存', taskKind: 'PRESERVATION_APPROVAL', required: true, confirmed: false,
    source: RECORD_118, related: [{ instrument: CF, article: '第56条' }, { instrument: AB25, article: '第42条' }],
    note: '118号文明确的是查封扣押财产等涉及重大财产权益的现场执法活动；先行登记保存同样限制财产的处分，比照适用，可配置。118号文按新华社摘要引用，全文未核对。',
  },
  SEIZURE: {
    id: 'SEIZURE', label: '查封扣押', taskKind: 'PRESERVATION_DISPOSAL', outcomes: ['SEIZE'], required: true, confirmed: true,
    source: RECORD_118, related: [{ instrument: QZ, article: '第18条、第24条' }, ART47],
    note: '118号文按新华社、新京报摘要引用（“对查封扣押财产、强制拆除等……现场执法活动……全程音像记录”），全文未核对。',
  },
  HEARING: {
    id: 'HEARING', label: '听证', taskKind: 'HEARING', outcomes: ['HELD'], required: true, confirmed: false,
    source: ART47, related: [{ instrument: CF, article: '第64条' }, RECORD_118],
    note: '行政处罚法第64条要求制作听证笔录；听证全程录音录像为本局做法，可配置。',
  },
  LEFT_SERVICE: {
    id: 'LEFT_SERVICE', label: '留置送达', taskKind: 'DECISION_SERVICE', outcomes: ['SERVED'], when: { field: 'method', equals: 'LEFT' },
    required: true, confirmed: false,
    source: { instrument: MS, article: '第89条' }, related: [{ instrument: CF, article: '第61条' }, ART47],
    note: '民事诉讼法允许“采用拍照、录像等方式记录送达过程”代替见证人签名（2021年修正本第89条，2023年修正后条号未核对）；行政处罚法第61条准用。要求必须录像为本局做法，可配置。',
  },
  ENFORCEMENT: {
    id: 'ENFORCEMENT', label: '强制执行', taskKind: 'COURT_APPLICATION', required: true, confirmed: false,
    source: RECORD_118, related: [{ instrument: QZ, article: '第53条' }, ART47],
    note: '本系统的强制执行环节为申请人民法院强制执行（行政强制法第53条），现场强制由法院实施；本局在该环节提交执行现场的录像，可配置。',
  },
} as const satisfies Record<string, RecordingRule>;

export type RecordingRuleId = keyof typeof RECORDING_RULES;
export type RecordingTable = Readonly<Record<RecordingRuleId, RecordingRule>>;
/** Only rows with confirmed:false may be switched off (or on again). */
export type RecordingOverrides = Partial<Record<RecordingRuleId, { required: boolean }>>;

export const RECORDING_RULE_IDS = Object.keys(RECORDING_RULES) as RecordingRuleId[];

/** The table with configured values; a confirmed row or an unknown id is an error, as for deadlines. */
export function withRecordingOverrides(overrides: RecordingOverrides = {}): RecordingTable {
  const table: Record<string, RecordingRule> = { ...RECORDING_RULES };
  for (const [id, value] of Object.entries(overrides)) {
    if (value === undefined) continue;
    const row = (RECORDING_RULES as Record<string, RecordingRule>)[id];
    if (!row || !Object.prototype.hasOwnProperty.call(RECORDING_RULES, id)) throw new Error(`未知的音像记录规则 ${id}`);
    if (row.confirmed) throw new Error(`音像记录规则 ${id}（${row.label}）有明确依据（${row.source.instrument}${row.source.article}），不能通过配置修改`);
    if (typeof value.required !== 'boolean') throw new Error(`音像记录规则 ${id} 的 required 须为 true 或 false`);
    table[id] = { ...row, required: value.required };
  }
  return Object.freeze(table) as RecordingTable;
}

/** The rule a step's completion falls under (any outcome when `outcome` is undefined), if it is required. */
export function recordingRuleFor(table: RecordingTable, taskKind: string, outcome?: string, data: Record<string, unknown> = {}): RecordingRule | undefined {
  return Object.values(table).find((r) => r.required && r.taskKind === taskKind
    && (outcome === undefined || !r.outcomes || r.outcomes.includes(outcome))
    && (outcome === undefined || !r.when || data[r.when.field] === r.when.equals));
}

/** Why a required recording was not made (the exemption a team leader approves). */
export const RECORDING_GAP_REASONS = { DEVICE_FAILURE: '执法记录仪等设备故障', FILE_LOST: '录像文件灭失、损坏' } as const;
export type RecordingGapReason = keyof typeof RECORDING_GAP_REASONS;
