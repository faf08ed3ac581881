import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { MockActivityEnvironment } from '@temporalio/testing';
import { describe, expect, it } from 'vitest';
import { disclosureActivities } from '../../activities/disclosure.ts';
import { SHOTS, useBrowserSystem } from '../support/browser.ts';

// 行政执法公示 in a real Chromium, without logging in: search by county, item and date; the
// personal data of a natural person shows masked (name, ID number, phone, address), the
// enterprise is named; a withdrawn decision shows only as a notice with its reason. The records
// are written by the real publishing activity (in an activity context) from case rows.
const env = useBrowserSystem();

const secrets = { name: '张三丰', id: '530402199001011238', phone: '13812345678', street: '玉兴路10号3栋' };

async function publish(p: { orgId: string; item: string; partyKind: 'PERSON' | 'ORG'; partyName: string; facts: string; decidedAt: string; number: string }) {
  const prisma = env.sys.prisma;
  const caseId = randomUUID();
  await prisma.case.create({ data: {
    id: caseId, orgId: p.orgId, procedure: 'GENERAL', stage: 'CLOSED', status: 'CLOSED', partyKind: p.partyKind, partyName: p.partyName,
    partyIdNumber: p.partyKind === 'PERSON' ? secrets.id : '91530402MA6K00001X', catalogItemId: p.item, source: 'INSPECTION', facts: p.facts,
    occurredAt: new Date(p.decidedAt), registeredById: 'u-hongta-handler1',
  } });
  const acts = disclosureActivities(prisma);
  await new MockActivityEnvironment({ workflowExecution: { workflowId: `case-${caseId}`, runId: randomUUID() } })
    .run(acts.publishDisclosure, { caseId, decisionNumber: p.number, penalty: '罚款5,000.00元', decidedAt: p.decidedAt });
  return { caseId, acts };
}

describe('the public disclosure page', () => {
  it('searches by county, item and date and shows personal data masked', { timeout: 180_000 }, async () => {
    const tag = randomUUID().slice(0, 6);
    const [itemA, itemB] = (await env.sys.prisma.catalogItem.findMany({ orderBy: { code: 'asc' }, take: 2 })).map((i) => i.code);
    const person = await publish({
      orgId: 'yx-jiangchuan', item: itemA!, partyKind: 'PERSON', partyName: secrets.name, number: `江川应急罚〔2024〕${tag}-1号`, decidedAt: '2024-02-05T10:00:00+08:00',
      facts: `当事人${secrets.name}（身份证号${secrets.id}，电话${secrets.phone}，住址：云南省玉溪市红塔区${secrets.street}）在其经营场所违规储存烟花爆竹。`,
    });
    await publish({
      orgId: 'yx-hongta', item: itemB!, partyKind: 'ORG', partyName: `玉溪某某化工有限公司${tag}`, number: `红塔应急罚〔2024〕${tag}-2号`, decidedAt: '2024-02-06T10:00:00+08:00',
      facts: '储罐区未设置明显的安全警示标志。',
    });
    const revoked = await publish({
      orgId: 'yx-hongta', item: itemB!, partyKind: 'ORG', partyName: `玉溪某某物流有限公司${tag}`, number: `红塔应急罚〔2024〕${tag}-3号`, decidedAt: '2024-02-07T10:00:00+08:00',
      facts: '未按规定进行安全培训。',
    });
    await new MockActivityEnvironment().run(revoked.acts.withdrawDisclosure, { caseId: revoked.caseId, reason: '行政处罚决定已被行政复议决定撤销' });
    const row = await env.sys.prisma.disclosure.findUniqueOrThrow({ where: { caseId: person.caseId } });
    expect(row.publishDueAt!.getTime()).toBeGreaterThan(row.decidedAt.getTime()); // from the DISCLOSURE row

    const context = await env.browser.newContext({ baseURL: env.sys.baseUrl, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    try {
      const page = await context.newPage();
      await page.goto('/public/disclosures');
      expect(await page.getByRole('link', { name: '登录' }).count()).toBe(1); // nobody signed in
      await page.getByLabel('决定日期自').fill('2024-02-01');
      await page.getByLabel('至').fill('2024-02-29');
      await page.getByRole('button', { name: '查询' }).click();
      await page.waitForURL(/from=2024-02-01/);
      await expect.poll(() => page.locator('article.disclosure').filter({ hasText: tag }).count()).toBe(2);

      await page.getByLabel('执法部门').selectOption('yx-jiangchuan');
      await page.getByRole('button', { name: '查询' }).click();
      await page.waitForURL(/orgId=yx-jiangchuan/);
      const mine = page.locator('article.disclosure').filter({ hasText: tag });
      await expect.poll(() => mine.count()).toBe(1);
      const text = (await mine.innerText()).replace(/\s+/g, ' ');
      expect(text).toContain('张**');
      expect(text).toContain('5304**********1238');
      expect(text).toContain('138****5678');
      expect(text).toContain('云南省玉溪市红塔区****');
      const whole = await page.content();
      for (const s of Object.values(secrets)) expect(whole).not.toContain(s);
      await page.screenshot({ path: path.join(SHOTS, 'public-disclosure-masked.png'), fullPage: true });

      await page.getByLabel('执法部门').selectOption('');
      await page.getByLabel('执法事项').selectOption(itemB!);
      await page.getByRole('button', { name: '查询' }).click();
      await page.waitForURL(new RegExp(`item=${itemB}`));
      const byItem = page.locator('article.disclosure').filter({ hasText: tag });
      await expect.poll(() => byItem.count()).toBe(1);
      expect(await byItem.innerText()).toContain(`玉溪某某化工有限公司${tag}`); // the enterprise is named
      // The revoked decision is gone from the list and explained in the withdrawal notice.
      expect(await page.locator('article.disclosure').filter({ hasText: `物流有限公司${tag}` }).count()).toBe(0);
      expect(await page.locator('ul.withdrawn').innerText()).toContain(`红塔应急罚〔2024〕${tag}-3号`);

      await page.goto('/public/enforcement');
      expect(await page.locator(`#item-${itemA}`).innerText()).toContain(itemA!);
      expect(await page.locator('ul.remedies').innerText()).toMatch(/申请行政复议.*60日/);
    } finally {
      await context.close();
    }

    const rss = await (await fetch(`${env.sys.baseUrl}/public/disclosures.rss`)).text();
    expect(rss).toContain('<rss');
    expect(rss).toContain(`江川应急罚〔2024〕${tag}-1号`);
    const feed = await (await fetch(`${env.sys.baseUrl}/public/disclosures.json`)).json() as { version: string; items: { title: string; content_html?: string; summary?: string }[] };
    expect(feed.version).toMatch(/jsonfeed\.org\/version\/1/);
    expect(feed.items.some((i) => i.title.includes(`${tag}-2号`))).toBe(true);
    expect(feed.items.some((i) => i.title.includes(`${tag}-3号`))).toBe(false); // withdrawn
    for (const s of Object.values(secrets)) {
      expect(rss).not.toContain(s);
      expect(JSON.stringify(feed)).not.toContain(s);
    }
  });
});
