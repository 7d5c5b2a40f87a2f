import pg from 'pg';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GroupCommitter, type TxDriver } from '../group-commit.js';
import { loadMigrations } from '../migrations.js';
import { postgresGeoHooks } from './geo-hooks.js';
import { postgresQueryHooks } from './query-hooks.js';
import type { RunResult, SqlDialect, SqlExecutor, Store } from '../store.js';
import { toPositional } from './placeholders.js';

export interface PostgresStoreOptions {
  url: string;
  /** A schema to work in (created when missing); tests use one schema each. */
  schema?: string;
  poolSize?: number;
}

const migrationsDir = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

// int8 (BIGSERIAL keys, counts) as JS numbers: keys stay far below 2^53.
pg.types.setTypeParser(20, (v: string) => Number(v));

export const postgresDialect: SqlDialect = {
  name: 'postgres',
  parseJson: (value) => (typeof value === 'string' ? JSON.parse(value) : value),
  jsonParam: () => '?::jsonb',
  attrEntries: { from: "jsonb_each(e.doc->'attrs') a", name: 'a.key', type: "a.value->0->>'type'" },
  query: postgresQueryHooks,
  geo: postgresGeoHooks,
};

type Queryable = Pick<pg.PoolClient, 'query'>;

class PgExecutor implements SqlExecutor {
  constructor(private readonly client: Queryable) {}

  async all<T>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    return (await this.client.query(toPositional(sql), params as unknown[])).rows as T[];
  }

  async get<T>(sql: string, params: readonly unknown[] = []): Promise<T | undefined> {
    return (await this.all<T>(sql, params))[0];
  }

  async insert(sql: string, params: readonly unknown[], idColumn = 'pk'): Promise<number> {
    const rows = await this.all<Record<string, number>>(`${sql} RETURNING ${idColumn}`, params);
    return Number(rows[0]![idColumn]);
  }

  async run(sql: string, params: readonly unknown[] = []): Promise<RunResult> {
    const result = await this.client.query(toPositional(sql), params as unknown[]);
    return { changes: result.rowCount ?? 0 };
  }

  async defer(sql: string, params: readonly unknown[] = []): Promise<void> {
    await this.client.query(toPositional(sql), params as unknown[]);
  }
}

const validSchema = /^[a-z_][a-z0-9_]{0,62}$/;

export function createPostgresStore(options: PostgresStoreOptions): Store {
  const schema = options.schema;
  if (schema !== undefined && !validSchema.test(schema)) throw new Error(`invalid schema name ${schema}`);
  // Session settings travel in the startup packet (libpq `options`), so that no query runs before
  // the pool hands a connection out. JIT compilation costs hundreds of milliseconds on the history
  // aggregations, whose row estimates are large but whose index range scans are short: off.
  const settings = schema === undefined ? '-c jit=off' : `-c jit=off -c search_path=${schema},public`;
  const pool = new pg.Pool({ connectionString: options.url, max: options.poolSize ?? 10, options: settings });
  let client: pg.PoolClient | undefined;
  let depth = 0;
  const exec = async (sql: string) => {
    await client!.query(sql);
  };
  const driver: TxDriver = {
    begin: async () => {
      client = await pool.connect();
      await client.query('BEGIN');
      return new PgExecutor(client);
    },
    savepoint: () => exec(`SAVEPOINT s${++depth}`),
    release: () => exec(`RELEASE SAVEPOINT s${depth--}`),
    rollbackToSavepoint: () => exec(`ROLLBACK TO SAVEPOINT s${depth}`),
    commit: async () => {
      try {
        await exec('COMMIT');
      } finally {
        client!.release();
        client = undefined;
      }
    },
    rollback: async () => {
      try {
        await exec('ROLLBACK');
      } finally {
        client?.release();
        client = undefined;
      }
    },
  };
  const committer = new GroupCommitter(driver, 500);
  const read = new PgExecutor(pool);

  return {
    dialect: postgresDialect,
    read,
    scan: read,
    write: (work) => committer.submit(work),
    migrate: async () => migrate(pool, schema),
    close: async () => {
      await committer.drain();
      await pool.end();
    },
  };
}

async function migrate(pool: pg.Pool, schema: string | undefined): Promise<void> {
  const c = await pool.connect();
  try {
    // Several nodes may start at once: one migrates while the others wait on the lock.
    await c.query('SELECT pg_advisory_lock(7261002)');
    if (schema !== undefined) {
      await c.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
      await c.query(`SET search_path TO ${schema}, public`);
    }
    await c.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)',
    );
    const applied = new Set(
      (await c.query('SELECT name FROM schema_migrations')).rows.map((r) => String(r.name)),
    );
    for (const m of loadMigrations(migrationsDir)) {
      if (applied.has(m.name)) continue;
      await c.query('BEGIN');
      try {
        await c.query(m.sql);
        await c.query('INSERT INTO schema_migrations (name, applied_at) VALUES ($1, $2)', [
          m.name,
          new Date().toISOString(),
        ]);
        await c.query('COMMIT');
      } catch (err) {
        await c.query('ROLLBACK');
        throw err;
      }
    }
  } finally {
    await c.query('SELECT pg_advisory_unlock(7261002)').catch(() => undefined);
    c.release();
  }
}
