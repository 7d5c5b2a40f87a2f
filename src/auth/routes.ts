import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DothiError } from '../kernel/index.js';
import { parseAccountInput, type Accounts } from './accounts.js';
import type { ApiKeys } from './api-keys.js';
import type { AuditLog } from './audit-log.js';
import { principalOf, SESSION_COOKIE } from './authenticator.js';
import { parseScope } from './scope-fields.js';
import type { SecurityEvents } from './security-events.js';
import type { Sessions } from './sessions.js';

// The /auth API: login and logout, who am I, and (admins only, by the policy table) accounts,
// API keys, the audit log and security events.

export interface AuthRouteDeps {
  accounts: Accounts;
  apiKeys: ApiKeys;
  sessions: Sessions;
  audit: AuditLog;
  events: SecurityEvents;
  now(): number;
  /** Session cookies carry the Secure flag (TLS, or an https public URL). */
  secureCookies: boolean;
}

export const authPublicRoutes = ['POST /auth/login'] as const;

type Body = Record<string, unknown>;
type Query = Record<string, string | undefined>;

function objectBody(req: FastifyRequest): Body {
  const b = req.body;
  if (typeof b !== 'object' || b === null || Array.isArray(b)) {
    throw new DothiError('BAD_REQUEST_DATA', 'the body must be a JSON object');
  }
  return b as Body;
}

export function pageParams(q: Query): { after: number; limit: number } {
  const after = Number(q.after ?? 0);
  const limit = Number(q.limit ?? 100);
  if (!Number.isInteger(after) || after < 0)
    throw new DothiError('BAD_REQUEST_DATA', 'after must be a record number');
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
    throw new DothiError('BAD_REQUEST_DATA', 'limit must be between 1 and 1000');
  }
  return { after, limit };
}

/** An expiry: an ISO date-time (`expiresAt`) or a lifetime in seconds (`expiresIn`). */
function expiryOf(b: Body, now: number): number | undefined {
  if (b.expiresIn !== undefined) {
    if (typeof b.expiresIn !== 'number' || b.expiresIn <= 0)
      throw new DothiError('BAD_REQUEST_DATA', 'expiresIn must be a positive number of seconds');
    return now + b.expiresIn * 1000;
  }
  if (b.expiresAt === undefined) return undefined;
  const t = typeof b.expiresAt === 'string' ? Date.parse(b.expiresAt) : NaN;
  if (Number.isNaN(t)) throw new DothiError('BAD_REQUEST_DATA', 'expiresAt must be an ISO 8601 date-time');
  return t;
}

async function login(deps: AuthRouteDeps, req: FastifyRequest, reply: FastifyReply) {
  const b = objectBody(req);
  if (typeof b.username !== 'string' || typeof b.password !== 'string') {
    throw new DothiError('BAD_REQUEST_DATA', 'username and password are required');
  }
  const principal = await deps.accounts.login(b.username, b.password, req.ip);
  const s = await deps.sessions.create(principal);
  reply.setCookie(SESSION_COOKIE, s.token, {
    httpOnly: true,
    sameSite: 'strict',
    secure: deps.secureCookies,
    path: '/',
    expires: new Date(s.expiresAt),
  });
  return { token: s.token, expiresAt: new Date(s.expiresAt).toISOString(), principal };
}

function sessionToken(req: FastifyRequest): string | undefined {
  const header = /^Bearer\s+(ds_\S+)$/i.exec(req.headers.authorization ?? '');
  return header?.[1] ?? req.cookies?.[SESSION_COOKIE];
}

export function authRoutes(deps: AuthRouteDeps) {
  return async function auth(app: FastifyInstance) {
    app.post('/auth/login', (req, reply) => login(deps, req, reply));
    app.post('/auth/logout', async (req, reply) => {
      const token = sessionToken(req);
      if (token === undefined) throw new DothiError('BAD_REQUEST_DATA', 'no session to end');
      await deps.sessions.end(token);
      return reply.clearCookie(SESSION_COOKIE, { path: '/' }).code(204).send();
    });
    app.get('/auth/me', async (req) => principalOf(req));

    app.get('/auth/users', async () => deps.accounts.list());
    app.post('/auth/users', async (req, reply) => {
      const input = parseAccountInput(objectBody(req));
      await deps.accounts.add(input);
      return reply
        .code(201)
        .header('location', `/auth/users/${encodeURIComponent(input.username)}`)
        .send();
    });
    app.delete('/auth/users/:username', async (req, reply) => {
      await deps.accounts.remove((req.params as { username: string }).username);
      return reply.code(204).send();
    });

    app.get('/auth/apikeys', async () => deps.apiKeys.list());
    app.post('/auth/apikeys', async (req, reply) => {
      const b = objectBody(req);
      if (typeof b.name !== 'string' || b.name === '')
        throw new DothiError('BAD_REQUEST_DATA', 'name is required');
      const expiresAt = expiryOf(b, deps.now());
      const created = await deps.apiKeys.create({
        name: b.name,
        ...parseScope(b),
        ...(expiresAt === undefined ? {} : { expiresAt }),
      });
      return reply.code(201).header('location', `/auth/apikeys/${created.id}`).send(created);
    });
    app.delete('/auth/apikeys/:id', async (req, reply) => {
      await deps.apiKeys.revoke((req.params as { id: string }).id);
      return reply.code(204).send();
    });

    app.get('/auth/audit', async (req) => deps.audit.list(pageParams(req.query as Query)));
    app.get('/auth/audit/verify', async () => deps.audit.verify());
    app.get('/auth/security-events', async (req) => {
      const q = req.query as Query;
      return deps.events.list({ ...pageParams(q), ...(q.kind === undefined ? {} : { kind: q.kind }) });
    });
  };
}
