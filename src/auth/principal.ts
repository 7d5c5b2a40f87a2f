// Who is making a request: an identity with roles, an agency and the scopes it may act in. The
// authentication hook attaches one to every request; every authorisation decision reads it.

export const roles = ['admin', 'operator', 'agency', 'analyst', 'citizen', 'public'] as const;
export type Role = (typeof roles)[number];

export const principalKinds = ['token', 'user', 'session', 'apikey', 'oidc', 'anonymous'] as const;
export type PrincipalKind = (typeof principalKinds)[number];

export interface Principal {
  /** A stable name for the audit log: `user:alice`, `apikey:k1a2`, `oidc:<issuer>#<sub>`. */
  readonly id: string;
  readonly kind: PrincipalKind;
  readonly roles: readonly Role[];
  /** The agency an `agency` role is bound to. */
  readonly agency?: string;
  /** Tenants the principal may act in; `'*'` is every tenant. */
  readonly tenants: '*' | readonly string[];
  /**
   * Entity types the principal is limited to (expanded IRIs, or local names matching the last
   * segment of an IRI); undefined: every type its roles may see.
   */
  readonly types?: readonly string[];
}

export const anonymous: Principal = Object.freeze<Principal>({
  id: 'anonymous',
  kind: 'anonymous',
  roles: ['public'],
  tenants: [],
});

export function isRole(value: string): value is Role {
  return (roles as readonly string[]).includes(value);
}

/** Parses a comma-separated list of roles; unknown names are reported, not dropped. */
export function parseRoles(text: string): { roles: Role[]; unknown: string[] } {
  const names = splitList(text);
  return { roles: names.filter(isRole), unknown: names.filter((n) => !isRole(n)) };
}

export function splitList(text: string | null | undefined): string[] {
  if (text === null || text === undefined) return [];
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

export function tenantsOf(text: string): '*' | string[] {
  return text.trim() === '*' ? '*' : splitList(text);
}

export function mayUseTenant(p: Principal, tenant: string): boolean {
  return p.tenants === '*' || p.tenants.includes(tenant);
}

/** The local name of an IRI: what follows its last '/', '#' or ':'. */
export function localName(iri: string): string {
  const cut = Math.max(iri.lastIndexOf('/'), iri.lastIndexOf('#'), iri.lastIndexOf(':'));
  return iri.slice(cut + 1);
}

/** Whether an expanded entity type matches one of the scope's names. */
export function typeInScope(scope: readonly string[], typeIri: string): boolean {
  const local = localName(typeIri);
  return scope.some((t) => t === typeIri || t === local);
}
