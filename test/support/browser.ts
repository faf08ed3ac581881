import { accessSync, constants, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { startIsolatedSystem } from './isolated-system.ts';
import { eventually, startSystem, type System } from './system.ts';

// A real browser for the page tests: the system's Debian Chromium, driven by playwright-core.
// playwright-core never downloads a browser; we point it at an installed one and fail
// clearly when there is none.

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchBrowser(): Promise<Browser> {
  try {
    accessSync(CHROMIUM_PATH, constants.X_OK);
  } catch {
    throw new Error(
      `Chromium not found (or not executable) at ${CHROMIUM_PATH}. `
      + 'Install it with "apt-get install chromium", or set CHROMIUM_PATH to an installed Chromium/Chrome.',
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

/**
 * Signs a seeded demo user in through the login form, in a fresh browser context (own
 * cookies), and returns the page, left where the login redirected to (/tasks by default).
 */
export async function loginPage(
  browser: Browser, baseUrl: string, username: string,
  password = process.env.ZHIFA_DEMO_PASSWORD ?? 'zhifa-demo-2026',
): Promise<Page> {
  const context = await browser.newContext({ baseURL: baseUrl, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto('/login');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
  // Either the redirect away from /login, or the login page again with an error.
  await Promise.race([
    page.waitForURL((u) => u.pathname !== '/login', { timeout: 15_000 }),
    page.getByRole('alert').waitFor({ timeout: 15_000 }),
  ]).catch(() => undefined);
  if (new URL(page.url()).pathname === '/login') {
    const alert = await page.getByRole('alert').textContent().catch(() => null);
    await context.close();
    throw new Error(`login as ${username} failed${alert ? `: ${alert.trim()}` : ''}`);
  }
  return page;
}

export const SHOTS = path.resolve('test-results');

/**
 * A browser test file's real system (worker + app) and Chromium, started once for the file.
 * Read `sys` and `browser` inside tests (they exist after beforeAll).
 */
export function useBrowserSystem(opts: { isolated?: string } = {}) {
  const held = {} as { sys: System; browser: Browser; stop: () => Promise<void> };
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    // `isolated`: its own PostgreSQL and Temporal, for a file that reads whole seeded counties.
    const start = opts.isolated
      ? startIsolatedSystem(opts.isolated).then((s) => ({ sys: s as System, stop: s.stopAll }))
      : startSystem().then((s) => ({ sys: s, stop: s.stop }));
    const [started, browser] = await Promise.all([start, launchBrowser()]);
    Object.assign(held, started, { browser });
  }, 300_000);
  afterAll(async () => {
    await held.browser?.close();
    await held.stop?.();
  });
  return {
    get sys() { return held.sys; },
    get browser() { return held.browser; },
    signIn: (username: string) => loginPage(held.browser, held.sys.baseUrl, username),
  };
}

/**
 * Reloads until `check` holds: the workflow writes the read model asynchronously. A reload that
 * races a navigation still in flight is simply tried again.
 */
export const reloadUntil = (page: Page, check: () => Promise<boolean>, timeoutMs = 20_000) =>
  eventually(async () => {
    try { await page.reload(); } catch { return false; }
    return check();
  }, timeoutMs);
