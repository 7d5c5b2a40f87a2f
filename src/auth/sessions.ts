import { DothiError, type Clock } from '../kernel/index.js';
import type { Store } from '../store/index.js';
import { CredentialCache } from './credential-cache.js';
import type { Principal } from './principal.js';
import { randomToken, sha256 } from './secrets.js';

// Sessions of the web apps (and of API clients that logged in): a random token in a secure,
// HttpOnly, SameSite cookie; the store keeps its SHA-256 and the principal it stands for.

export const SESSION_PREFIX = 'ds_';

export interface Sessions {
  create(principal: Principal): Promise<{ token: string; expiresAt: number }>;
  resolve(token: string): Promise<Principal | undefined>;
  end(token: string): Promise<void>;
}

export function createSessions(store: Store, clock: Clock, ttlMs: number): Sessions {
  const cache = new CredentialCache<{ principal: Principal; expiresAt: number }>(30_000);
  return {
    create: async (principal) => {
      const token = `${SESSION_PREFIX}${randomToken()}`;
      const expiresAt = clock.now() + ttlMs;
      await store.write(async (tx) => {
        await tx.run('DELETE FROM auth_sessions WHERE expires_at < ?', [clock.now()]);
        await tx.run(
          'INSERT INTO auth_sessions (token_hash, subject, principal, expires_at) VALUES (?, ?, ?, ?)',
          [sha256(token), principal.id, JSON.stringify(principal), expiresAt],
        );
      });
      return { token, expiresAt };
    },
    resolve: async (token) => {
      const key = sha256(token);
      const now = clock.now();
      let s = cache.get(key, now);
      if (s === undefined) {
        const row = await store.read.get<{ principal: string; expires_at: unknown }>(
          'SELECT principal, expires_at FROM auth_sessions WHERE token_hash = ?',
          [key],
        );
        if (row === undefined) return undefined;
        s = {
          principal: { ...(JSON.parse(row.principal) as Principal), kind: 'session' },
          expiresAt: Number(row.expires_at),
        };
        cache.set(key, s, now, s.expiresAt);
      }
      return s.expiresAt > now ? s.principal : undefined;
    },
    end: async (token) => {
      const key = sha256(token);
      cache.delete(key);
      const r = await store.write((tx) => tx.run('DELETE FROM auth_sessions WHERE token_hash = ?', [key]));
      if (r.changes === 0) throw new DothiError('UNAUTHORIZED', 'no such session');
    },
  };
}
