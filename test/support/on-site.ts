import type { Locator } from 'playwright-core';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import { leadBody } from './cases.ts';
import { createCounty, createStaff } from './own-county.ts';
import { apiAs, eventually } from './system.ts';

// The on-site browser tests (issue 23) work on a case of their own county, at 调查取证, with two
// handlers who sign (甲, 乙) and the 队长 who approved the filing.

const beijing = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
/** datetime-local value (Beijing wall time) `hours` ago. */
export const beijingLocal = (hours: number) => beijing.format(Date.now() - hours * 3_600_000).replace(' ', 'T');

export interface OnSiteCounty { caseId: string; h1: string; h2: string; username: string }

/** A county `<prefix>-<tag>` with handlers `<name>甲`/`<name>乙` and a case filed and at 调查取证. */
export async function countyCaseAtInvestigation(sys: { prisma: PrismaClient; baseUrl: string }, prefix: string, name: string, tag: string): Promise<OnSiteCounty> {
  const org = `${prefix}-${tag}`;
  const [h1, h2] = [`u-${org}-h1`, `u-${org}-h2`];
  await createCounty(sys.prisma, { id: org, name: `测试县应急管理局${tag}`, shortName: `${name}${tag}` });
  await createStaff(sys.prisma, [
    { id: h1, username: `${prefix}.${tag}.h1`, displayName: `${name}甲`, orgId: org, roles: ['HANDLER'] },
    { id: h2, username: `${prefix}.${tag}.h2`, displayName: `${name}乙`, orgId: org, roles: ['HANDLER'] },
    { id: `u-${org}-sup`, username: `${prefix}.${tag}.sup`, displayName: `${name}队长`, orgId: org, roles: ['SUPERVISOR'] },
  ]);
  const [handler, supervisor] = await Promise.all([apiAs(sys.baseUrl, `${prefix}.${tag}.h1`), apiAs(sys.baseUrl, `${prefix}.${tag}.sup`)]);
  const caseId = (await handler.post('/api/cases', leadBody())).body.caseId as string;
  const filing = await eventually(async () => (await supervisor.get(`/api/cases/${caseId}`)).body?.tasks?.find((t: { kind: string; status: string }) => t.kind === 'FILING_APPROVAL' && t.status === 'OPEN'));
  await supervisor.post(`/api/tasks/${filing.id}/complete`, { outcome: 'APPROVE', data: { comment: '同意立案' } });
  await eventually(async () => (await handler.get(`/api/cases/${caseId}`)).body?.case?.stage === 'INVESTIGATION');
  return { caseId, h1, h2, username: `${prefix}.${tag}.h1` };
}

/** A signature stroke drawn with the finger (the mouse) across a signature pad. */
export async function drawSignature(pad: Locator): Promise<void> {
  await pad.scrollIntoViewIfNeeded();
  const box = (await pad.boundingBox())!;
  const page = pad.page();
  await page.mouse.move(box.x + 20, box.y + box.height * 0.6);
  await page.mouse.down();
  for (let i = 1; i <= 12; i++) await page.mouse.move(box.x + 20 + i * (box.width - 40) / 12, box.y + box.height * (i % 2 ? 0.3 : 0.7), { steps: 2 });
  await page.mouse.up();
}

export interface OnSiteInspection extends OnSiteCounty { inspectionId: string; enterpriseName: string }

/**
 * The county of `countyCaseAtInvestigation` with an enterprise of its own, drawn by its 队长 for an
 * ad-hoc 双随机 check: an inspection waiting for its 现场检查记录.
 */
export async function countyInspection(sys: { prisma: PrismaClient; baseUrl: string }, prefix: string, name: string, tag: string): Promise<OnSiteInspection> {
  const site = await countyCaseAtInvestigation(sys, prefix, name, tag);
  const org = `${prefix}-${tag}`;
  const enterpriseName = `${name}${tag}化工有限公司`;
  await sys.prisma.enterprise.create({ data: {
    id: `ent-${org}`, uscc: `91530499${tag.replace(/[^0-9a-z]/gi, '').toUpperCase().padEnd(10, '0').slice(0, 10)}`, name: enterpriseName,
    industry: '危险化学品', orgId: org, address: '玉溪市测试县工业园区8号', legalRep: '周建国', riskLevel: 'HIGH',
  } });
  const supervisor = await apiAs(sys.baseUrl, `${prefix}.${tag}.sup`);
  const drawn = await supervisor.post('/api/draws', { count: 1 }, { 'idempotency-key': `draw-${org}` });
  if (drawn.status !== 201) throw new Error(`draw: ${drawn.status} ${JSON.stringify(drawn.body)}`);
  const inspectionId = drawn.body.inspections[0] as string;
  await eventually(() => sys.prisma.task.findFirst({ where: { workflowId: `inspection-${inspectionId}`, kind: 'INSPECTION_RECORD', status: 'OPEN' } }));
  return { ...site, inspectionId, enterpriseName };
}
