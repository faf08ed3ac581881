import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Router, type Request, type Response } from 'express';
import { ZodError } from 'zod';
import { ID_TYPES, RECORD_KINDS, RELATIONS, SEXES, recordBody, type RecordKind } from '../../rules/forms/records.ts';
import { csrfToken } from '../auth.ts';
import type { AppDeps } from '../deps.ts';
import { AppError, zodStatus } from '../errors.ts';
import { ID_TYPE_LABELS, RECORD_KIND_LABELS, RELATION_LABELS, SEX_LABELS } from '../labels.ts';
import { dataToForm, fieldErrors, formToData } from '../record-form.ts';
import { createRecord, getRecord, recordFormContext, recordOfDocument, updateRecord } from '../services/records.ts';

// 询问笔录 and 现场检查记录 made from the pages, over the same service and schema as the JSON API.
// A refused submit shows the form again, each message beside its field and everything typed kept.

/** Fixed empty 问答 rows: enough to write a short interview without the page's script. */
const MIN_QA_ROWS = 3;
const options = (values: readonly string[], labels: Readonly<Record<string, string>>) => values.map((value) => ({ value, label: labels[value] }));

interface FormState {
  kind: RecordKind; form: Record<string, string>; qa: { q: string; a: string }[]; officerIds: string[];
  errors?: Record<string, string>; general?: string[]; saved?: boolean; corrects?: string; correctsNumber?: string; recordId?: string; idemKey?: string;
}

async function renderForm(deps: AppDeps, req: Request, res: Response, caseId: string, s: FormState) {
  const ctx = await recordFormContext(deps, req.actor!, caseId);
  const qaRows = [...s.qa, ...Array.from({ length: Math.max(0, MIN_QA_ROWS - s.qa.length) }, () => ({ q: '', a: '' }))]
    .map((r, i) => ({ ...r, i, n: i + 1, qError: s.errors?.[`qa.${i}.q`], aError: s.errors?.[`qa.${i}.a`] }));
  const kindLabel = RECORD_KIND_LABELS[s.kind];
  res.render('record-form', {
    title: `${s.recordId ? '编辑' : '制作'}${kindLabel}`, me: req.actor, csrf: csrfToken(req),
    caseId, caseNumber: ctx.case.number, saved: s.saved,
    kind: s.kind, kindLabel, interview: s.kind === 'INTERVIEW_RECORD', form: s.form, errors: s.errors ?? {}, general: s.general ?? [],
    hasErrors: !!(s.general?.length || Object.keys(s.errors ?? {}).length),
    qaRows, officers: ctx.officers.map((o) => ({ ...o, checked: s.officerIds.includes(o.id) })),
    officerChoices: ctx.officers.map((o) => ({ value: o.id, label: o.name })),
    timeLabels: s.kind === 'INTERVIEW_RECORD' ? { start: '询问开始时间', end: '询问结束时间', place: '询问地点' } : { start: '检查开始时间', end: '检查结束时间', place: '检查地点' },
    idTypes: options(ID_TYPES, ID_TYPE_LABELS), sexes: options(SEXES, SEX_LABELS), relations: options(RELATIONS, RELATION_LABELS),
    corrects: s.corrects, correctsNumber: s.correctsNumber, recordId: s.recordId, idemKey: s.idemKey,
    signPads: [
      { prefix: 'signing.officers.0', label: '执法人员签名（一）', officer: true, n: 0 }, { prefix: 'signing.officers.1', label: '执法人员签名（二）', officer: true, n: 1 },
      { prefix: 'signing.party', label: s.kind === 'INTERVIEW_RECORD' ? '被询问人' : '现场负责人', nameFrom: s.kind === 'INTERVIEW_RECORD' ? 'interviewee.name' : 'inspected.headName',
        name: s.form['signing.party.name'] ?? s.form[s.kind === 'INTERVIEW_RECORD' ? 'interviewee.name' : 'inspected.headName'] ?? '' },
      { prefix: 'signing.witnesses.0', label: '见证人（拒绝签字时）', name: s.form['signing.witnesses.0.name'] ?? '' },
    ],
    addressLabel: '记录副本送达地点',
    action: s.recordId ? `/cases/${caseId}/records/${s.recordId}` : `/cases/${caseId}/records`,
  });
}

const kindOf = (v: unknown): RecordKind => {
  if (!(RECORD_KINDS as readonly unknown[]).includes(v)) throw new AppError('bad_request', '请选择记录种类（询问笔录或现场检查记录）', 400);
  return v as RecordKind;
};

/** The posted form as the API's body, and the state to show again if it is refused. */
function posted(req: Request, kind: RecordKind) {
  const b = (req.body ?? {}) as Record<string, unknown>;
  const data = formToData(kind, b);
  const corrects = typeof b.corrects === 'string' && b.corrects ? b.corrects : undefined;
  const draft = b.action === 'draft';
  // Signatures are taken on the final text only: a draft can still change, so it keeps none.
  if (draft) delete data.signing;
  const { form, qa, officerIds } = dataToForm(data);
  // What the person typed, as typed (not as converted), is what the form shows again.
  for (const [k, v] of Object.entries(b)) if (typeof v === 'string' && (k in form || /^signing\.(party\.name|witnesses\.\d\.name|address)$/.test(k))) form[k] = v;
  const typedQa = Object.keys(b).filter((k) => /^qa\.\d{1,3}\.q$/.test(k)).map((k) => Number(k.split('.')[1])).sort((x, y) => x - y)
    .map((i) => ({ q: String(b[`qa.${i}.q`] ?? ''), a: String(b[`qa.${i}.a`] ?? '') }));
  return { body: { kind, draft, corrects, data }, state: { kind, form, qa: typedQa.length ? typedQa : qa, officerIds, corrects } };
}

// signature_pad's browser build, served from the installed package (no CDN on a bureau's network).
const SIGNATURE_PAD = path.join(path.dirname(createRequire(import.meta.url).resolve('signature_pad')), 'signature_pad.umd.min.js');

export function recordPageRoutes(deps: AppDeps): Router {
  const r = Router();
  r.get('/vendor/signature_pad.js', (_req, res) => res.sendFile(SIGNATURE_PAD, { maxAge: '1d' }));
  const signedIn = (req: Request, res: Response) => {
    if (req.actor) return true;
    res.redirect(`/login?next=${encodeURIComponent(req.originalUrl)}`);
    return false;
  };

  async function submit(req: Request, res: Response, caseId: string, kind: RecordKind, recordId?: string) {
    const { body, state } = posted(req, kind);
    const idemKey = typeof req.body?.idempotencyKey === 'string' ? req.body.idempotencyKey.slice(0, 100) : undefined;
    try {
      const parsed = recordBody.parse(body.draft ? body : { ...body, draft: undefined });
      const out = recordId ? await updateRecord(deps, req.actor!, caseId, recordId, parsed) : await createRecord(deps, req.actor!, caseId, parsed, idemKey);
      if (out.status === 'DRAFT') return res.redirect(`/cases/${caseId}/records/${out.recordId}/edit?saved=1`);
      return res.redirect(`/cases/${caseId}?done=record#case-records`);
    } catch (err) {
      const shown = fieldErrors(err);
      if (!shown) throw err;
      res.status(err instanceof AppError ? err.status : err instanceof ZodError ? zodStatus(err) : 400);
      const correctsNumber = state.corrects ? (await deps.prisma.document.findUnique({ where: { id: state.corrects }, select: { number: true } }))?.number : undefined;
      return renderForm(deps, req, res, caseId, { ...state, ...shown, recordId, idemKey, correctsNumber });
    }
  }

  r.get('/cases/:id/records/new', async (req, res) => {
    if (!signedIn(req, res)) return;
    const kind = kindOf(req.query.kind);
    const caseId = req.params.id;
    const correctsId = typeof req.query.corrects === 'string' ? req.query.corrects : undefined;
    const ctx = await recordFormContext(deps, req.actor!, caseId);
    let state: FormState = kind === 'INTERVIEW_RECORD'
      ? { kind, form: { interviewerId: req.actor!.userId }, qa: [], officerIds: [] }
      : { kind, form: { 'inspected.name': ctx.partyName, ...(ctx.partyAddress ? { 'inspected.address': ctx.partyAddress, place: ctx.partyAddress } : {}) }, qa: [], officerIds: [req.actor!.userId] };
    if (correctsId) {
      // A correction starts from the content of the record it corrects.
      const doc = await deps.prisma.document.findUnique({ where: { id: correctsId }, select: { caseId: true, kind: true, number: true } });
      if (!doc || doc.caseId !== caseId || doc.kind !== kind) throw new AppError('not_found', '要更正的记录不存在', 404);
      const original = await recordOfDocument(deps, req.actor!, caseId, correctsId);
      if (original) state = { kind, ...dataToForm(original.data) };
      state = { ...state, corrects: correctsId, correctsNumber: doc.number };
    }
    await renderForm(deps, req, res, caseId, { ...state, idemKey: randomUUID() });
  });

  r.post('/cases/:id/records', async (req, res) => {
    if (!signedIn(req, res)) return;
    await submit(req, res, req.params.id, kindOf(req.body?.kind));
  });

  r.get('/cases/:id/records/:recordId/edit', async (req, res) => {
    if (!signedIn(req, res)) return;
    const rec = await getRecord(deps, req.actor!, req.params.id, req.params.recordId);
    if (rec.status !== 'DRAFT') return res.redirect(`/documents/${rec.documentId}`);
    const correctsNumber = rec.correctsId ? (await deps.prisma.document.findUnique({ where: { id: rec.correctsId }, select: { number: true } }))?.number : undefined;
    await renderForm(deps, req, res, req.params.id, {
      kind: rec.kind, ...dataToForm(rec.data), recordId: rec.id, corrects: rec.correctsId ?? undefined, correctsNumber,
      saved: req.query.saved === '1',
    });
  });

  r.post('/cases/:id/records/:recordId', async (req, res) => {
    if (!signedIn(req, res)) return;
    const rec = await getRecord(deps, req.actor!, req.params.id, req.params.recordId);
    await submit(req, res, req.params.id, rec.kind, rec.id);
  });
  return r;
}
