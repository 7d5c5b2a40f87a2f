import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DothiError } from '../kernel/index.js';

// The authentication hook: security headers, then the Authenticator (src/auth builds the real
// one: accounts, sessions, API keys, OIDC and the policy table). Routes public by design are
// listed by the modules that own them; their requests are identified but never refused.

export interface Authenticator {
  /**
   * Identifies the request and decides whether it may proceed; throws UNAUTHORIZED (no valid
   * credentials) or FORBIDDEN. On a public route it only identifies.
   */
  authenticate(req: FastifyRequest, publicRoute: boolean): void | Promise<void>;
}

const bearer = /^Bearer\s+(\S+)$/i;

/** The bearer token of a request, if it has one. */
export function bearerToken(req: FastifyRequest): string | undefined {
  const header = req.headers.authorization;
  return header === undefined ? undefined : bearer.exec(header)?.[1];
}

/** Constant time for every presented token of the right length; the length itself is not secret. */
export function tokenMatcher(token: string): (presented: string) => boolean {
  const expected = Buffer.from(token);
  return (presented) => {
    const given = Buffer.from(presented);
    return given.length === expected.length && timingSafeEqual(given, expected);
  };
}

/** One admin bearer token and nothing else (for tools and tests that need no accounts). */
export function tokenAuthenticator(token: string): Authenticator {
  const matches = tokenMatcher(token);
  return {
    authenticate(req, publicRoute) {
      const presented = bearerToken(req);
      if (publicRoute || (presented !== undefined && matches(presented))) return;
      throw new DothiError(
        'UNAUTHORIZED',
        'a valid bearer token is required (Authorization: Bearer <token>)',
      );
    },
  };
}

export const openAuthenticator: Authenticator = { authenticate: () => undefined };

interface PublicRoute {
  method: string;
  prefix: string;
  /** "GET /$": the path itself only (query string allowed), not everything under it. */
  exact: boolean;
}

/** Parses "GET /path" or "/path" (any method) once, at start; a trailing '$' means this path only. */
function parsePublicRoutes(routes: readonly string[]): PublicRoute[] {
  return routes.map((r) => {
    const space = r.indexOf(' ');
    const path = space < 0 ? r : r.slice(space + 1);
    const exact = path.endsWith('$');
    return { method: space < 0 ? '*' : r.slice(0, space), prefix: exact ? path.slice(0, -1) : path, exact };
  });
}

export function isPublicRoute(routes: readonly PublicRoute[], url: string, method: string): boolean {
  for (const r of routes) {
    if (r.method !== '*' && r.method !== method) continue;
    if (r.exact ? url.split('?')[0] === r.prefix : url.startsWith(r.prefix)) return true;
  }
  return false;
}

const baseHeaders = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'content-security-policy': "frame-ancestors 'none'",
} as const;

const tlsHeaders = { ...baseHeaders, 'strict-transport-security': 'max-age=31536000; includeSubDomains' };

/** The first hook of every request: security headers, then identification and authorisation. */
export function authHook(auth: Authenticator, publicRoutes: readonly string[], tls = false) {
  const routes = parsePublicRoutes(publicRoutes);
  const headers = tls ? tlsHeaders : baseHeaders;
  // Callback style: most requests are decided without waiting for anything.
  return function authenticate(req: FastifyRequest, reply: FastifyReply, done: (err?: Error) => void) {
    reply.headers(headers);
    let decided: void | Promise<void>;
    try {
      decided = auth.authenticate(req, isPublicRoute(routes, req.url, req.method));
    } catch (err) {
      done(err as Error);
      return;
    }
    if (decided instanceof Promise) decided.then(() => done(), done);
    else done();
  };
}
