import type { Principal, Role } from './principal.js';
import { mayUseTenant } from './principal.js';

// The policy table: every API family, declared once as data, with the actions each role may take.
// A module that adds an API adds its family here (or passes it to createAuth). A route that
// belongs to no family is for admins only: closed by default.

export const actions = ['read', 'write', 'admin'] as const;
export type Action = (typeof actions)[number];

export interface ApiFamily {
  readonly name: string;
  /** Path prefixes; the longest prefix that matches a request decides its family. */
  readonly prefixes: readonly string[];
  /** POST routes that only read (queries): their action is `read`. */
  readonly readOnlyPosts?: readonly string[];
  readonly grants: Partial<Record<Role, readonly Action[]>>;
  /** The family is scoped by the NGSILD-Tenant header. */
  readonly tenanted?: boolean;
}

const R = ['read'] as const;
const RW = ['read', 'write'] as const;
const ALL = actions;
const NGSI = '/ngsi-ld/v1';

export const coreFamilies: readonly ApiFamily[] = [
  {
    name: 'ngsi.entities',
    prefixes: [`${NGSI}/entities`, `${NGSI}/entityOperations`, `${NGSI}/types`, `${NGSI}/attributes`],
    readOnlyPosts: [`${NGSI}/entityOperations/query`],
    grants: { admin: ALL, operator: RW, agency: RW, analyst: R },
    tenanted: true,
  },
  {
    name: 'ngsi.subscriptions',
    prefixes: [`${NGSI}/subscriptions`],
    grants: { admin: ALL, operator: RW, agency: RW, analyst: R },
    tenanted: true,
  },
  {
    name: 'ngsi.temporal',
    prefixes: [`${NGSI}/temporal`],
    readOnlyPosts: [`${NGSI}/temporal/entityOperations/query`],
    grants: { admin: ALL, operator: RW, agency: R, analyst: R },
    tenanted: true,
  },
  {
    name: 'ngsi.contexts',
    prefixes: [`${NGSI}/jsonldContexts`],
    grants: { admin: ALL, operator: RW, agency: R, analyst: R, citizen: R, public: R },
    tenanted: true,
  },
  {
    name: 'health',
    prefixes: ['/health'],
    grants: { admin: R, operator: R, agency: R, analyst: R, citizen: R, public: R },
  },
  {
    name: 'iot',
    prefixes: ['/iot'],
    grants: { admin: ALL, operator: RW, agency: R, analyst: R },
  },
  {
    name: 'open311',
    prefixes: ['/open311'],
    grants: { admin: ALL, operator: RW, agency: RW, analyst: R, citizen: RW, public: RW },
  },
  {
    name: 'auth.self',
    prefixes: ['/auth/me', '/auth/logout'],
    grants: { admin: RW, operator: RW, agency: RW, analyst: RW, citizen: RW },
  },
  {
    name: 'auth.admin',
    prefixes: ['/auth/users', '/auth/apikeys', '/auth/audit', '/auth/security-events'],
    grants: { admin: ALL },
  },
];

export interface Decision {
  allowed: boolean;
  family: string;
  action: Action;
  reason?: string;
}

const writeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface Policy {
  familyOf(path: string): ApiFamily | undefined;
  action(method: string, path: string): Action;
  decide(p: Principal, method: string, path: string, tenant: string): Decision;
}

/** The one place where (principal, API family, action, tenant) becomes allowed or denied. */
export function createPolicy(families: readonly ApiFamily[]): Policy {
  const byPrefix = families
    .flatMap((f) => f.prefixes.map((prefix) => ({ prefix, family: f })))
    .sort((a, b) => b.prefix.length - a.prefix.length);
  const familyOf = (path: string) => byPrefix.find((e) => path.startsWith(e.prefix))?.family;
  return {
    familyOf,
    action: (method, path) => actionOf(familyOf(path), method, path),
    decide(p, method, path, tenant) {
      const family = familyOf(path);
      const action = actionOf(family, method, path);
      if (p.roles.includes('admin') && mayUseTenant(p, tenant)) {
        return { allowed: true, family: family?.name ?? 'other', action };
      }
      if (family === undefined) return denied('other', action, 'this route is for administrators only');
      const granted = p.roles.some((r) => family.grants[r]?.includes(action) === true);
      if (!granted) return denied(family.name, action, `no role of ${p.id} may ${action} ${family.name}`);
      if (family.tenanted === true && !mayUseTenant(p, tenant) && p.kind !== 'anonymous') {
        return denied(family.name, action, `${p.id} may not use tenant '${tenant}'`);
      }
      return { allowed: true, family: family.name, action };
    },
  };
}

function actionOf(family: ApiFamily | undefined, method: string, path: string): Action {
  if (!writeMethods.has(method)) return 'read';
  if (method === 'POST' && family?.readOnlyPosts?.some((r) => path === r) === true) return 'read';
  return 'write';
}

function denied(family: string, action: Action, reason: string): Decision {
  return { allowed: false, family, action, reason };
}

/**
 * The entity types a principal may act on in the NGSI-LD API: undefined when unrestricted, an
 * empty list when none. An explicit type scope (an account's or a key's) always applies; agency
 * staff and citizens see only the types of their scope.
 */
export function entityTypeScope(p: Principal): readonly string[] | undefined {
  if (p.types !== undefined) return p.types;
  const unrestricted: readonly Role[] = ['admin', 'operator', 'analyst'];
  return p.roles.some((r) => unrestricted.includes(r)) ? undefined : [];
}
