import type { FastifyRequest } from 'fastify';
import { bearerToken, tokenMatcher, type Authenticator } from '../http/index.js';
import { DothiError, objectSlot } from '../kernel/index.js';
import { API_KEY_PREFIX, type ApiKeys } from './api-keys.js';
import type { OidcVerifier } from './oidc.js';
import type { Policy } from './policy.js';
import { anonymous, type Principal } from './principal.js';
import type { SecurityEvents } from './security-events.js';
import { SESSION_PREFIX, type Sessions } from './sessions.js';

// Every request is identified here (admin token, session, API key, OIDC bearer JWT, or no one)
// and judged by the policy table: the one place where APIs are opened or closed.

export const SESSION_COOKIE = 'dothi_session';

export const adminTokenPrincipal: Principal = Object.freeze<Principal>({
  id: 'token:admin',
  kind: 'token',
  roles: ['admin'],
  tenants: '*',
});

export interface AuthenticatorDeps {
  adminToken?: string;
  apiKeys: ApiKeys;
  sessions: Sessions;
  oidc?: OidcVerifier;
  policy: Policy;
  events: SecurityEvents;
}

const principals = objectSlot<FastifyRequest, Principal>('principal');

/** The principal the authentication hook attached to a request (anonymous when none). */
export function principalOf(req: FastifyRequest): Principal {
  return principals.get(req) ?? anonymous;
}

function tenantHeader(req: FastifyRequest): string {
  const h = req.headers['ngsild-tenant'];
  return (Array.isArray(h) ? h[0] : h) ?? '';
}

const unauthorized = () =>
  new DothiError('UNAUTHORIZED', 'valid credentials are required (a bearer token, an API key or a session)');

export function createAuthenticator(
  deps: AuthenticatorDeps,
): Authenticator & { identify(req: FastifyRequest): Promise<Principal> } {
  const isAdminToken = deps.adminToken === undefined ? () => false : tokenMatcher(deps.adminToken);
  const refuse = async (req: FastifyRequest, reason: string, keyId?: string) => {
    const kind =
      reason === 'expired'
        ? 'apikey.expired'
        : reason === 'revoked'
          ? 'apikey.revoked'
          : 'credentials.invalid';
    await deps.events.record(kind, {
      source: req.ip,
      ...(keyId === undefined ? {} : { actor: `apikey:${keyId}` }),
      detail: { method: req.method, url: req.url.split('?')[0], reason },
    });
    return unauthorized();
  };

  const fromApiKey = async (req: FastifyRequest, key: string) => {
    const r = await deps.apiKeys.check(key);
    if (r.ok) return r.principal;
    throw await refuse(req, r.reason, r.keyId);
  };

  const fromBearer = async (req: FastifyRequest, token: string): Promise<Principal> => {
    if (token.startsWith(API_KEY_PREFIX)) return fromApiKey(req, token);
    if (token.startsWith(SESSION_PREFIX))
      return (await deps.sessions.resolve(token)) ?? Promise.reject(await refuse(req, 'unknown session'));
    if (deps.oidc !== undefined && token.split('.').length === 3) {
      try {
        return await deps.oidc.verify(token);
      } catch (err) {
        throw await refuse(req, `token not accepted: ${(err as Error).message}`);
      }
    }
    throw await refuse(req, 'unknown bearer token');
  };

  // The admin token, checked first and without a promise: tools and benchmarks send it on every request.
  const identify = (req: FastifyRequest): Principal | Promise<Principal> => {
    const token = bearerToken(req);
    if (token !== undefined) return isAdminToken(token) ? adminTokenPrincipal : fromBearer(req, token);
    return identifyOther(req);
  };

  const identifyOther = async (req: FastifyRequest): Promise<Principal> => {
    const key = req.headers['x-api-key'];
    if (typeof key === 'string') return fromApiKey(req, key);
    const session = req.cookies?.[SESSION_COOKIE];
    if (session !== undefined)
      return (await deps.sessions.resolve(session)) ?? Promise.reject(await refuse(req, 'session ended'));
    return anonymous;
  };

  /** Decides for an identified principal; a promise only when a refusal is recorded. */
  const decide = (req: FastifyRequest, principal: Principal, publicRoute: boolean): void | Promise<void> => {
    principals.set(req, principal);
    if (publicRoute) return;
    if (principal === anonymous) throw unauthorized();
    const path = req.url.split('?')[0]!;
    const d = deps.policy.decide(principal, req.method, path, tenantHeader(req));
    if (d.allowed) return;
    return deps.events
      .record('access.denied', {
        actor: principal.id,
        source: req.ip,
        detail: { method: req.method, url: path, family: d.family, action: d.action },
      })
      .then(() => {
        throw new DothiError('FORBIDDEN', d.reason ?? 'not allowed');
      });
  };

  return {
    identify: async (req) => identify(req),
    authenticate(req, publicRoute) {
      const found = identify(req);
      if (!(found instanceof Promise)) return decide(req, found, publicRoute);
      // On a public route, credentials that fail (a stale cookie) leave the caller anonymous.
      return (publicRoute ? found.catch(() => anonymous) : found).then((p) => decide(req, p, publicRoute));
    },
  };
}
