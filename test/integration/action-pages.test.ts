import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leadBody, signaturePng } from '../support/cases.ts';
import { csrfOf, sessionAs, type PageCall } from '../support/session.ts';
import { apiAs, eventually, startSystem, type System } from '../support/system.ts';

// The pages of api/person-action-pages.ts: actions that had only a JSON route, now done on a page
// that goes through the route's own schema and handler, keeping what was typed when refused.

let sys: System;
let handler: PageCall;
let supervisor: PageCall;
beforeAll(async () => {
  sys = await startSystem();
  [handler, supervisor] = await Promise.all([sessionAs(sys.baseUrl, 'hongta.handler1'), sessionAs(sys.baseUrl, 'hongta.supervisor')]);
});
afterAll(async () => { await sys?.stop(); });

const form = (html: string) => /<form method="post" action="[^"]*" class="card" id="action-form">[^]*?<\/form>/.exec(html)![0];
const beside = (html: string, name: string) => {
  const rest = html.slice(html.indexOf(`name="${name}"`));
  return /<span class="field-error">([^<]*)<\/span>/.exec(rest.slice(0, rest.search(/<\/label>|<\/fieldset>/)))?.[1];
};
/** The message of a list of checkboxes (shown once, under the list). */
const besideList = (html: string, name: string) => {
  const set = new RegExp(`<fieldset class="checks">(?:(?!</fieldset>)[^])*name="${name}"[^]*?</fieldset>`).exec(html)?.[0] ?? '';
  return /<span class="field-error">([^<]*)<\/span>/.exec(set)?.[1];
};
const value = (html: string, name: string) =>
  new RegExp(`<input[^>]*name="${name}" value="([^"]*)"`).exec(html)?.[1] ?? new RegExp(`<textarea name="${name}"[^>]*>([^<]*)</textarea>`).exec(html)?.[1];

async function aCase(): Promise<string> {
  const api = await apiAs(sys.baseUrl, 'hongta.handler1');
  const reg = await api.post('/api/cases', leadBody());
  expect(reg.status).toBe(201);
  return reg.body.caseId;
}

describe('移交有关部门 from a page', () => {
  it('comes from the case with its id, refuses a short hazard beside the field, then files the referral', async () => {
    const caseId = await aCase();
    const open = await handler('GET', `/referrals/new?caseId=${caseId}`);
    expect(open.status).toBe(200);
    expect(value(form(open.html), 'caseId')).toBe(caseId);
    const csrf = csrfOf(open.html);
    const typed = { _csrf: csrf, caseId, hazard: '电梯', location: '红塔区某小区3号楼', reason: '电梯属特种设备，由市场监管部门负责', toOrgId: '' };
    const refused = await handler('POST', '/referrals/new', typed);
    expect(refused.status).toBe(400);
    expect(beside(form(refused.html), 'hazard')).toBe('请描述隐患（至少5个字）');
    expect(value(form(refused.html), 'location')).toBe(typed.location);
    expect(value(form(refused.html), 'reason')).toBe(typed.reason);
    expect(await sys.prisma.referral.count({ where: { caseId } })).toBe(0);

    const filed = await handler('POST', '/referrals/new', { ...typed, hazard: '小区电梯超期未检验，存在安全隐患', idempotencyKey: value(refused.html, 'idempotencyKey')! });
    expect(filed.status, filed.html.slice(0, 1500)).toBe(303);
    const id = filed.location!.split('/').pop()!;
    expect((await sys.prisma.referral.findUniqueOrThrow({ where: { id } })).caseId).toBe(caseId);
  });

  it('is refused to a role the API route does not admit', async () => {
    expect((await supervisor('GET', '/referrals/new')).status).toBe(403);
  });
});

describe('当场处罚 from a page', () => {
  it('without the second officer the message is beside that list; with one the case is decided', async () => {
    const open = await handler('GET', '/cases/summary/new');
    expect(open.status).toBe(200);
    const lead = leadBody();
    const typed = {
      _csrf: csrfOf(open.html), 'party.kind': 'ORG', 'party.name': lead.party.name, 'party.idNumber': lead.party.idNumber, catalogItemId: lead.catalogItemId,
      source: 'INSPECTION', occurredAt: lead.occurredAt.slice(0, 10), facts: lead.facts, 'penalty.penaltyTypes': 'WARNING', 'penalty.fineFen': '0',
      'receipt.mode': 'SIGNED', 'receipt.party.image': signaturePng(), 'receipt.party.signedAt': new Date().toISOString(),
    };
    const refused = await handler('POST', '/cases/summary/new', typed);
    expect(refused.status).toBe(400);
    expect(besideList(form(refused.html), 'officerIds')).toBe('请填写另一名执法人员');
    expect(value(form(refused.html), 'party.name')).toBe(lead.party.name);

    // 行政处罚法 Art 52: not handed over without the party's signature or a noted refusal.
    const unsigned = await handler('POST', '/cases/summary/new', { ...typed, officerIds: 'u-hongta-handler2', 'receipt.party.image': '' });
    expect(unsigned.status).toBe(400);
    expect(unsigned.html).toContain('请当事人在屏幕上签收');

    const decided = await handler('POST', '/cases/summary/new', { ...typed, officerIds: 'u-hongta-handler2' });
    expect(decided.status, decided.html.slice(0, 1500)).toBe(303);
    const caseId = decided.location!.split('/').pop()!;
    expect((await sys.prisma.case.findUniqueOrThrow({ where: { id: caseId } })).partyName).toBe(lead.party.name);
  });
});

describe('退回认领 from the task page', () => {
  it('the person who claimed a step can give it back', async () => {
    const caseId = await aCase();
    const task = await eventually(() => sys.prisma.task.findFirst({ where: { caseId, kind: 'FILING_APPROVAL', status: 'OPEN' } }));
    const page = await supervisor('GET', `/tasks/${task.id}`);
    const csrf = csrfOf(page.html);
    expect((await supervisor('POST', `/tasks/${task.id}/claim`, { _csrf: csrf })).status).toBe(302);
    const claimed = await supervisor('GET', `/tasks/${task.id}`);
    expect(claimed.html).toContain(`action="/tasks/${task.id}/unclaim"`);
    const back = await supervisor('POST', `/tasks/${task.id}/unclaim`, { _csrf: csrf });
    expect(back.status).toBe(302);
    expect((await sys.prisma.task.findUniqueOrThrow({ where: { id: task.id } })).claimedById).toBeNull();
  });
});
