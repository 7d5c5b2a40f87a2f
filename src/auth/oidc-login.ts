import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { jwtVerify } from 'jose';
import { DothiError } from '../kernel/index.js';
import { SESSION_COOKIE } from './authenticator.js';
import { principalOfClaims, type OidcVerifier } from './oidc.js';
import { randomToken } from './secrets.js';
import type { SecurityEvents } from './security-events.js';
import type { Sessions } from './sessions.js';

// Login of people through the OpenID Connect provider (authorization code flow with PKCE, state
// and nonce), ending in the same session cookie as a password login. The state, nonce and PKCE
// verifier travel in a short-lived HttpOnly cookie, so any node can finish a login.

export interface OidcClient {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
}

const FLOW_COOKIE = 'dothi_oidc';
const FLOW_PATH = '/auth/oidc';
export const oidcPublicRoutes = [`GET ${FLOW_PATH}/`] as const;

const s256 = (verifier: string) => createHash('sha256').update(verifier).digest('base64url');

export interface OidcLoginDeps {
  verifier: OidcVerifier;
  client: OidcClient;
  sessions: Sessions;
  events: SecurityEvents;
  secureCookies: boolean;
}

async function start(deps: OidcLoginDeps, reply: FastifyReply) {
  const { meta } = await deps.verifier.provider();
  if (meta.authorization_endpoint === undefined) {
    throw new DothiError('INTERNAL_ERROR', 'the identity provider has no authorization endpoint');
  }
  const [state, nonce, verifier] = [randomToken(), randomToken(), randomToken(32)];
  const url = new URL(meta.authorization_endpoint);
  const params = {
    response_type: 'code',
    client_id: deps.client.clientId,
    redirect_uri: deps.client.redirectUri,
    scope: 'openid',
    state,
    nonce,
    code_challenge: s256(verifier),
    code_challenge_method: 'S256',
  };
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  // SameSite=Lax: the provider sends the browser back with a cross-site top-level GET.
  reply.setCookie(FLOW_COOKIE, `${state}.${nonce}.${verifier}`, {
    httpOnly: true,
    sameSite: 'lax',
    secure: deps.secureCookies,
    path: FLOW_PATH,
    maxAge: 600,
  });
  return reply.redirect(url.toString(), 302);
}

async function exchange(deps: OidcLoginDeps, code: string, verifier: string): Promise<string> {
  const { meta } = await deps.verifier.provider();
  const basic = Buffer.from(
    `${encodeURIComponent(deps.client.clientId)}:${encodeURIComponent(deps.client.clientSecret)}`,
  ).toString('base64');
  const res = await fetch(meta.token_endpoint ?? '', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${basic}` },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: deps.client.redirectUri,
      code_verifier: verifier,
    }),
    signal: AbortSignal.timeout(5000),
  });
  const body = (await res.json().catch(() => ({}))) as { id_token?: string; error?: string };
  if (!res.ok || body.id_token === undefined) {
    throw new DothiError(
      'UNAUTHORIZED',
      `the identity provider refused the code (${body.error ?? res.status})`,
    );
  }
  return body.id_token;
}

async function finish(deps: OidcLoginDeps, req: FastifyRequest, reply: FastifyReply) {
  const q = req.query as Record<string, string | undefined>;
  const [state, nonce, verifier] = (req.cookies[FLOW_COOKIE] ?? '').split('.');
  const refuse = async (reason: string) => {
    await deps.events.record('credentials.invalid', {
      source: req.ip,
      detail: { url: req.url.split('?')[0], reason },
    });
    return new DothiError('UNAUTHORIZED', `OpenID Connect login failed: ${reason}`);
  };
  if (q.error !== undefined) throw await refuse(`the provider answered ${q.error}`);
  if (state === undefined || verifier === undefined || q.state !== state || q.code === undefined) {
    throw await refuse('state does not match the login that was started');
  }
  const idToken = await exchange(deps, q.code, verifier);
  const { meta, jwks } = await deps.verifier.provider();
  const { payload } = await jwtVerify(idToken, jwks, {
    issuer: meta.issuer,
    audience: deps.client.clientId,
  }).catch(async (err: Error) => Promise.reject(await refuse(`id token not accepted: ${err.message}`)));
  if (payload.nonce !== nonce) throw await refuse('nonce does not match');
  const s = await deps.sessions.create(principalOfClaims(payload, meta.issuer, deps.verifier.options));
  reply.clearCookie(FLOW_COOKIE, { path: FLOW_PATH });
  reply.setCookie(SESSION_COOKIE, s.token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: deps.secureCookies,
    path: '/',
    expires: new Date(s.expiresAt),
  });
  return reply.redirect('/', 302);
}

export function oidcLoginRoutes(deps: OidcLoginDeps) {
  return (app: FastifyInstance) => {
    app.get(`${FLOW_PATH}/login`, (_req, reply) => start(deps, reply));
    app.get(`${FLOW_PATH}/callback`, (req, reply) => finish(deps, req, reply));
  };
}
