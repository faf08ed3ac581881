import { RECORDING_GAP_REASONS } from '../rules/recording-steps.ts';
import type { ActionPage } from './action-pages.ts';
import { APPROVAL_PAGE, EXEMPTION_PAGE, exemptionSummary } from './services/recordings.ts';

// 未录制说明 (issue 22): a step that needs a 全过程音像记录 (国办发〔2018〕118号) but has none is completed
// only with a reason the team leader approved. The officer asks and the 执法队长 approves on these
// pages, through the JSON routes' own schema and handler (api/action-pages.ts); the case and task
// pages link to them (partials/recording-panel).

/** Back to the case's recordings (a 现场检查 without a case: to its step). */
const back = (r: unknown, p: Record<string, string>) => {
  const caseId = (r as { caseId?: string | null }).caseId;
  return caseId ? `/cases/${caseId}#recordings` : `/tasks/${p.id}`;
};
export const RECORDING_EXEMPTION_PAGES: ActionPage[] = [
  {
    api: 'POST /api/tasks/:id/recording-exemption', path: EXEMPTION_PAGE, title: '提交未录制说明',
    intro: '本环节须有全过程音像记录。因执法记录仪等设备故障未能录制，或录像文件灭失、损坏的，写明情况，报执法队长批准后方可办结本环节。',
    fields: [
      { name: 'reason', label: '未录制原因', kind: 'select', required: true, options: () => Object.entries(RECORDING_GAP_REASONS).map(([value, label]) => ({ value, label })) },
      { name: 'explanation', label: '情况说明（不少于10个字）', kind: 'textarea', required: true },
    ],
    submit: '提交执法队长批准', next: back,
    list: (deps, me, req) => exemptionSummary(deps, me, String(req.params.id)), listTitle: '本环节',
  },
  {
    api: 'POST /api/tasks/:id/recording-exemption/approve', path: APPROVAL_PAGE, title: '批准未录制说明',
    intro: '核实未录制的原因属实后批准；批准后该环节无需录音录像即可办结。不能批准本人提交的说明。',
    fields: [],
    submit: '批准', next: back,
    list: (deps, me, req) => exemptionSummary(deps, me, String(req.params.id)), listTitle: '待批准的未录制说明',
  },
];
