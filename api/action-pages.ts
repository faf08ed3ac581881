import { randomUUID } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import { z, ZodError } from 'zod';
import type { Actor } from '../workflows/messages.ts';
import { csrfToken } from './auth.ts';
import type { AppDeps } from './deps.ts';
import { formFailure, type FormFailure } from './form-errors.ts';
import { authorize, type RouteDef } from './route.ts';

export type Option = { value: string; label: string };
export type FieldKind = 'text' | 'textarea' | 'select' | 'multiselect' | 'checkbox' | 'number' | 'money' | 'date' | 'datetime' | 'part';

/** A part of a form with a partial of its own (e.g. signature pads): what it reads from the posted form and shows. */
export interface FormPart {
  partial: string;
  read: (posted: Record<string, unknown>) => unknown;
  context: (values: Record<string, unknown>, error?: string) => Record<string, unknown>;
  /** Scripts the part needs, loaded after the form. */
  scripts?: string[];
}

export interface FieldSpec {
  /** Dotted path into the request body (`party.name`, `penalty.fineFen`). */
  name: string;
  label: string;
  kind: FieldKind;
  required?: boolean;
  hint?: string;
  /** Checked when the page first opens (a box whose schema default is true). */
  checkedByDefault?: boolean;
  options?: (deps: AppDeps, actor: Actor, req: Request) => Promise<Option[]> | Option[];
  /** kind 'part' only. */
  part?: FormPart;
}

/**
 * A page whose form submits to one JSON API route: the page parses the form into that route's
 * body, checks it with the route's own schema and calls the route's own handler, so the page and
 * the API cannot drift apart. A refused submit comes back with what was typed and each message
 * beside its field.
 */
export interface ActionPage {
  /** The API route the form submits through, `POST /api/...`. */
  api: string;
  /** The page (GET shows the form, POST submits it); its `:params` are the API route's. */
  path: string;
  title: string;
  intro?: string;
  fields: FieldSpec[];
  submit: string;
  /** Where to go after success. */
  next: (result: unknown, params: Record<string, string>) => string;
  /**
   * Whether the page `next` leads to can be shown: a procedure started by the route writes its
   * row in its first activity, so the redirect waits (briefly) for it.
   */
  ready?: (deps: AppDeps, result: unknown) => Promise<boolean>;
  /** A list shown under the form (e.g. what is already registered, or what is to be approved); `req` carries the page's `:params`. */
  list?: (deps: AppDeps, actor: Actor, req: Request) => Promise<string[]>;
  /** The list's heading (default 已登记). */
  listTitle?: string;
}

const str = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v : undefined);

function setPath(target: Record<string, unknown>, path: string, value: unknown) {
  const keys = path.split('.');
  let o = target;
  for (const k of keys.slice(0, -1)) o = (o[k] ??= {}) as Record<string, unknown>;
  o[keys.at(-1)!] = value;
}

/** The posted form strings as the API body. */
export function readForm(fields: FieldSpec[], b: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const raw = b[f.name];
    let v: unknown;
    switch (f.kind) {
      case 'checkbox': v = raw === 'on'; break;
      case 'part': v = f.part!.read(b); break;
      case 'multiselect': v = raw === undefined ? [] : ([] as unknown[]).concat(raw).map(String); break;
      case 'number': v = str(raw) === undefined ? undefined : Number(raw); break;
      case 'money': v = str(raw) === undefined ? undefined : Math.round(Number(raw) * 100); break;
      // datetime-local sends Beijing wall time without a zone.
      case 'datetime': v = typeof raw === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(raw) ? `${raw}:00+08:00` : str(raw); break;
      default: v = str(raw);
    }
    if (v !== undefined) setPath(out, f.name, v);
  }
  return out;
}

const zh = z.locales.zhCN().localeError;
const zhMessage = (i: unknown) => {
  const m = zh(i as never);
  return typeof m === 'string' ? m : m?.message ?? '内容不合规';
};

/** Messages per field: a missing value says what to fill in; others keep the schema's words (in Chinese). */
function fieldFailure(err: unknown, fields: FieldSpec[], value: Record<string, unknown>): FormFailure {
  if (!(err instanceof ZodError)) return formFailure(err);
  const out: Record<string, string> = {};
  for (const i of err.issues) {
    const path = i.path.map(String).join('.');
    const f = fields.find((x) => path === x.name || path.startsWith(`${x.name}.`)) ?? fields.find((x) => x.name.startsWith(`${path}.`));
    const key = f?.name ?? path;
    const missing = i.code === 'invalid_type' && path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], value) === undefined;
    const custom = i.message && !/[A-Za-z]{4,}/.test(i.message) ? i.message : undefined;
    const choice = f?.kind === 'select' || f?.kind === 'multiselect';
    // A value not in the list (a tampered or stale form): zod's message would list the raw codes.
    // A part's schema names what is missing inside it (请见证人在屏幕上签名), better than its label.
    out[key] ??= missing && f && f.kind !== 'part' ? `请${choice ? '选择' : '填写'}${f.label}`
      : choice && i.code === 'invalid_value' ? `请从列表中选择${f!.label}` : custom ?? zhMessage(i);
  }
  return { status: 400, message: '请按提示修改标出的内容后重新提交', fields: out };
}

async function render(deps: AppDeps, req: Request, res: Response, page: ActionPage, values: Record<string, unknown>, failure?: FormFailure) {
  const me = req.actor!;
  const fields = await Promise.all(page.fields.map(async (f) => {
    const raw = values[f.name];
    const picked = raw === undefined ? [] : ([] as unknown[]).concat(raw).map(String);
    const options = f.options ? (await f.options(deps, me, req)).map((o) => ({ ...o, selected: picked.includes(o.value) })) : undefined;
    const fresh = Object.keys(values).length === 0;
    return {
      ...f, options, value: typeof raw === 'string' ? raw : '', error: failure?.fields[f.name],
      checked: raw === 'on' || (fresh && !!f.checkedByDefault),
      isTextarea: f.kind === 'textarea', isSelect: f.kind === 'select', isMulti: f.kind === 'multiselect', isCheckbox: f.kind === 'checkbox',
      partContext: f.part?.context(values, failure?.fields[f.name]),
      inputType: { number: 'number', money: 'number', date: 'date', datetime: 'datetime-local' }[f.kind as string] ?? 'text',
      step: f.kind === 'money' ? '0.01' : f.kind === 'number' ? '1' : undefined,
    };
  }));
  const action = req.originalUrl.split('?')[0];
  res.status(failure?.status ?? 200).render('action-form', {
    title: page.title, page, fields, action, error: failure?.message, me, csrf: csrfToken(req),
    idemKey: typeof values.idempotencyKey === 'string' && values.idempotencyKey ? values.idempotencyKey : randomUUID(),
    list: page.list ? await page.list(deps, me, req) : undefined,
    scripts: page.fields.flatMap((f) => f.part?.scripts ?? []),
  });
}

/** Polls `done` for up to five seconds; never fails (the next page then says what it finds). */
async function settle(done: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  for (let wait = 20, until = Date.now() + timeoutMs; Date.now() < until; wait = Math.min(wait * 2, 300)) {
    if (await done()) return;
    await new Promise((r) => setTimeout(r, wait));
  }
}

const pageAccess = new Map<string, RouteDef['access']>();
/** Whether a person may open an action page (its API route's access), for the links to it. */
export function mayOpen(me: { roles?: string[] } | undefined, path: string): boolean {
  const access = pageAccess.get(path);
  if (!access || !me) return false;
  if (access === 'public' || access === 'authenticated') return true;
  return (me.roles ?? []).some((r) => (access as readonly string[]).includes(r));
}

/** Mounts each action page over its API route (found in `routes`, the one route table). */
export function actionPageRoutes(deps: AppDeps, routes: RouteDef[], pages: ActionPage[]): Router {
  const r = Router();
  for (const page of pages) {
    const [method, path] = page.api.split(' ');
    const route = routes.find((x) => x.method === method!.toLowerCase() && x.path === path);
    if (!route) throw new Error(`action page ${page.path}: no API route ${page.api}`);
    pageAccess.set(page.path, route.access);
    const admit = (req: Request, res: Response) => {
      if (!req.actor) { res.redirect(`/login?next=${encodeURIComponent(req.originalUrl)}`); return false; }
      authorize(route.access, req.actor);
      return true;
    };
    r.get(page.path, async (req, res) => {
      if (!admit(req, res)) return;
      // Values a link may carry (e.g. ?caseId= from the case page) start the form.
      const preset = Object.fromEntries(page.fields.filter((f) => typeof req.query[f.name] === 'string').map((f) => [f.name, req.query[f.name]]));
      await render(deps, req, res, page, preset);
    });
    r.post(page.path, async (req, res) => {
      if (!admit(req, res)) return;
      const values = Object.fromEntries(Object.entries((req.body ?? {}) as Record<string, unknown>).filter(([k]) => k !== '_csrf'));
      const body = readForm(page.fields, values);
      const params = route.params ? route.params.parse(req.params) : req.params;
      let result: unknown;
      try {
        const parsed = route.body ? route.body.parse(body) : undefined;
        // The API route's own handler: the same service, access and idempotency as the JSON API.
        if (typeof values.idempotencyKey === 'string') req.headers['idempotency-key'] = values.idempotencyKey;
        result = await route.handler({ req, res, actor: req.actor!, body: parsed, query: {}, params });
      } catch (err) {
        return render(deps, req, res, page, values, fieldFailure(err, page.fields, body));
      }
      if (page.ready) await settle(() => page.ready!(deps, result));
      res.redirect(303, page.next(result, params as Record<string, string>));
    });
  }
  return r;
}
