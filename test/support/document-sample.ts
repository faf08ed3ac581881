import type { DocumentData } from '../../documents/render.ts';

const officers = [{ name: '李明', certNo: '53040219001' }, { name: '王芳', certNo: '53040219002' }];
const opinion = { text: '同意', name: '张局长', at: '2026-11-20T02:00:00Z' };

// One sample carrying every field any template reads (see the comment atop each template).
export const documentSample: DocumentData = {
  number: '红塔应急罚〔2026〕12号', authorityName: '玉溪市红塔区应急管理局', issuedAt: '2026-11-28T01:00:00Z',
  party: { kind: 'ORG', name: '玉溪某化工有限公司', idNumber: '91530402MA6K00001X', address: '玉溪市红塔区某路1号', legalRep: '赵某', phone: '0877-0000000' },
  caseName: '未按规定对安全设备进行经常性维护案', caseNumber: '红塔应急立〔2026〕3号', source: '监督检查', receivedAt: '2026-11-01T02:00:00Z',
  facts: '2026年11月1日检查发现，该公司储罐区可燃气体报警装置失效。', reason: '涉嫌违反安全生产法第三十六条',
  officers, handlerOpinion: '建议立案', reviewerOpinion: opinion, approverOpinion: opinion,
  place: '公司储罐区', startedAt: '2026-11-01T01:30:00Z', endedAt: '2026-11-01T03:05:00Z',
  escort: { name: '钱某', title: '安全主任', phone: '13800000000' }, checkBasis: '红塔应急检通〔2026〕5号', findings: '储罐区报警装置失效',
  problems: ['可燃气体报警装置失效'], recorder: '王芳',
  interviewee: { name: '钱某', gender: '男', age: 45, idNumber: '530402198001010011', employer: '玉溪某化工有限公司', position: '安全主任', address: '红塔区', phone: '13800000000', relation: '当事人员工' },
  qa: [{ q: '报警装置为何失效？', a: '传感器损坏未更换。' }],
  interviewer: officers[0], recordKeeper: officers[1], rightsNotified: true,
  confirmation: { text: '以上记录已经被询问人核对，与实际情况一致。', refused: false }, measures: '责令立即更换报警装置传感器', rectifyBy: '2026-12-20',
  hazard: '配电室门前堆放杂物', extendedDueAt: '2027-01-20T16:00:00Z',
  items: [{ name: '可燃气体报警控制器', spec: 'GB-100', quantity: '1台', note: '' }], storagePlace: '原地', storageMethod: '就地保存',
  contact: { person: '李明', phone: '0877-1111111', address: '玉溪市红塔区某街2号' },
  evidence: ['现场检查记录', '询问笔录'], violationBasis: '《中华人民共和国安全生产法》第三十六条第二款',
  penaltyBasis: '《中华人民共和国安全生产法》第九十九条第二项', discretion: '依据裁量基准属一般情形', penalty: '罚款',
  fineFen: 1234500, statementSummary: '当事人未提出陈述申辩。', proposal: '罚款12345元',
  submittedAt: '2026-11-15T02:00:00Z', reviewPoints: [{ item: '执法主体', opinion: '合法' }], reviewUnit: '玉溪市红塔区应急管理局法制审核机构', reviewers: officers, reviewedAt: '2026-11-16T02:00:00Z',
  conclusion: '同意', suggestions: '无', heldAt: '2026-11-18T02:00:00Z', chair: '张局长', attendees: ['张局长', '刘副局长'], observers: ['李明'],
  presentation: '承办人汇报案情', discussion: [{ speaker: '刘副局长', opinion: '同意' }],
  requestedAt: '2026-11-10T02:00:00Z', hearingAt: '2026-11-20T01:00:00Z', host: '周某', members: ['吴某'],
  investigators: officers, proceedings: [{ speaker: '调查人员', statement: '出示证据' }], finalStatement: '请求从轻', recusalRequested: '',
  noticeNumber: '红塔应急告〔2026〕8号', noticeServedAt: '2026-11-08T02:00:00Z',
  payment: { bank: '中国农业银行玉溪红塔支行', accountName: '玉溪市红塔区财政局', account: '2400000000000', online: '云南省非税收入电子缴款平台' },
  reconsiderationOrgan: '玉溪市红塔区人民政府', occurredAt: '2026-11-01T01:00:00Z', receiptNumber: 'YN0001',
  documents: [{ title: '行政处罚决定书', number: '红塔应急罚〔2026〕12号' }], recipient: '钱某', address: '公司办公室', method: '直接送达',
  servedAt: '2026-11-28T03:00:00Z', servers: ['李明', '王芳'], proxyReceiver: '', witness: '', notes: '',
  decisionNumber: '红塔应急罚〔2026〕12号', decisionAt: '2026-11-28T01:00:00Z', decisionServedAt: '2026-11-28T03:00:00Z',
  lateFeeFen: 37035, court: '玉溪市红塔区人民法院', applicantAddress: '玉溪市红塔区某街2号', applicantHead: '张某', applicantHeadTitle: '局长',
  reminderNumber: '红塔应急催告〔2027〕1号', reminderServedAt: '2027-06-01T02:00:00Z', attachments: ['送达回证'],
  filedAt: '2026-11-02T02:00:00Z', paidFen: 1234500, execution: '已全额缴纳', closingReason: '罚款已缴清',
  commission: { number: '云检委〔2026〕31号', institution: '云南省特种设备安全检测研究院', commissionedAt: '2026-11-05', subject: '储罐区压力表' },
  pausedAt: '2026-11-05',
  // 专项执法工作总结 (issue 21).
  name: '危险化学品安全专项执法', legalBasis: '《中华人民共和国安全生产法》第六十五条', startsAt: '2026-11-01', endsAt: '2026-11-30',
  industries: ['危险化学品'], hazardTypes: ['重大危险源'],
  rows: [{ orgName: '红塔区应急管理局', target: 2, inspections: 2, hazardsFound: 3, hazardsRectified: 2, cases: 1, fineFen: 3000000, transfers: 0, escalated: false }],
  totals: { target: 2, inspections: 2, hazardsFound: 3, hazardsRectified: 2, cases: 1, fineFen: 3000000, transfers: 0 },
};
