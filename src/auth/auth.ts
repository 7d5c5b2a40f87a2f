import { readFileSync } from 'node:fs';
import type { FastifyInstance, FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { Authenticator, RateLimitOptions } from '../http/index.js';
import type { Clock, Config, Logger } from '../kernel/index.js';
import type { ChangeRecorder, NgsiAccess } from '../ngsi/index.js';
import type { Store } from '../store/index.js';
import { auditRecorder, ngsiAccess, requestAuditHook } from './access.js';
import { createAccounts, type Accounts } from './accounts.js';
import { createApiKeys, type ApiKeys } from './api-keys.js';
import { createAuditLog, type AuditLog } from './audit-log.js';
import { createAuthenticator, principalOf } from './authenticator.js';
import { recordConfigChanges } from './config-events.js';
import { createOidcVerifier } from './oidc.js';
import { oidcLoginRoutes, oidcPublicRoutes, type OidcClient } from './oidc-login.js';
import { coreFamilies, createPolicy, type ApiFamily, type Policy } from './policy.js';
import { authPublicRoutes, authRoutes } from './routes.js';
import { generatePassword } from './secrets.js';
import { createSecurityEvents, type SecurityEvents } from './security-events.js';
import { createSessions, type Sessions } from './sessions.js';

// Identity, access control, audit and security monitoring, as one module.

export interface AuthOptions {
  store: Store;
  clock: Clock;
  log: Logger;
  config: Config;
  /** The admin bearer token in force (configured or generated), an admin credential. */
  adminToken?: string;
  /** API families of other modules, added to the core policy table. */
  families?: readonly ApiFamily[];
}

export interface Auth {
  authenticator: Authenticator;
  ngsiAccess: NgsiAccess;
  recorder: ChangeRecorder;
  /** The /auth routes and the request audit hook (applies to every route). */
  plugin: FastifyPluginAsync;
  publicRoutes: readonly string[];
  rateLimit: RateLimitOptions | undefined;
  policy: Policy;
  accounts: Accounts;
  apiKeys: ApiKeys;
  sessions: Sessions;
  audit: AuditLog;
  events: SecurityEvents;
  /** First run: creates the `admin` account and returns its one-time password. */
  bootstrap(): Promise<{ username: string; password: string } | undefined>;
  /** Records a security event when the configuration differs from the last start's. */
  recordConfig(): Promise<void>;
}

export function createAuth(opts: AuthOptions): Auth {
  const { store, clock, config } = opts;
  const events = createSecurityEvents(store, clock);
  const audit = createAuditLog(store, clock);
  const accounts = createAccounts({
    store,
    clock,
    events,
    lockout: { maxFailures: config.DOTHI_LOGIN_MAX_FAILURES, lockoutMs: config.DOTHI_LOCKOUT_S * 1000 },
  });
  const apiKeys = createApiKeys(store, clock);
  const sessions = createSessions(store, clock, config.DOTHI_SESSION_TTL_S * 1000);
  const policy = createPolicy([...coreFamilies, ...(opts.families ?? [])]);
  const oidc =
    config.DOTHI_OIDC_ISSUER === undefined
      ? undefined
      : createOidcVerifier({
          issuer: config.DOTHI_OIDC_ISSUER,
          ...(config.DOTHI_OIDC_AUDIENCE === undefined ? {} : { audience: config.DOTHI_OIDC_AUDIENCE }),
          roleClaim: config.DOTHI_OIDC_ROLE_CLAIM,
          defaultRole: config.DOTHI_OIDC_DEFAULT_ROLE,
          clock,
        });
  const authenticator = createAuthenticator({
    ...(opts.adminToken === undefined ? {} : { adminToken: opts.adminToken }),
    apiKeys,
    sessions,
    ...(oidc === undefined ? {} : { oidc }),
    policy,
    events,
  });
  const secureCookies =
    config.DOTHI_TLS_CERT_FILE !== undefined || (config.DOTHI_PUBLIC_URL ?? '').startsWith('https:');
  const routes = authRoutes({
    accounts,
    apiKeys,
    sessions,
    audit,
    events,
    now: () => clock.now(),
    secureCookies,
  });
  const client = oidcClient(config);
  const oidcLogin =
    oidc === undefined || client === undefined
      ? undefined
      : oidcLoginRoutes({ verifier: oidc, client, sessions, events, secureCookies });
  const plugin = Object.assign(
    async (app: FastifyInstance) => {
      app.addHook('onSend', requestAuditHook(audit, policy));
      await routes(app);
      oidcLogin?.(app);
    },
    // Like fastify-plugin: the audit hook must apply to every route, not only to this plugin's.
    { [Symbol.for('skip-override')]: true },
  );
  return {
    authenticator,
    ngsiAccess: ngsiAccess(),
    recorder: auditRecorder(audit),
    plugin,
    publicRoutes: [...authPublicRoutes, ...(oidcLogin === undefined ? [] : oidcPublicRoutes)],
    rateLimit: rateLimitOf(config.DOTHI_RATE_LIMIT, events, opts.log),
    policy,
    accounts,
    apiKeys,
    sessions,
    audit,
    events,
    bootstrap: async () => {
      if ((await accounts.count()) > 0) return undefined;
      const password = generatePassword();
      await accounts.add({ username: 'admin', password, roles: ['admin'], tenants: '*' });
      return { username: 'admin', password };
    },
    recordConfig: () => recordConfigChanges(store, events, config),
  };
}

/** dothi as an OIDC client, when a client id and secret are configured. */
function oidcClient(config: Config): OidcClient | undefined {
  const secret =
    config.DOTHI_OIDC_CLIENT_SECRET ??
    (config.DOTHI_OIDC_CLIENT_SECRET_FILE === undefined
      ? undefined
      : readFileSync(config.DOTHI_OIDC_CLIENT_SECRET_FILE, 'utf8').trim());
  if (config.DOTHI_OIDC_CLIENT_ID === undefined || secret === undefined) return undefined;
  const base = config.DOTHI_PUBLIC_URL ?? `http://localhost:${config.PORT}`;
  return {
    clientId: config.DOTHI_OIDC_CLIENT_ID,
    clientSecret: secret,
    redirectUri: `${base.replace(/\/$/, '')}/auth/oidc/callback`,
  };
}

function rateLimitOf(max: number, events: SecurityEvents, log: Logger): RateLimitOptions | undefined {
  if (max === 0) return undefined;
  const keyOf = (req: FastifyRequest) => {
    const p = principalOf(req);
    return p.kind === 'anonymous' ? `ip:${req.ip}` : p.id;
  };
  return {
    max,
    keyOf,
    exempt: (req) => principalOf(req).kind === 'token',
    onExceeded: (req, key) => {
      // Recorded beside the refusal (the rate-limit hook cannot wait); a failure is logged.
      events
        .record('rate.limited', {
          actor: key,
          source: req.ip,
          detail: { method: req.method, url: req.url.split('?')[0] },
        })
        .catch((err: unknown) => log.error({ err }, 'could not record a rate-limit event'));
    },
  };
}
