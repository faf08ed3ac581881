import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  caseStateQuery, FAILURE, moveJurisdictionUpdate, requestTakeUpUpdate, type Actor, type JurisdictionTarget,
} from '../../workflows/messages.ts';
import { officers, people, startCase } from '../support/case-driver.ts';
import { recordHistory } from '../support/record-history.ts';
import { expectRefused } from '../support/refusal.ts';
import { eventually } from '../support/system.ts';
import { startTimeSkipping } from '../support/workflow-env.ts';

// 提级管辖 / 指定管辖 (issue 21 item 4) on the time-skipping server with the real activities: the
// running case moves to another bureau mid-procedure and is decided there.
let t: Awaited<ReturnType<typeof startTimeSkipping>>;
beforeAll(async () => { t = await startTimeSkipping(); });
afterAll(async () => t?.stop());

const city: JurisdictionTarget = { orgId: 'yx-city', name: '玉溪市应急管理局', level: 'CITY' };
const jiangchuan: JurisdictionTarget = { orgId: 'yx-jiangchuan', name: '江川区应急管理局', level: 'COUNTY', parentOrgId: 'yx-city' };
const actor = (id: string, orgId: string, roles: Actor['roles']): Actor => ({ userId: id, name: id, orgId, roles, certified: true });
const cityOfficers = [actor('u-city-handler1', 'yx-city', ['HANDLER']), actor('u-city-handler2', 'yx-city', ['HANDLER'])];
const citySupervisor = actor('u-city-supervisor', 'yx-city', ['CITY_SUPERVISOR']);
const reason = '涉及两个县（区）的危险化学品储存违法行为，社会影响重大，由市局直接查处。';

describe('提级管辖 / 指定管辖', () => {
  it('the city takes up a county case mid-investigation: its steps move, the decision is the city’s, the history stays', async () => {
    const worker = await t.worker();
    await worker.runUntil(async () => {
      const { input, handle, d } = await startCase(t);
      await d.complete('FILING_APPROVAL', people.supervisor, 'APPROVE', {});
      const investigation = await d.openTask('INVESTIGATION');
      expect(investigation.orgId).toBe('yx-hongta');
      const filedNumber = (await d.caseRow()).number!;
      expect(filedNumber).toMatch(/^红塔应急立〔\d{4}〕\d+号$/);

      // A county head is not the superior; a city handler is not a decider.
      await expectRefused(handle.executeUpdate(moveJurisdictionUpdate, { args: [{ actor: people.head, kind: 'TAKE_UP', to: { ...city, orgId: 'yx-hongta' }, reason }] }), FAILURE.forbidden, /上一级|负责人/);
      await expectRefused(handle.executeUpdate(moveJurisdictionUpdate, { args: [{ actor: cityOfficers[0]!, kind: 'TAKE_UP', to: city, reason }] }), FAILURE.forbidden, /负责人或执法监督人员/);

      const state = await handle.executeUpdate(moveJurisdictionUpdate, { args: [{ actor: people.cityHead, kind: 'TAKE_UP', to: city, reason }] });
      expect(state.jurisdiction).toEqual([expect.objectContaining({ kind: 'TAKE_UP', fromOrgId: 'yx-hongta', toOrgId: 'yx-city', reason, decidedBy: people.cityHead.userId })]);
      const moved = await t.prisma.task.findUniqueOrThrow({ where: { id: investigation.id } });
      expect({ orgId: moved.orgId, status: moved.status, claimedById: moved.claimedById }).toEqual({ orgId: 'yx-city', status: 'OPEN', claimedById: null });
      const row = await d.caseRow();
      expect({ orgId: row.orgId, number: row.number }).toEqual({ orgId: 'yx-city', number: filedNumber });
      const record = await t.prisma.caseJurisdiction.findMany({ where: { caseId: input.caseId } });
      expect(record).toEqual([expect.objectContaining({ kind: 'TAKE_UP', fromOrgId: 'yx-hongta', toOrgId: 'yx-city', reason, decidedById: people.cityHead.userId })]);
      expect(await t.prisma.auditEvent.count({ where: { caseId: input.caseId, action: 'case.jurisdiction_handed_over', orgId: 'yx-hongta' } })).toBe(1);
      expect(await t.prisma.auditEvent.count({ where: { caseId: input.caseId, action: 'case.jurisdiction_moved', orgId: 'yx-city' } })).toBe(1);

      // The county's officers no longer act on it; the city's do.
      expect(await d.refused('INVESTIGATION', people.handler1, 'PROPOSE', {
        findings: '储罐区未设置安全警示标志。', penaltyTypes: ['FINE'], fineFen: 8_000_000, officerIds: officers.map((o) => o.userId),
      }, { officers })).toMatch(/不属于承办该任务的单位/);
      await d.complete('INVESTIGATION', cityOfficers[0]!, 'PROPOSE', {
        findings: '储罐区未设置安全警示标志，经市局两名执法人员现场检查属实。', penaltyTypes: ['FINE'], fineFen: 8_000_000,
        officerIds: cityOfficers.map((o) => o.userId),
      }, { officers: cityOfficers });
      await d.complete('NOTICE_SERVICE', cityOfficers[0]!, 'SERVED', { servedAt: await d.now(), method: '直接送达' });
      const notice = await eventually(async () => (await d.documents('PENALTY_NOTICE'))[0]);
      expect(notice.orgId).toBe('yx-city');
      await d.complete('PARTY_RESPONSE', cityOfficers[0]!, 'WAIVED', {});
      await d.complete('DECISION', people.cityHead, 'DECIDE', { penaltyTypes: ['FINE'], fineFen: 8_000_000, reasoning: '事实清楚，证据确凿' });
      const decision = await eventually(async () => (await d.documents('PENALTY_DECISION'))[0]);
      expect(decision.number).toMatch(/^玉溪应急罚〔\d{4}〕\d+号$/);
      expect(decision.orgId).toBe('yx-city');
      expect(decision.html).toContain('玉溪市应急管理局');
      // History and the county's documents stay as they were.
      const filingForm = (await d.documents('FILING_APPROVAL_FORM'))[0]!;
      expect(filingForm.orgId).toBe('yx-hongta');
      expect(await t.prisma.task.count({ where: { caseId: input.caseId, kind: 'FILING_APPROVAL', orgId: 'yx-hongta', status: 'COMPLETED' } })).toBe(1);
      // Decided: the case no longer moves.
      await expectRefused(handle.executeUpdate(moveJurisdictionUpdate, { args: [{ actor: people.cityHead, kind: 'ASSIGN', to: jiangchuan, reason }] }), FAILURE.conflict, /已作出处罚决定/);
      expect((await handle.query(caseStateQuery)).decision?.number).toBe(decision.number);
      await recordHistory(t.env.client, 'case/jurisdiction-taken-up', handle.workflowId);
    });
  });

  it('a county head asks (报请提级); the city refuses once, then takes it up from its queue within the limit', async () => {
    const worker = await t.worker();
    await worker.runUntil(async () => {
      const { input, handle, d } = await startCase(t);
      await d.complete('FILING_APPROVAL', people.supervisor, 'APPROVE', {});
      await expectRefused(handle.executeUpdate(requestTakeUpUpdate, { args: [{ actor: people.handler1, reason, to: city }] }), FAILURE.forbidden, /负责人/);
      await handle.executeUpdate(requestTakeUpUpdate, { args: [{ actor: people.head, reason, to: city }] });
      await expectRefused(handle.executeUpdate(requestTakeUpUpdate, { args: [{ actor: people.head, reason, to: city }] }), FAILURE.conflict, /等待上级决定/);
      const ask = await d.openTask('JURISDICTION_REQUEST');
      expect(ask.orgId).toBe('yx-city');
      expect(ask.deadlineId).toBe('JURISDICTION_REQUEST_DECISION');
      expect(ask.dueAt).not.toBeNull();
      expect(await d.refused('JURISDICTION_REQUEST', people.head, 'TAKE_UP', {})).toMatch(/不属于承办该任务的单位/);
      await d.complete('JURISDICTION_REQUEST', people.cityHead, 'REFUSE', { reason: '案情不属重大疑难，由红塔区继续办理。' });
      await eventually(async () => (await t.prisma.auditEvent.count({ where: { caseId: input.caseId, action: 'case.jurisdiction_request_refused' } })) === 1 || undefined);
      expect((await d.caseRow()).orgId).toBe('yx-hongta');
      expect((await d.openTask('INVESTIGATION')).orgId).toBe('yx-hongta');

      await handle.executeUpdate(requestTakeUpUpdate, { args: [{ actor: people.head, reason, to: city }] });
      await d.complete('JURISDICTION_REQUEST', citySupervisor, 'TAKE_UP', { comment: '同意提级。' });
      await eventually(async () => ((await d.caseRow()).orgId === 'yx-city') || undefined);
      expect((await d.openTask('INVESTIGATION')).orgId).toBe('yx-city');
      const [move] = await t.prisma.caseJurisdiction.findMany({ where: { caseId: input.caseId } });
      expect(move).toEqual(expect.objectContaining({ kind: 'TAKE_UP', requestedById: people.head.userId, decidedById: citySupervisor.userId }));

      // The city, now handling it, hands it to another county (指定管辖); not to itself nor outside its bureaus.
      await expectRefused(handle.executeUpdate(moveJurisdictionUpdate, { args: [{ actor: people.cityHead, kind: 'ASSIGN', to: { ...jiangchuan, parentOrgId: 'yx-other' }, reason }] }), FAILURE.invalid, /所属的其他县级/);
      await handle.executeUpdate(moveJurisdictionUpdate, { args: [{ actor: people.cityHead, kind: 'ASSIGN', to: jiangchuan, reason: '由江川区就近查处。' }] });
      expect((await d.openTask('INVESTIGATION')).orgId).toBe('yx-jiangchuan');
      expect((await handle.query(caseStateQuery)).jurisdiction?.map((m) => m.toOrgId)).toEqual(['yx-city', 'yx-jiangchuan']);
      await recordHistory(t.env.client, 'case/jurisdiction-requested-assigned', handle.workflowId);
    });
  });
});
