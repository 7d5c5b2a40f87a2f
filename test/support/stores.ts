// Stores for contract tests. STORE=sqlite,postgres selects the backends (default: sqlite).
// Each call gives a fresh, migrated store: a new SQLite file in a temp folder, or a new schema
// in the PostgreSQL database named by DOTHI_TEST_DATABASE_URL.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import {
  createPostgresStore,
  createSqliteStore,
  dialectNames,
  type DialectName,
  type SqliteStoreOptions,
  type Store,
} from '../../src/store/index.js';

export const testDatabaseUrl =
  process.env.DOTHI_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/dothi_test';

export function storeNames(): DialectName[] {
  const names = (process.env.STORE ?? 'sqlite')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const n of names) {
    if (!(dialectNames as readonly string[]).includes(n)) throw new Error(`STORE: unknown store ${n}`);
  }
  return names as DialectName[];
}

let seq = 0;

/** `sqlite`: options of a SQLite store beyond its file (e.g. writeStats). */
export async function makeStore(
  name: DialectName,
  sqlite: Partial<SqliteStoreOptions> = {},
): Promise<Store & { dispose(): Promise<void> }> {
  if (name === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'dothi-test-'));
    const store = createSqliteStore({ ...sqlite, path: join(dir, 'dothi.db'), synchronous: 'normal' });
    await store.migrate();
    return Object.assign(store, {
      dispose: async () => {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    });
  }
  const schema = `t_${process.pid}_${Date.now().toString(36)}_${seq++}`;
  const store = createPostgresStore({ url: testDatabaseUrl, schema, poolSize: 4 });
  await store.migrate();
  return Object.assign(store, {
    dispose: async () => {
      await store.close();
      const c = new pg.Client({ connectionString: testDatabaseUrl });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await c.end();
    },
  });
}
