import { hkdfSync, randomUUID } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';
import type { PrismaClient } from '../generated/prisma/client.ts';
import { loadConfig } from '../infra/config.ts';
import { activeClient } from '../store/api-clients.ts';
import { AppError } from './errors.ts';
import type { AppDeps } from './deps.ts';

// Partner systems' access tokens (issue 24): JWTs (RFC 9068 profile, HS256) signed and checked with
// jose. Short-lived, so a token is not looked up when issued; but every request also finds its client
// still active, so revoking a client stops the tokens it holds at once, not at their expiry.

export interface OAuthSettings {
  /** Lifetime of an access token. */
  tokenSeconds: number;
  /** How long a rotated secret still works beside the new one. */
  overlapSeconds: number;
  /** HS256 key material; by default derived from the session secret. */
  signingSecret?: string;
}

/** What a partner system's token establishes (req.apiClient): the client, its org, the scopes it may use. */
export interface ClientClaims { id: string; orgId: string; scopes: string[] }

const ISSUER = 'zhifa';
const AUDIENCE = 'zhifa-api';
const TYP = 'at+jwt';

export function oauthSettings(deps: Pick<AppDeps, 'oauth'>): OAuthSettings {
  const o = deps.oauth ?? {};
  const env = o.tokenSeconds !== undefined && o.overlapSeconds !== undefined && o.signingSecret !== undefined ? undefined : loadConfig();
  return {
    tokenSeconds: o.tokenSeconds ?? env!.OAUTH_TOKEN_SECONDS,
    overlapSeconds: o.overlapSeconds ?? env!.OAUTH_SECRET_OVERLAP_HOURS * 3600,
    signingSecret: o.signingSecret ?? env?.OAUTH_SIGNING_SECRET,
  };
}

/** The HS256 key: its own secret, or one derived from the session secret (HKDF, so neither reveals the other). */
export const signingKey = (deps: Pick<AppDeps, 'oauth' | 'sessionSecret'>): Uint8Array =>
  new Uint8Array(hkdfSync('sha256', oauthSettings(deps).signingSecret ?? deps.sessionSecret, 'zhifa', 'oauth access token', 32));

/** An access token for a client; `now` is a parameter so that a test can make one that has already expired. */
export async function signAccessToken(key: Uint8Array, c: ClientClaims & { secretId: string }, seconds: number, now = new Date()) {
  const iat = Math.floor(now.getTime() / 1000);
  const token = await new SignJWT({ scope: c.scopes.join(' '), client_id: c.id, org: c.orgId, sid: c.secretId })
    .setProtectedHeader({ alg: 'HS256', typ: TYP })
    .setIssuer(ISSUER).setAudience(AUDIENCE).setSubject(c.id).setIssuedAt(iat).setExpirationTime(iat + seconds)
    .setJti(randomUUID())
    .sign(key);
  return { token, expiresIn: seconds };
}

/** A bearer value shaped like a JWT (three base64url parts); the people's tokens are one random string. */
export const looksLikeJwt = (bearer: string) => /^[\w-]+\.[\w-]+\.[\w-]+$/.test(bearer);

const refused = () => new AppError('invalid_token', '接入令牌无效、已过期或已被停用', 401);

/** Checks a client's access token and that its client is still active; 401 otherwise. */
export function clientTokenVerifier(prisma: PrismaClient, key: Uint8Array) {
  return async (bearer: string): Promise<ClientClaims> => {
    let payload;
    try {
      ({ payload } = await jwtVerify(bearer, key, { issuer: ISSUER, audience: AUDIENCE, typ: TYP, algorithms: ['HS256'], requiredClaims: ['exp', 'sub'] }));
    } catch (err) {
      if (err instanceof errors.JOSEError) throw refused();
      throw err;
    }
    const client = await activeClient(prisma, String(payload.sub));
    if (!client) throw refused();
    // A scope taken off the client since the token was issued is not honoured.
    const scopes = String(payload.scope ?? '').split(' ').filter((s) => client.scopes.includes(s));
    return { id: client.id, orgId: client.orgId, scopes };
  };
}
