import type { Request, Response } from 'express';
import { z } from 'zod';
import { authenticateClient } from '../../store/api-clients.ts';
import { API_SCOPE_IDS } from '../../rules/api-scopes.ts';
import { oauthSettings, signAccessToken, signingKey } from '../client-tokens.ts';
import type { AppDeps } from '../deps.ts';
import { AppError } from '../errors.ts';
import { defineRoute, type RouteDef } from '../route.ts';

// The token endpoint of OAuth 2.0 client credentials (RFC 6749 §4.4): a partner system trades its
// client id and secret (HTTP Basic, §2.3.1, or form fields) for a short-lived access token.

const field = (max: number) => z.string().max(max).optional();
const tokenForm = z.object({
  grant_type: field(64).describe('固定为 client_credentials'),
  client_id: field(128).describe('客户端标识（可改用 HTTP Basic 认证）'),
  client_secret: field(256).describe('客户端密钥（可改用 HTTP Basic 认证）'),
  scope: field(1000).describe(`所需权限范围，空格分隔；省略则为该接入系统的全部范围。可选：${API_SCOPE_IDS.join(' ')}`),
});

const issued = z.object({
  access_token: z.string(), token_type: z.literal('Bearer'), expires_in: z.number().int(), scope: z.string(),
});

/** RFC 6749 §5.2 error body; `message` as every other refusal of this API has it. */
function oauthError(res: Response, status: number, error: string, description: string, basic = false) {
  if (basic) res.setHeader('WWW-Authenticate', 'Basic realm="zhifa", charset="UTF-8"');
  res.status(status).json({ error, error_description: description, message: description });
}

function basicCredentials(req: Request): { id: string; secret: string } | undefined {
  const m = /^Basic ([A-Za-z0-9+/=]+)$/i.exec(req.get('authorization') ?? '');
  if (!m) return undefined;
  const text = Buffer.from(m[1]!, 'base64').toString('utf8');
  const at = text.indexOf(':');
  if (at < 0) return undefined;
  // §2.3.1: both parts are form-urlencoded before Basic encoding.
  const decode = (s: string) => { try { return decodeURIComponent(s.replace(/\+/g, ' ')); } catch { return s; } };
  return { id: decode(text.slice(0, at)), secret: decode(text.slice(at + 1)) };
}

export function oauthRoutes(deps: AppDeps): RouteDef[] {
  // Read when first asked for, not when the route table is built (tests build it without deps).
  let signing: { seconds: number; key: Uint8Array } | undefined;
  const sign = () => (signing ??= { seconds: oauthSettings(deps).tokenSeconds, key: signingKey(deps) });
  return [
    defineRoute({
      method: 'post', path: '/oauth/token', tag: 'partner', access: 'public', bodyType: 'form', body: tokenForm,
      summary: '接入系统换取访问令牌（OAuth 2.0 客户端凭据模式；令牌短期有效）', refusals: [400, 401], response: issued,
      handler: async ({ req, res, body }) => {
        res.setHeader('Cache-Control', 'no-store');
        res.setHeader('Pragma', 'no-cache');
        const basic = basicCredentials(req);
        if (body.grant_type !== 'client_credentials') {
          return oauthError(res, 400, body.grant_type ? 'unsupported_grant_type' : 'invalid_request', 'grant_type 须为 client_credentials');
        }
        if (basic && (body.client_id || body.client_secret)) return oauthError(res, 400, 'invalid_request', '客户端凭据只能用一种方式提交（HTTP Basic 或表单字段）');
        const id = basic?.id ?? body.client_id;
        const secret = basic?.secret ?? body.client_secret;
        if (!id || !secret) return oauthError(res, 401, 'invalid_client', '缺少 client_id 或 client_secret', true);
        let found;
        try {
          found = await authenticateClient(deps.prisma, id, secret);
        } catch (err) {
          if (err instanceof AppError && err.code === 'invalid_client') return oauthError(res, 401, 'invalid_client', err.message, Boolean(basic));
          throw err;
        }
        const asked = body.scope?.split(' ').filter(Boolean);
        const missing = asked?.filter((s) => !found.client.scopes.includes(s)) ?? [];
        if (missing.length) return oauthError(res, 400, 'invalid_scope', `该接入系统未获授权的权限范围：${missing.join('、')}`);
        const scopes = asked?.length ? [...new Set(asked)] : found.client.scopes;
        const t = await signAccessToken(sign().key, { id: found.client.id, orgId: found.client.orgId, scopes, secretId: found.secretId }, sign().seconds);
        return { access_token: t.token, token_type: 'Bearer' as const, expires_in: t.expiresIn, scope: scopes.join(' ') };
      },
    }),
  ];
}
