import { randomBytes } from 'node:crypto';
import { DothiError, type Clock } from '../kernel/index.js';
import type { Store } from '../store/index.js';
import { CredentialCache } from './credential-cache.js';
import type { Principal } from './principal.js';
import { principalFrom, scopeColumns, scopeView, type ScopeInput, type ScopeRow } from './scope-fields.js';
import { randomToken, sameSecret, sha256 } from './secrets.js';

// API keys for devices and applications: `dk_<id>.<secret>`, stored as the SHA-256 of the secret,
// scoped like accounts, with an expiry, revocable. Resolved keys are cached for a few seconds;
// a revocation on this node takes effect at once, on other nodes within the cache's lifetime.

export const API_KEY_PREFIX = 'dk_';
const CACHE_MS = 10_000;

export interface ApiKeyInput extends ScopeInput {
  name: string;
  expiresAt?: number;
}

interface KeyRow extends ScopeRow {
  id: string;
  name: string;
  secret_hash: string;
  expires_at: number | null;
  revoked_at: number | null;
}

export type KeyCheck =
  | { ok: true; principal: Principal }
  | { ok: false; reason: 'invalid' | 'expired' | 'revoked'; keyId?: string };

export interface ApiKeys {
  create(input: ApiKeyInput): Promise<{ id: string; key: string }>;
  revoke(id: string): Promise<void>;
  list(): Promise<Array<Record<string, unknown>>>;
  check(presented: string): Promise<KeyCheck>;
}

export function createApiKeys(store: Store, clock: Clock): ApiKeys {
  const cache = new CredentialCache<KeyRow | null>(CACHE_MS);
  // The principal of a cached row, built once (the request path only hashes the secret).
  const principals = new WeakMap<KeyRow, Principal>();
  const load = async (id: string) => {
    const now = clock.now();
    const cached = cache.get(id, now);
    if (cached !== undefined) return cached ?? undefined;
    const row = await store.read.get<KeyRow>('SELECT * FROM auth_api_keys WHERE id = ?', [id]);
    cache.set(id, row ?? null, now);
    return row;
  };
  return {
    create: async (input) => {
      const id = randomBytes(8).toString('hex');
      const secret = randomToken();
      await store.write((tx) =>
        tx.run(
          'INSERT INTO auth_api_keys (id, secret_hash, name, roles, agency, tenants, types, expires_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
          [id, sha256(secret), input.name, ...scopeColumns(input), input.expiresAt ?? null, clock.now()],
        ),
      );
      cache.delete(id);
      return { id, key: `${API_KEY_PREFIX}${id}.${secret}` };
    },
    revoke: async (id) => {
      const r = await store.write((tx) =>
        tx.run('UPDATE auth_api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL', [
          clock.now(),
          id,
        ]),
      );
      cache.delete(id);
      if (r.changes === 0) throw new DothiError('RESOURCE_NOT_FOUND', `no active API key ${id}`);
    },
    list: async () =>
      (
        await store.read.all<KeyRow & { created_at: unknown }>(
          'SELECT * FROM auth_api_keys ORDER BY created_at, id',
        )
      ).map((r) => ({
        id: r.id,
        name: r.name,
        ...scopeView(r),
        expiresAt: r.expires_at === null ? null : new Date(Number(r.expires_at)).toISOString(),
        revoked: r.revoked_at !== null,
      })),
    check: async (presented) => {
      const m = /^dk_([0-9a-f]{16})\.([A-Za-z0-9_-]+)$/.exec(presented);
      if (m === null) return { ok: false, reason: 'invalid' };
      const row = await load(m[1]!);
      if (row === undefined || !sameSecret(sha256(m[2]!), row.secret_hash)) {
        return { ok: false, reason: 'invalid', keyId: m[1]! };
      }
      if (row.revoked_at !== null) return { ok: false, reason: 'revoked', keyId: row.id };
      if (row.expires_at !== null && Number(row.expires_at) <= clock.now()) {
        return { ok: false, reason: 'expired', keyId: row.id };
      }
      let principal = principals.get(row);
      if (principal === undefined)
        principals.set(row, (principal = principalFrom('apikey', `apikey:${row.id}`, row)));
      return { ok: true, principal };
    },
  };
}
