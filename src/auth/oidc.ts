import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import { DothiError, type Clock } from '../kernel/index.js';
import { CredentialCache } from './credential-cache.js';
import { isRole, type Principal, type Role } from './principal.js';

// External identities (Keycloak, Azure AD, a national e-ID): bearer JWTs signed by an OpenID
// Connect provider, found through its discovery document and verified against its JWKS (jose).
// Roles come from a claim; a token without a known role gets the default role.

export interface OidcOptions {
  issuer: string;
  audience?: string;
  roleClaim: string;
  defaultRole: Role;
  clock: Clock;
  /** Tenants granted to external identities. */
  tenants?: '*' | readonly string[];
}

export interface OidcVerifier {
  verify(token: string): Promise<Principal>;
  /** The provider's discovery document and key set (fetched once). */
  provider(): Promise<{ meta: Discovery; jwks: ReturnType<typeof createRemoteJWKSet> }>;
  readonly options: OidcOptions;
}

export interface Discovery {
  issuer: string;
  jwks_uri: string;
  authorization_endpoint?: string;
  token_endpoint?: string;
}

export async function discover(issuer: string): Promise<Discovery> {
  const url = `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
  const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
  if (!res.ok)
    throw new DothiError('UNAUTHORIZED', `the identity provider's discovery failed (${res.status})`);
  const doc = (await res.json()) as Partial<Discovery>;
  if (typeof doc.jwks_uri !== 'string' || typeof doc.issuer !== 'string') {
    throw new DothiError('UNAUTHORIZED', "the identity provider's discovery document has no jwks_uri");
  }
  return doc as Discovery;
}

/** The principal of a verified token's claims. */
export function principalOfClaims(payload: JWTPayload, issuer: string, opts: OidcOptions): Principal {
  const roles = claimList(payload, opts.roleClaim).filter(isRole);
  const agency = typeof payload.agency === 'string' ? payload.agency : undefined;
  return Object.freeze({
    id: `oidc:${issuer}#${payload.sub ?? '?'}`,
    kind: 'oidc',
    roles: roles.length > 0 ? roles : [opts.defaultRole],
    ...(agency === undefined ? {} : { agency }),
    tenants: opts.tenants ?? '*',
  });
}

function claimList(payload: JWTPayload, claim: string): string[] {
  // A dotted claim name reaches into objects (Keycloak's realm_access.roles).
  let v: unknown = payload;
  for (const part of claim.split('.')) v = (v as Record<string, unknown> | undefined)?.[part];
  if (typeof v === 'string') return v.split(/[ ,]+/);
  return Array.isArray(v) ? v.map(String) : [];
}

export function createOidcVerifier(opts: OidcOptions): OidcVerifier {
  let keys: Promise<{ meta: Discovery; jwks: ReturnType<typeof createRemoteJWKSet> }> | undefined;
  const cache = new CredentialCache<Principal>(60_000);
  const setup = () => {
    const found = (keys ??= discover(opts.issuer).then((meta) => ({
      meta,
      jwks: createRemoteJWKSet(new URL(meta.jwks_uri)),
    })));
    // A failed discovery is tried again at the next request.
    found.catch(() => (keys = undefined));
    return found;
  };
  return {
    options: opts,
    provider: setup,
    verify: async (token) => {
      const now = opts.clock.now();
      const hit = cache.get(token, now);
      if (hit !== undefined) return hit;
      const { meta, jwks } = await setup();
      const issuer = meta.issuer;
      const { payload } = await jwtVerify(token, jwks, {
        issuer,
        ...(opts.audience === undefined ? {} : { audience: opts.audience }),
        currentDate: new Date(now),
      });
      const principal = principalOfClaims(payload, issuer, opts);
      cache.set(token, principal, now, payload.exp === undefined ? undefined : payload.exp * 1000);
      return principal;
    },
  };
}
