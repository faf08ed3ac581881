import express, { Router, type NextFunction, type Request, type Response } from 'express';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { z } from 'zod';
import type { Role } from '../../rules/roles.ts';
import type { AppDeps } from '../deps.ts';
import { AppError } from '../errors.ts';
import { authorize } from '../route.ts';

// The codec endpoint of the Temporal UI (`temporal server start-dev --ui-codec-endpoint`, or the
// UI's "Codec Server" setting): the UI shows encrypted payloads (infra/payload-codec.ts) only after
// this decodes them. Decoding shows every party's personal data of every org, so only the system
// administrator and 纪检监察 (the auditors) may call it, signed in to Zhifa in the same browser;
// the UI must be set to include cross-origin credentials.
//
// No CSRF token: the UI cannot send one. Neither call changes anything, and both take only
// `application/json`, which a page of another origin cannot send without a CORS preflight that
// only the configured origin passes.
export const CODEC_ROLES: readonly Role[] = ['ADMIN', 'DISCIPLINE'];
export const CODEC_PATHS = ['/codec/encode', '/codec/decode'];

const base64 = z.string().max(8_000_000).regex(/^[A-Za-z0-9+/=_-]*$/, '不是 base64');
const jsonPayload = z.object({ metadata: z.record(z.string(), base64).nullish(), data: base64.nullish() });
const body = z.object({ payloads: z.array(jsonPayload).max(10_000) });

const fromJson = (p: z.infer<typeof jsonPayload>): Payload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, new Uint8Array(Buffer.from(v, 'base64'))])),
  data: p.data ? new Uint8Array(Buffer.from(p.data, 'base64')) : undefined,
});
const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');
const toJson = (p: Payload) => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, b64(v ?? new Uint8Array())])),
  data: b64(p.data ?? new Uint8Array()),
});

/** The payload codecs of the API's own Temporal client: the endpoint decodes exactly what the API can. */
const codecsOf = (deps: AppDeps): PayloadCodec[] => deps.temporal.options.loadedDataConverter.payloadCodecs;

function cors(allowedOrigins: readonly string[]) {
  return (req: Request, res: Response, next: NextFunction) => {
    const origin = req.get('origin');
    res.vary('Origin');
    if (origin && allowedOrigins.includes(origin)) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Allow-Credentials', 'true');
      res.setHeader('Access-Control-Allow-Methods', 'POST, OPTIONS');
      // What the UI sends: its namespace, and its own access token when set to pass it.
      res.setHeader('Access-Control-Allow-Headers', 'Content-Type, X-Namespace, Authorization');
      res.setHeader('Access-Control-Max-Age', '600');
    }
    if (req.method === 'OPTIONS') { res.status(204).end(); return; }
    next();
  };
}

/** The 1 MB-per-payload histories the UI sends need more than the API's 256 kB; mounted before the app's parser. */
export const codecBodyParser = () => {
  const r = Router();
  // use(), not post(): a router with a POST route would answer the UI's OPTIONS preflight itself.
  r.use(CODEC_PATHS, express.json({ limit: '16mb' }));
  return r;
};

/** `corsOrigins`: the Temporal UI's origin(s) (CODEC_CORS_ORIGIN; `npm run dev` adds its own UI). */
export function codecRoutes(deps: AppDeps, corsOrigins: readonly string[]): Router {
  const r = Router();
  r.use(CODEC_PATHS, cors(corsOrigins));
  for (const [path, op] of [['/codec/encode', 'encode'], ['/codec/decode', 'decode']] as const) {
    r.post(path, async (req, res) => {
      authorize(CODEC_ROLES, req.actor);
      if (!req.is('application/json')) throw new AppError('unsupported_media_type', '请求体须为 application/json', 415);
      const { payloads } = body.parse(req.body);
      let out = payloads.map(fromJson);
      const codecs = codecsOf(deps);
      // Encoding applies the codecs in order, decoding in reverse (as the SDK does).
      try {
        for (const codec of op === 'encode' ? codecs : [...codecs].reverse()) out = await codec[op](out);
      } catch (err) {
        // A key no longer configured, or data altered after encryption (the GCM tag does not match).
        throw new AppError('undecodable', `无法解密：${(err as Error).message}`, 422);
      }
      res.json({ payloads: out.map(toJson) });
    });
    r.all(path, (_req, res) => {
      res.setHeader('Allow', 'POST, OPTIONS');
      throw new AppError('method_not_allowed', '本接口只接受 POST', 405);
    });
  }
  return r;
}
