import { DothiError } from '../kernel/index.js';
import {
  parseRoles,
  splitList,
  tenantsOf,
  type Principal,
  type PrincipalKind,
  type Role,
} from './principal.js';

// Roles, agency, tenants and types: the scope fields that accounts, keys and sessions share, as
// validated input and as stored columns.

export interface ScopeInput {
  roles: readonly Role[];
  agency?: string;
  tenants: '*' | readonly string[];
  types?: readonly string[];
}

export interface ScopeRow {
  roles: string;
  agency: string | null;
  tenants: string;
  types: string | null;
}

/** Validates scope fields given as text (CLI options, JSON bodies). */
export function parseScope(input: {
  roles?: unknown;
  agency?: unknown;
  tenants?: unknown;
  types?: unknown;
}): ScopeInput {
  const text = (v: unknown, name: string) => {
    if (v === undefined || v === null) return undefined;
    if (Array.isArray(v)) return v.map(String).join(',');
    if (typeof v !== 'string') throw new DothiError('BAD_REQUEST_DATA', `${name} must be a string or a list`);
    return v;
  };
  const { roles, unknown } = parseRoles(text(input.roles, 'roles') ?? '');
  if (unknown.length > 0) throw new DothiError('BAD_REQUEST_DATA', `unknown roles: ${unknown.join(', ')}`);
  if (roles.length === 0) throw new DothiError('BAD_REQUEST_DATA', 'at least one role is required');
  const agency = text(input.agency, 'agency');
  if (roles.includes('agency') && agency === undefined) {
    throw new DothiError('BAD_REQUEST_DATA', 'the agency role needs an agency');
  }
  const types = text(input.types, 'types');
  return {
    roles,
    ...(agency === undefined ? {} : { agency }),
    tenants: tenantsOf(text(input.tenants, 'tenants') ?? '*'),
    ...(types === undefined ? {} : { types: splitList(types) }),
  };
}

export function scopeColumns(s: ScopeInput): unknown[] {
  return [
    s.roles.join(','),
    s.agency ?? null,
    s.tenants === '*' ? '*' : s.tenants.join(','),
    s.types === undefined ? null : s.types.join(','),
  ];
}

export function principalFrom(kind: PrincipalKind, id: string, row: ScopeRow): Principal {
  const scope = parseScope(row);
  return Object.freeze({ id, kind, ...scope });
}

export function scopeView(row: ScopeRow) {
  const s = parseScope(row);
  return { roles: s.roles, agency: s.agency ?? null, tenants: s.tenants, types: s.types ?? null };
}
