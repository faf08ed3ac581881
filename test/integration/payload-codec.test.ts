import { Client, Connection } from '@temporalio/client';
import type { Payload } from '@temporalio/common';
import { temporal as proto } from '@temporalio/proto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { AesGcmPayloadCodec, ENCRYPTED_ENCODING, newCodecKey, parseCodecKeys } from '../../infra/payload-codec.ts';
import { residentIdCheckDigit } from '../../rules/resident-id.ts';
import { caseWorkflowId } from '../../workflows/messages.ts';
import { leadBody, openTaskOf } from '../support/cases.ts';
import { sessionAs } from '../support/session.ts';
import { apiAs, startSystem, type Api, type System } from '../support/system.ts';

// Issue 19 item 2: what a case's history holds about its party (resident ID, name, address) is
// unreadable to whoever reads Temporal without Zhifa's keys (its UI, its database, `temporal
// workflow show`), readable through the codec, and still readable after the keys rotate.
const UI_ORIGIN = 'http://127.0.0.1:8233';
const first17 = '53040219850312004';
const party = { kind: 'PERSON', name: '欧阳秀英', idNumber: first17 + residentIdCheckDigit(first17), address: '玉溪市红塔区凤凰路88号3栋2单元' };
const secrets = [party.name, party.idNumber, party.address];

let sys: System;
let handler: Api;
let caseId: string;
let raw: Client;
let rawConnection: Connection;

/** Every payload anywhere in a history (inputs, results, update arguments, activity arguments…), with where it is. */
function payloadsIn(v: unknown, at = 'events'): { at: string; payload: Payload }[] {
  if (!v || typeof v !== 'object' || v instanceof Uint8Array) return [];
  const o = v as Record<string, unknown>;
  if (o.metadata && typeof o.metadata === 'object' && o.data instanceof Uint8Array) return [{ at, payload: o as Payload }];
  return Object.entries(o).flatMap(([k, x]) => payloadsIn(x, `${at}.${k}`));
}
// Temporal's own record of a patch (its id, and the search attribute naming it) is written by the SDK as it is, not through the codec;
// so are search attributes, which Temporal must read to index (workflows/search-attributes.ts: org, procedure,
// stage, case number, due date, user ids — no party data, which the byte search above covers too).
const SDK_OWN = /markerRecordedEventAttributes\.details\.patch-data|searchAttributes\.indexedFields\.(TemporalChangeVersion|Zhifa\w+)$/;
const fetchRawHistory = () => raw.workflow.getHandle(caseWorkflowId(caseId)).fetchHistory();
const text = (b?: Uint8Array | null) => Buffer.from(b ?? []).toString('utf8');

beforeAll(async () => {
  sys = await startSystem({ codecCorsOrigins: [UI_ORIGIN] });
  handler = await apiAs(sys.baseUrl, 'hongta.handler1');
  const reg = await handler.post('/api/cases', leadBody({ party }));
  expect(reg.status, JSON.stringify(reg.body)).toBe(201);
  caseId = reg.body.caseId;
  await openTaskOf(await apiAs(sys.baseUrl, 'hongta.supervisor'), caseId, 'FILING_APPROVAL');
  // A client with no data converter: what the Temporal UI or `temporal workflow show` sees.
  rawConnection = await Connection.connect({ address: sys.temporalAddress });
  raw = new Client({ connection: rawConnection, namespace: 'default' });
});
afterAll(async () => { await rawConnection?.close(); await sys?.stop(); });

describe('payloads in Temporal are encrypted', () => {
  it('a case history read without the codec holds no resident ID, name or address of the party', async () => {
    const history = await fetchRawHistory();
    const bytes = Buffer.from(proto.api.history.v1.History.encode(history).finish());
    for (const s of secrets) expect(bytes.includes(s), s).toBe(false);
    // …and not because there is nothing there: every payload is encrypted, the start input among them.
    const payloads = payloadsIn(history.events).filter((p) => !SDK_OWN.test(p.at));
    expect(payloads.length).toBeGreaterThan(3);
    expect(payloads.filter((p) => text(p.payload.metadata!.encoding) !== ENCRYPTED_ENCODING).map((p) => p.at)).toEqual([]);
  });

  it('decodes with the keys; after rotation the old history still decodes, and without the old key it does not', async () => {
    const payloads = payloadsIn((await fetchRawHistory()).events).map((p) => p.payload);
    const current = parseCodecKeys(inject('codecKeys'));
    const decoded = (ps: Payload[]) => ps.map((p) => text(p.data)).join('\n');
    const plain = decoded(await new AesGcmPayloadCodec(current).decode(payloads));
    for (const s of secrets) expect(plain).toContain(s);
    const rotated = [newCodecKey('rotated'), ...current];
    expect(decoded(await new AesGcmPayloadCodec(rotated).decode(payloads))).toBe(plain);
    await expect(new AesGcmPayloadCodec([rotated[0]!]).decode(payloads)).rejects.toThrow(`payload encrypted with key "${current[0]!.id}"`);
  });
});

describe('the Temporal UI codec endpoint', () => {
  const asJson = (p: Payload) => ({
    metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v!).toString('base64')])),
    data: Buffer.from(p.data ?? []).toString('base64'),
  });
  const post = async (path: string, body: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(sys.baseUrl + path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
    return { status: res.status, headers: res.headers, body: await res.json() as any };
  };
  const cookieOf = async (username: string) => `zhifa.sid=${(await sessionAs(sys.baseUrl, username)).jar.get('zhifa.sid')}`;
  const startInput = async () => {
    const started = (await fetchRawHistory()).events![0]!.workflowExecutionStartedEventAttributes!;
    return { payloads: started.input!.payloads!.map(asJson) };
  };

  it('refuses anyone not signed in (401) and signed-in users who are not 系统管理员 or 纪检监察 (403)', async () => {
    const body = await startInput();
    const anonymous = await post('/codec/decode', body);
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error).toBe('unauthorized');
    expect(JSON.stringify(anonymous.body)).not.toContain(party.idNumber);
    for (const user of ['hongta.handler1', 'hongta.head', 'city.supervisor']) {
      const refused = await post('/codec/decode', body, { cookie: await cookieOf(user) });
      expect([user, refused.status]).toEqual([user, 403]);
    }
    expect((await post('/codec/decode', body, { authorization: `Bearer ${handler.token}` })).status).toBe(403);
  });

  it('decodes for the administrator signed in by cookie, in the JSON the UI sends, with the CORS the UI needs', async () => {
    const res = await post('/codec/decode', await startInput(), { cookie: await cookieOf('admin'), origin: UI_ORIGIN, 'x-namespace': 'default' });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(UI_ORIGIN);
    expect(res.headers.get('access-control-allow-credentials')).toBe('true');
    const [input] = res.body.payloads as { metadata: Record<string, string>; data: string }[];
    expect(Buffer.from(input!.metadata.encoding!, 'base64').toString()).toBe('json/plain');
    const caseInput = JSON.parse(Buffer.from(input!.data, 'base64').toString('utf8'));
    expect(caseInput.party).toMatchObject(party);
    // encode is the inverse: what it returns decodes to the same payload.
    const again = await post('/codec/encode', { payloads: [input] }, { cookie: await cookieOf('city.discipline') });
    expect(again.status).toBe(200);
    expect(Buffer.from(again.body.payloads[0].metadata.encoding, 'base64').toString()).toBe(ENCRYPTED_ENCODING);
    const back = await post('/codec/decode', again.body, { cookie: await cookieOf('city.discipline') });
    expect(back.body.payloads[0].data).toBe(input!.data);
  });

  it('answers the preflight of the configured origin only, and refuses a body that is not JSON', async () => {
    const preflight = (origin: string) => fetch(`${sys.baseUrl}/codec/decode`, {
      method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-namespace' },
    });
    const ok = await preflight(UI_ORIGIN);
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe(UI_ORIGIN);
    expect(ok.headers.get('access-control-allow-headers')).toMatch(/X-Namespace/i);
    const other = await preflight('https://evil.example');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const form = await fetch(`${sys.baseUrl}/codec/decode`, {
      method: 'POST', headers: { 'content-type': 'text/plain', cookie: await cookieOf('admin') }, body: '{"payloads":[]}',
    });
    expect(form.status).toBe(415);
  });
});
