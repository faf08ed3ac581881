import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Router } from 'express';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { PERSON_ACTION_PAGES } from '../../api/person-action-pages.ts';
import { apiRouteTable, pageRouters } from '../../api/app.ts';
import type { AppDeps } from '../../api/deps.ts';
import { outcomeViews } from '../../api/forms.ts';
import { PAGE_ACTIONS, type PageEntry } from '../../api/page-actions.ts';
import { TASK_FORMS } from '../../rules/task-forms.ts';

// Issue 17, done-when: "every person-callable route has a page or a documented machine-only
// reason". The route table and the page routers are built as the app builds them (no server:
// building them touches no database), then each entry of api/page-actions.ts is checked against
// the pages, their templates and the handlers' own code.

const root = path.resolve(import.meta.dirname, '../..');
const deps = {} as AppDeps;
const routes = apiRouteTable(deps);
const key = (r: { method: string; path: string }) => `${r.method.toUpperCase()} ${r.path}`;

interface PageRoute { method: string; path: string; source: string }
// A folder store that is never written: building the routers only wires it in.
const pageRoutes: PageRoute[] = pageRouters(deps, routes, {} as Parameters<typeof pageRouters>[2]).flatMap((router: Router) =>
  (router.stack as unknown as { route?: { path: string; methods: Record<string, boolean>; stack: { handle: () => unknown }[] } }[])
    .filter((l) => l.route)
    .flatMap((l) => Object.keys(l.route!.methods).map((method) => ({
      method, path: l.route!.path, source: l.route!.stack.map((s) => s.handle.toString()).join('\n'),
    }))));

/** Express-style match: `:param` in the page route takes any one segment of the concrete path. */
const matches = (route: string, concrete: string) => {
  const a = route.split('/');
  const b = concrete.split('/');
  return a.length === b.length && a.every((s, i) => s.startsWith(':') || s === b[i]);
};
// Most specific first, as Express would answer (/cases/:id/actions/:action is matched by the
// first router that has it; both case routers are listed).
const pageRoute = (method: string, concrete: string) => pageRoutes.filter((r) => r.method === method && matches(r.path, concrete));

const viewFile = (name: string) => path.join(root, 'api/views', `${name}.hbs`);
const view = (name: string) => readFileSync(viewFile(name), 'utf8');
/** A form in the view that posts to `concrete` (its `:params` written as {{…}} in the template). */
const formPosting = (html: string, concrete: string) => {
  const pattern = concrete.split('/').map((s) => (s.startsWith(':') ? '\\{\\{[^}]+\\}\\}' : s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('/');
  return new RegExp(`<form[^>]*method="post"[^>]*action="${pattern}"`).test(html) || new RegExp(`<form[^>]*action="${pattern}"[^>]*method="post"`).test(html);
};

/** Source that calls `fn` (Vitest's module transform writes an imported call as `(0, mod.fn)(`). */
const callsFn = (source: string, fn: string) => new RegExp(`\\b${fn}\\)?\\(`).test(source);

function checkForm(k: string, e: { form: string; on: string; calls: string; via?: string; action?: string }) {
  const api = routes.find((r) => key(r) === k)!;
  expect(callsFn(api.handler.toString(), e.calls), `${k}: the API route calls ${e.calls}`).toBe(true);
  const pages = pageRoute('post', e.form);
  expect(pages.length, `${k}: a page route POST ${e.form}`).toBeGreaterThan(0);
  // `via`: the module of a page route that reaches the service through a table or a helper
  // (case-page.ts's CASE_ACTIONS, pages.ts's claim/unclaim loop); it must call or pass that function.
  const viaSource = e.via ? readFileSync(path.join(root, e.via), 'utf8') : '';
  const calls = pages.some((p) => callsFn(p.source, e.calls)) || new RegExp(`\\b${e.calls}\\b(?!:)`).test(viaSource.replace(/^import .*$/gm, ''));
  expect(calls, `${k}: the page route POST ${e.form} calls ${e.calls}`).toBe(true);
  // `action`: a template that receives its URL from the page route writes that attribute literally.
  const posts = e.action ? view(e.on).includes(`action="${e.action}"`) && /<form[^>]*method="post"/.test(view(e.on)) : formPosting(view(e.on), e.form);
  expect(posts, `${k}: ${e.on}.hbs has a form posting to ${e.form}`).toBe(true);
}

/** The outcome values an API step route accepts (a discriminated union, a literal or a default). */
function apiOutcomes(k: string): string[] {
  const api = routes.find((r) => key(r) === k)!;
  if (!api.body) return [];
  const json = z.toJSONSchema(api.body, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  const out = new Set<string>();
  const visit = (s: unknown) => {
    if (!s || typeof s !== 'object') return;
    const o = s as { properties?: Record<string, { const?: string; enum?: string[]; default?: string }>; oneOf?: unknown[]; anyOf?: unknown[] };
    const p = o.properties?.outcome;
    if (p) for (const v of [p.const, ...(p.enum ?? []), p.default]) if (typeof v === 'string') out.add(v);
    for (const x of [...(o.oneOf ?? []), ...(o.anyOf ?? [])]) visit(x);
  };
  visit(json);
  return [...out];
}

describe('every route of the API has a page or a documented reason', () => {
  it('lists every route, and no route that does not exist', () => {
    const missing = routes.map(key).filter((k) => !PAGE_ACTIONS[k]);
    expect(missing, 'routes without a page or a documented reason (add them to api/page-actions.ts)').toEqual([]);
    const stale = Object.keys(PAGE_ACTIONS).filter((k) => !routes.some((r) => key(r) === k));
    expect(stale, 'entries for routes that no longer exist').toEqual([]);
  });

  it('calls a route machine-only only when nobody signed in as a person needs it, with the reason written out', () => {
    for (const [k, e] of Object.entries(PAGE_ACTIONS)) {
      if (!('machine' in e)) continue;
      expect(e.machine.length, k).toBeGreaterThanOrEqual(10);
      const api = routes.find((r) => key(r) === k)!;
      // A write a role may make is a person's action: it needs a page, not a reason.
      if (api.method !== 'get') expect(api.access === 'public' || k === 'POST /api/logout', `${k} is a person's write`).toBe(true);
    }
  });

  const entries = Object.entries(PAGE_ACTIONS) as [string, PageEntry][];

  it.each(entries.filter(([, e]) => 'form' in e && !('merging' in e)))('%s: a page form posts to the same service', (k, e) => {
    checkForm(k, e as { form: string; on: string; calls: string; via?: string; action?: string });
  });

  it.each(entries.filter(([, e]) => 'task' in e))('%s: the task form on /tasks/:id answers it', (k, e) => {
    const kind = (e as { task: string }).task;
    expect(TASK_FORMS, kind).toHaveProperty(kind);
    const views = outcomeViews(kind);
    expect(views.length, `${kind} renders a form on the task page`).toBeGreaterThan(0);
    const offered = views.map((v) => v.value);
    for (const o of apiOutcomes(k)) expect(offered, `${k}: outcome ${o} is on the ${kind} task form`).toContain(o);
    expect(formPosting(view('task'), '/tasks/:id/complete')).toBe(true);
  });

  it.each(entries.filter(([, e]) => 'actionPage' in e))('%s: its own action page submits through it', (k, e) => {
    const p = PERSON_ACTION_PAGES.find((x) => x.path === (e as { actionPage: string }).actionPage);
    expect(p, `${k}: api/person-action-pages.ts has ${(e as { actionPage: string }).actionPage}`).toBeDefined();
    expect(p!.api).toBe(k);
    expect(pageRoute('get', p!.path).length).toBeGreaterThan(0);
    expect(pageRoute('post', p!.path).length).toBeGreaterThan(0);
    // The form can send a valid body: every property the route requires has a field.
    const api = routes.find((r) => key(r) === k)!;
    const json = api.body ? z.toJSONSchema(api.body, { io: 'input', unrepresentable: 'any' }) as { required?: string[]; properties?: Record<string, { required?: string[] }> } : {};
    const names = p!.fields.map((f) => f.name);
    for (const req of json.required ?? []) {
      expect(names.some((n) => n === req || n.startsWith(`${req}.`)), `${k}: a field for ${req}`).toBe(true);
      for (const sub of json.properties?.[req]?.required ?? []) expect(names, `${k}: a field for ${req}.${sub}`).toContain(`${req}.${sub}`);
    }
    // The page's form posts back to the page itself (action-form.hbs renders that URL as {{action}}).
    expect(view('action-form')).toContain('<form method="post" action="{{action}}"');
  });

  it.each(entries.filter(([, e]) => 'sameAs' in e))('%s: done through another route\'s page form', (k, e) => {
    const s = e as { sameAs: string; note: string };
    expect(s.note.length, k).toBeGreaterThanOrEqual(10);
    expect(PAGE_ACTIONS[s.sameAs], `${k}: ${s.sameAs} has a page form`).toHaveProperty('form');
  });

  it.each(entries.filter(([, e]) => 'script' in e))('%s: a page\'s script sends it', (k, e) => {
    const s = e as { script: string; page: string; on: string; js: string };
    expect(pageRoute('get', s.page).length, `${k}: page GET ${s.page}`).toBeGreaterThan(0);
    expect(view(s.on), `${k}: ${s.on}.hbs loads ${s.js}`).toContain(s.js);
    expect(readFileSync(path.join(root, 'api/public', s.js), 'utf8'), `${k}: ${s.js} calls the route`).toContain(s.script);
  });

  it.each(entries.filter(([, e]) => 'shown' in e))('%s: the page that shows it exists', (k, e) => {
    const s = e as { shown: string; on?: string };
    expect(pageRoute('get', s.shown).length, `${k}: page GET ${s.shown}`).toBeGreaterThan(0);
    if (s.on) expect(existsSync(viewFile(s.on)), `${k}: view ${s.on}`).toBe(true);
  });

  // Built by the evidence and records helpers' branches; checked like any form once merged.
  for (const [k, e] of entries.filter(([, x]) => 'merging' in x) as [string, { merging: string; form: string; on: string; calls: string; via?: string }][]) {
    const landed = existsSync(viewFile(e.on)) && pageRoute('post', e.form).length > 0;
    it.skipIf(!landed)(`${k}: a page form posts to the same service (lands with ${e.merging})`, () => checkForm(k, e));
  }
});
