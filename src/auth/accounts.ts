import { DothiError, type Clock } from '../kernel/index.js';
import type { Store } from '../store/index.js';
import type { Principal } from './principal.js';
import {
  parseScope,
  principalFrom,
  scopeColumns,
  scopeView,
  type ScopeInput,
  type ScopeRow,
} from './scope-fields.js';
import { checkPassword, decoyHash, hashPassword, verifyPassword } from './secrets.js';
import type { SecurityEvents } from './security-events.js';

// Built-in accounts: scrypt password hashes, a password policy, and a lockout after repeated
// failures (the clock decides when it ends, so tests need no sleeps).

export interface AccountInput extends ScopeInput {
  username: string;
  password: string;
}

interface AccountRow extends ScopeRow {
  username: string;
  password_hash: string;
  failed_logins: number;
  locked_until: number | null;
}

export interface LockoutPolicy {
  maxFailures: number;
  lockoutMs: number;
}

export interface Accounts {
  add(input: AccountInput): Promise<void>;
  count(): Promise<number>;
  list(): Promise<Array<Record<string, unknown>>>;
  remove(username: string): Promise<void>;
  /** Checks a password; throws UNAUTHORIZED or ACCOUNT_LOCKED, and records security events. */
  login(username: string, password: string, source: string): Promise<Principal>;
}

const usernamePattern = /^[A-Za-z0-9][A-Za-z0-9._@-]{1,63}$/;

export function parseAccountInput(body: Record<string, unknown>): AccountInput {
  const username = body.username;
  if (typeof username !== 'string' || !usernamePattern.test(username)) {
    throw new DothiError('BAD_REQUEST_DATA', 'username: 2-64 letters, digits, ".", "_", "@" or "-"');
  }
  return { username, password: checkPassword(body.password), ...parseScope(body) };
}

export function createAccounts(deps: {
  store: Store;
  clock: Clock;
  events: SecurityEvents;
  lockout: LockoutPolicy;
}): Accounts {
  const { store, clock, events, lockout } = deps;
  const find = (username: string) =>
    store.read.get<AccountRow>('SELECT * FROM auth_users WHERE username = ?', [username]);

  const fail = async (row: AccountRow, source: string) => {
    const failures = row.failed_logins + 1;
    const locks = failures >= lockout.maxFailures;
    const lockedUntil = locks ? clock.now() + lockout.lockoutMs : null;
    await store.write((tx) =>
      tx.run('UPDATE auth_users SET failed_logins = ?, locked_until = ? WHERE username = ?', [
        locks ? 0 : failures,
        lockedUntil,
        row.username,
      ]),
    );
    const actor = `user:${row.username}`;
    await events.record('login.failed', { actor, source, detail: { reason: 'wrong password', failures } });
    if (locks) {
      await events.record('account.locked', {
        actor,
        source,
        detail: { until: new Date(lockedUntil!).toISOString() },
      });
    }
  };

  return {
    add: async (input) => {
      const hash = await hashPassword(input.password);
      await store.write(async (tx) => {
        if (await tx.get('SELECT 1 FROM auth_users WHERE username = ?', [input.username])) {
          throw new DothiError('ALREADY_EXISTS', `user ${input.username} exists`);
        }
        await tx.run(
          'INSERT INTO auth_users (username, password_hash, roles, agency, tenants, types, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
          [input.username, hash, ...scopeColumns(input), clock.now()],
        );
      });
    },
    count: async () =>
      Number((await store.read.get<{ n: unknown }>('SELECT COUNT(*) AS n FROM auth_users'))?.n ?? 0),
    list: async () =>
      (await store.read.all<AccountRow>('SELECT * FROM auth_users ORDER BY username')).map((r) => ({
        username: r.username,
        ...scopeView(r),
        lockedUntil: r.locked_until === null ? null : new Date(Number(r.locked_until)).toISOString(),
      })),
    remove: async (username) => {
      const r = await store.write((tx) => tx.run('DELETE FROM auth_users WHERE username = ?', [username]));
      if (r.changes === 0) throw new DothiError('RESOURCE_NOT_FOUND', `no user ${username}`);
    },
    login: async (username, password, source) => {
      const row = await find(username);
      if (row === undefined) {
        await verifyPassword(password, await decoyHash());
        await events.record('login.failed', {
          actor: `user:${username}`,
          source,
          detail: { reason: 'unknown user' },
        });
        throw new DothiError('UNAUTHORIZED', 'wrong username or password');
      }
      if (row.locked_until !== null && Number(row.locked_until) > clock.now()) {
        await events.record('login.failed', {
          actor: `user:${username}`,
          source,
          detail: { reason: 'locked' },
        });
        throw new DothiError('ACCOUNT_LOCKED', 'too many failed logins: the account is locked for a while');
      }
      if (!(await verifyPassword(password, row.password_hash))) {
        await fail({ ...row, failed_logins: Number(row.failed_logins) }, source);
        throw new DothiError('UNAUTHORIZED', 'wrong username or password');
      }
      if (Number(row.failed_logins) > 0 || row.locked_until !== null) {
        await store.write((tx) =>
          tx.run('UPDATE auth_users SET failed_logins = 0, locked_until = NULL WHERE username = ?', [
            username,
          ]),
        );
      }
      return principalFrom('user', `user:${username}`, row);
    },
  };
}
