import { timingSafeEqual, createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DothiError } from '../kernel/index.js';

// Authentication until identities exist (issue: identity and access control): one admin bearer
// token from configuration. Routes public by design are listed by the modules that own them.

export interface Authenticator {
  /** Throws UNAUTHORIZED when the request carries no valid credentials. */
  authenticate(req: FastifyRequest): void;
}

const digest = (s: string) => createHash('sha256').update(s).digest();

export function tokenAuthenticator(token: string): Authenticator {
  const expected = digest(token);
  return {
    authenticate(req) {
      const header = req.headers.authorization;
      const m = header === undefined ? null : /^Bearer\s+(\S+)$/i.exec(header);
      if (m === null || !timingSafeEqual(digest(m[1]!), expected)) {
        throw new DothiError('UNAUTHORIZED', 'a valid bearer token is required (Authorization: Bearer <token>)');
      }
    },
  };
}

export const openAuthenticator: Authenticator = { authenticate: () => undefined };

export function isPublicRoute(publicPrefixes: readonly string[], url: string, method: string): boolean {
  return publicPrefixes.some((p) => {
    const [m, prefix] = p.includes(' ') ? (p.split(' ', 2) as [string, string]) : ['*', p];
    return (m === '*' || m === method) && url.startsWith(prefix);
  });
}

export function authHook(auth: Authenticator, publicRoutes: readonly string[]) {
  return async function authenticate(req: FastifyRequest, _reply: FastifyReply) {
    if (isPublicRoute(publicRoutes, req.url, req.method)) return;
    auth.authenticate(req);
  };
}
