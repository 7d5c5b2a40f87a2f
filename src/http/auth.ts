import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DothiError } from '../kernel/index.js';

// Authentication until identities exist (issue: identity and access control): one admin bearer
// token from configuration. Routes public by design are listed by the modules that own them.

export interface Authenticator {
  /** Throws UNAUTHORIZED when the request carries no valid credentials. */
  authenticate(req: FastifyRequest): void;
}

const bearer = /^Bearer\s+(\S+)$/i;

export function tokenAuthenticator(token: string): Authenticator {
  const expected = Buffer.from(token);
  // Constant time for every presented token of the right length; the length itself is not secret.
  const matches = (presented: string) => {
    const given = Buffer.from(presented);
    return given.length === expected.length && timingSafeEqual(given, expected);
  };
  return {
    authenticate(req) {
      const header = req.headers.authorization;
      const m = header === undefined ? null : bearer.exec(header);
      if (m === null || !matches(m[1]!)) {
        throw new DothiError(
          'UNAUTHORIZED',
          'a valid bearer token is required (Authorization: Bearer <token>)',
        );
      }
    },
  };
}

export const openAuthenticator: Authenticator = { authenticate: () => undefined };

interface PublicRoute {
  method: string;
  prefix: string;
}

/** Parses "GET /path" or "/path" (any method) once, at start. */
function parsePublicRoutes(routes: readonly string[]): PublicRoute[] {
  return routes.map((r) => {
    const space = r.indexOf(' ');
    return space < 0 ? { method: '*', prefix: r } : { method: r.slice(0, space), prefix: r.slice(space + 1) };
  });
}

export function isPublicRoute(routes: readonly PublicRoute[], url: string, method: string): boolean {
  for (const r of routes) {
    if ((r.method === '*' || r.method === method) && url.startsWith(r.prefix)) return true;
  }
  return false;
}

const securityHeaders = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
} as const;

/** The first hook of every request: security headers, then credentials unless the route is public. */
export function authHook(auth: Authenticator, publicRoutes: readonly string[]) {
  const routes = parsePublicRoutes(publicRoutes);
  return function authenticate(req: FastifyRequest, reply: FastifyReply, done: (err?: Error) => void) {
    reply.headers(securityHeaders);
    if (isPublicRoute(routes, req.url, req.method)) return done();
    try {
      auth.authenticate(req);
      done();
    } catch (err) {
      done(err as Error);
    }
  };
}
