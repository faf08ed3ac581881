import { residentIdCheckDigit } from '../../rules/resident-id.ts';

// Complete 询问笔录 / 现场检查记录 content (rules/forms/records.ts), by two certified officers of
// the case's org, for tests that need a valid record.
const HOUR = 3_600_000;
export const hoursAgo = (h: number) => new Date(Date.now() - h * HOUR).toISOString();
const residentId = `${'53040219800101001'}${residentIdCheckDigit('53040219800101001')}`;

export const interviewRecord = (interviewerId: string, recorderId: string, over: Record<string, unknown> = {}) => ({
  startedAt: hoursAgo(3), endedAt: hoursAgo(2), place: '公司二楼会议室', interviewerId, recorderId,
  interviewee: {
    name: '钱某', idType: 'RESIDENT_ID', idNumber: residentId, sex: 'MALE', age: 46, employer: '测试化工有限公司', position: '安全主任',
    phone: '13800000000', address: '玉溪市红塔区玉兴路1号', relation: 'EMPLOYEE',
  },
  rightsNotified: true,
  qa: [{ q: '储罐区的安全警示标志由谁负责设置？', a: '由我负责，\n去年拆除后一直没有补设。' }, { q: '以上所说是否属实？', a: '属实。' }],
  confirmation: { status: 'CONFIRMED' }, ...over,
});

export const inspectionRecord = (officerIds: string[], over: Record<string, unknown> = {}) => ({
  startedAt: hoursAgo(5), endedAt: hoursAgo(4), place: '储罐区',
  inspected: { name: '测试化工有限公司', address: '玉溪市红塔区玉兴路1号', headName: '孙某', headPosition: '生产副总经理', headPhone: '0877-1234567' },
  officerIds, findings: '储罐区未设置明显的安全警示标志。', measures: '无',
  confirmation: { status: 'REFUSED', reason: '现场负责人称需请示总经理' }, ...over,
});
