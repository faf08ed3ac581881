import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leadBody } from '../support/cases.ts';
import { csrfOf, sessionAs, type PageCall } from '../support/session.ts';
import { apiAs, eventually, startSystem, type Api, type System } from '../support/system.ts';

// Issue 17 item 7: a refused form comes back on the same page, 4xx, with what was typed and each
// message beside its field; after a submit the page shows the workflow's next step at once.

let sys: System;
let handler: PageCall;
let supervisor: PageCall;
let handlerApi: Api;
beforeAll(async () => {
  sys = await startSystem();
  [handler, supervisor, handlerApi] = await Promise.all([
    sessionAs(sys.baseUrl, 'hongta.handler1'), sessionAs(sys.baseUrl, 'hongta.supervisor'), apiAs(sys.baseUrl, 'hongta.handler1'),
  ]);
});
afterAll(async () => { await sys?.stop(); });

const unescape = (s: string) => s.replace(/&#x3D;/g, '=').replace(/&quot;/g, '"').replace(/&amp;/g, '&');

/** The message shown right after the named field (before its label or cell closes), if any. */
function messageBeside(html: string, name: string): string | undefined {
  const at = html.indexOf(`name="${name}"`);
  if (at < 0) throw new Error(`no field ${name} on the page`);
  const rest = html.slice(at);
  const end = rest.search(/<\/label>|<\/td>|<\/fieldset>/);
  return /<span class="field-error">([^<]*)<\/span>/.exec(rest.slice(0, end))?.[1];
}
/** The value the named input (or textarea) shows. */
function valueOf(html: string, name: string): string | undefined {
  const input = new RegExp(`<input[^>]*name="${name.replace(/\./g, '\\.')}"[^>]*value="([^"]*)"`).exec(html);
  if (input) return unescape(input[1]!);
  const area = new RegExp(`<textarea[^>]*name="${name}"[^>]*>([^<]*)</textarea>`).exec(html);
  return area ? unescape(area[1]!) : undefined;
}
const selected = (html: string, name: string) =>
  new RegExp(`<select name="${name}"[^]*?</select>`).exec(html)?.[0].match(/<option value="([^"]*)" selected>/)?.[1];

/** The steps in the case page's step table (their titles). */
const steps = (html: string) => [...html.matchAll(/<tr><td><a href="\/tasks\/[^"]+">([^<]+)<\/a>/g)].map((m) => m[1]);

function leadForm(csrf: string, over: Record<string, string> = {}) {
  const lead = leadBody();
  return {
    _csrf: csrf, idempotencyKey: crypto.randomUUID(), partyKind: 'ORG', enterpriseId: '', partyName: lead.party.name, partyIdNumber: lead.party.idNumber,
    partyAddress: '玉溪市红塔区测试路1号', catalogItemId: lead.catalogItemId, source: 'COMPLAINT', occurredAt: lead.occurredAt.slice(0, 10),
    facts: lead.facts, ...over,
  };
}

async function registerFromPage(): Promise<string> {
  const csrf = csrfOf((await handler('GET', '/cases/new')).html);
  const res = await handler('POST', '/cases', leadForm(csrf));
  expect(res.status, res.html).toBe(302);
  return res.location!.split('/').pop()!;
}

describe('the new-case form keeps work', () => {
  it('offers only items that can be registered, with nothing chosen for the person', async () => {
    const page = await handler('GET', '/cases/new');
    expect(page.status).toBe(200);
    const coercive = await sys.prisma.catalogItem.findMany({ where: { coercive: true }, select: { code: true } });
    expect(coercive.length).toBeGreaterThan(0);
    for (const { code } of coercive) expect(page.html).not.toContain(`<option value="${code}"`);
    expect(page.html).toContain('<option value="">请选择执法事项</option>');
    expect(selected(page.html, 'catalogItemId')).toBeUndefined();
  });

  it('a too-short summary comes back 400 with everything typed and the message beside 案情摘要', async () => {
    const csrf = csrfOf((await handler('GET', '/cases/new')).html);
    const form = leadForm(csrf, { facts: '未设', source: 'ACCIDENT' });
    const res = await handler('POST', '/cases', form);
    expect(res.status).toBe(400);
    expect(res.location).toBeNull();
    expect(messageBeside(res.html, 'facts')).toBe('案情摘要至少5个字');
    expect(valueOf(res.html, 'facts')).toBe('未设');
    expect(valueOf(res.html, 'partyName')).toBe(form.partyName);
    expect(valueOf(res.html, 'partyIdNumber')).toBe(form.partyIdNumber);
    expect(valueOf(res.html, 'partyAddress')).toBe(form.partyAddress);
    expect(valueOf(res.html, 'occurredAt')).toBe(form.occurredAt);
    expect(selected(res.html, 'catalogItemId')).toBe(form.catalogItemId);
    expect(selected(res.html, 'source')).toBe('ACCIDENT');
    expect(messageBeside(res.html, 'partyName')).toBeUndefined();
    // The same idempotency key goes back, so the corrected submit is still one case.
    expect(valueOf(res.html, 'idempotencyKey')).toBe(form.idempotencyKey);
  });

  it('a refusal of the service (a wrong check digit) lands beside its field with 422', async () => {
    const csrf = csrfOf((await handler('GET', '/cases/new')).html);
    const wrong = leadForm(csrf).partyIdNumber.slice(0, 17) + (leadForm(csrf).partyIdNumber.endsWith('0') ? '1' : '0');
    const res = await handler('POST', '/cases', leadForm(csrf, { partyIdNumber: wrong }));
    expect(res.status).toBe(422);
    expect(messageBeside(res.html, 'partyIdNumber')).toContain('校验位不正确');
    expect(valueOf(res.html, 'partyIdNumber')).toBe(wrong);
  });

  it('a lead "received" before the offence is refused beside 发现线索或收到材料的日期, the date kept', async () => {
    const csrf = csrfOf((await handler('GET', '/cases/new')).html);
    const form = leadForm(csrf);
    const before = new Date(Date.parse(`${form.occurredAt}T00:00:00+08:00`) - 3 * 86_400_000).toISOString().slice(0, 10);
    const res = await handler('POST', '/cases', { ...form, receivedAt: before });
    expect(res.status).toBe(422);
    expect(messageBeside(res.html, 'receivedAt')).toMatch(/^发现线索或收到材料的时间（.+）不能早于违法行为发生时间/);
    expect(valueOf(res.html, 'receivedAt')).toBe(before);
  });

  it('after registering, the case page already shows the 立案审批 step', async () => {
    const caseId = await registerFromPage();
    const page = await handler('GET', `/cases/${caseId}`);
    expect(page.status).toBe(200);
    expect(steps(page.html)).toContain('立案审批');
  });
});

describe('the task form keeps work and the case page shows the next step', () => {
  it('不予立案 without a reason comes back with the message beside 理由; 批准立案 then shows 调查取证 at once', async () => {
    const caseId = await registerFromPage();
    const filing = await sys.prisma.task.findFirstOrThrow({ where: { caseId, kind: 'FILING_APPROVAL', status: 'OPEN' } });
    const taskPage = await supervisor('GET', `/tasks/${filing.id}`);
    const csrf = csrfOf(taskPage.html);
    const refused = await supervisor('POST', `/tasks/${filing.id}/complete`, { _csrf: csrf, outcome: 'REJECT', 'REJECT.reason': '否' });
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect(refused.status).toBeLessThan(500);
    const rejectForm = /<form[^>]*id="outcome-REJECT"[^]*?<\/form>/.exec(refused.html)![0];
    expect(messageBeside(rejectForm, 'REJECT.reason')).toBeTruthy();
    expect(valueOf(rejectForm, 'REJECT.reason')).toBe('否');
    expect((await sys.prisma.task.findUniqueOrThrow({ where: { id: filing.id } })).status).toBe('OPEN');

    const approved = await supervisor('POST', `/tasks/${filing.id}/complete`, { _csrf: csrf, outcome: 'APPROVE', 'APPROVE.comment': '同意立案' });
    expect(approved.status).toBe(302);
    expect(approved.location).toBe(`/cases/${caseId}`);
    const casePage = await supervisor('GET', approved.location!);
    expect(steps(casePage.html)).toContain('立案审批');
    expect(steps(casePage.html).some((s) => s.startsWith('调查取证'))).toBe(true);
  });
});

describe('case actions keep work', () => {
  let caseId: string;
  let csrf: string;
  beforeAll(async () => {
    caseId = await registerFromPage();
    const filing = await sys.prisma.task.findFirstOrThrow({ where: { caseId, kind: 'FILING_APPROVAL', status: 'OPEN' } });
    const c = csrfOf((await supervisor('GET', `/tasks/${filing.id}`)).html);
    expect((await supervisor('POST', `/tasks/${filing.id}/complete`, { _csrf: c, outcome: 'APPROVE' })).status).toBe(302);
    csrf = csrfOf((await handler('GET', `/cases/${caseId}`)).html);
  });

  it('an extension reason of one character comes back 400 beside 延期理由, typed text kept', async () => {
    const res = await handler('POST', `/cases/${caseId}/actions/extension`, { _csrf: csrf, reason: '急' });
    expect(res.status).toBe(400);
    const form = /<form[^>]*id="action-extension"[^]*?<\/form>/.exec(res.html)![0];
    expect(messageBeside(form, 'reason')).toBe('请填写理由（至少2个字）');
    expect(valueOf(form, 'reason')).toBe('急');
    expect(res.html).toContain('id="case-actions" open');
  });

  it('先行登记保存 refuses a row without quantity or place beside those cells and keeps the other rows', async () => {
    const res = await handler('POST', `/cases/${caseId}/actions/preservation`, {
      _csrf: csrf,
      'items.0.name': '压力表', 'items.0.spec': 'Y-100', 'items.0.quantity': '2', 'items.0.unit': '块', 'items.0.keptAt': '本局证物室',
      'items.1.name': '操作台账', 'items.1.spec': '无', 'items.1.quantity': '', 'items.1.unit': '本', 'items.1.keptAt': '',
    });
    expect(res.status).toBe(400);
    expect(messageBeside(res.html, 'items.1.quantity')).toBe('请填写数量（数字）');
    expect(messageBeside(res.html, 'items.1.keptAt')).toBe('请填写保存地点');
    expect(messageBeside(res.html, 'items.0.name')).toBeUndefined();
    expect(valueOf(res.html, 'items.0.name')).toBe('压力表');
    expect(valueOf(res.html, 'items.0.keptAt')).toBe('本局证物室');
    expect(valueOf(res.html, 'items.1.name')).toBe('操作台账');
    expect(await sys.prisma.task.count({ where: { caseId, kind: 'PRESERVATION_APPROVAL' } })).toBe(0);
  });

  it('a complete 先行登记保存 goes to the head, and the case page shows that step at once', async () => {
    const res = await handler('POST', `/cases/${caseId}/actions/preservation`, {
      _csrf: csrf, 'items.0.name': '压力表', 'items.0.spec': 'Y-100', 'items.0.quantity': '2', 'items.0.unit': '块', 'items.0.keptAt': '本局证物室',
    });
    expect(res.status, res.html.slice(0, 2000)).toBe(303);
    const page = await handler('GET', res.location!);
    expect(steps(page.html)).toContain('先行登记保存审批');
    expect(page.html).toContain('先行登记保存申请已提交负责人审批');
    const task = await sys.prisma.task.findFirstOrThrow({ where: { caseId, kind: 'PRESERVATION_APPROVAL' } });
    expect(task.payload).toMatchObject({ items: [{ name: '压力表', spec: 'Y-100', quantity: 2, unit: '块', keptAt: '本局证物室' }] });
  });

  it('the JSON API refuses items:"00" with 400 and names the field', async () => {
    const res = await handlerApi.post(`/api/cases/${caseId}/preservations`, { items: '00' });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.details)).toContain('items');
    const junkRow = await handlerApi.post(`/api/cases/${caseId}/preservations`, { items: [{ name: '0', spec: '', quantity: 0, unit: '', keptAt: '0' }] });
    expect(junkRow.status).toBe(400);
    await eventually(async () => (await sys.prisma.task.count({ where: { caseId, kind: 'PRESERVATION_APPROVAL' } })) === 1);
  });

  it('a transfer report with one officer comes back beside 专案组执法人员, the typed report and category kept', async () => {
    const res = await handler('POST', `/cases/${caseId}/actions/transfer`, {
      _csrf: csrf, category: 'MAJOR_LIABILITY_ACCIDENT', facts: '作业中发生事故致一人死亡', report: '经调查，涉嫌重大责任事故罪', officerIds: 'u-hongta-handler1',
      'harm.deaths': '1', 'harm.seriousInjuries': '', 'harm.directLossYuan': '',
    });
    expect(res.status).toBe(400);
    const form = /<form[^>]*id="action-transfer"[^]*?<\/form>/.exec(res.html)![0];
    const officers = /<fieldset class="checks">[^]*?<\/fieldset>/.exec(form)![0];
    expect(officers).toContain('name="officerIds"');
    expect(/<span class="field-error">([^<]*)<\/span>/.exec(officers)?.[1]).toBe('移送报告须由专案组两名以上执法人员作出');
    expect(valueOf(form, 'report')).toBe('经调查，涉嫌重大责任事故罪');
    expect(valueOf(form, 'harm.deaths')).toBe('1');
    expect(selected(form, 'category')).toBe('MAJOR_LIABILITY_ACCIDENT');
    expect(form).toMatch(/value="u-hongta-handler1" checked/);
  });
});
