// The storage contract. Repositories are written once against `SqlExecutor` with `?` placeholders;
// each dialect folder (sqlite/, postgres/) implements the contract and supplies the few SQL
// fragments that differ (`SqlDialect`). Business code never asks which backend it runs on.
import type { GeoHooks } from './geo-hooks.js';
import type { QueryHooks } from './query-hooks.js';
import type { WriteStatsSource } from './write-stats.js';

/**
 * `LIMIT` with a bound row count, for every dialect: `LIMIT ${LIMIT_PARAM}`. SQLite (3.47 and
 * later) lets its planner read a value bound to a bare `LIMIT ?`, and so prepares the statement
 * again, parse and plan, at every run that binds it anew: 15 µs more for a one-table query, and
 * for an entity query with `q` 474 → 366 µs of the server's CPU (measured with the benchmark's
 * 100,000 entities). It reads no value out of `? + 0`, so the statement prepared once runs as it
 * is; PostgreSQL takes the same text.
 */
export const LIMIT_PARAM = '? + 0';

export interface RunResult {
  changes: number;
}

export interface SqlExecutor {
  all<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  get<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T | undefined>;
  run(sql: string, params?: readonly unknown[]): Promise<RunResult>;
  /**
   * Runs an INSERT of one row and resolves to the new row's integer key (`idColumn`). SQLite
   * reads its last rowid (an INSERT … RETURNING costs far more there); PostgreSQL adds RETURNING.
   */
  insert(sql: string, params: readonly unknown[], idColumn?: string): Promise<number>;
  /**
   * Runs a write whose outcome the caller does not need. In a unit of work on SQLite it may run
   * later, on the writer thread, in order with the unit's other writes (see write-pipeline.ts);
   * elsewhere it runs at once. A unit whose every statement is deferred never waits for SQLite.
   */
  defer(sql: string, params?: readonly unknown[]): Promise<void>;
  /**
   * In a pipelined unit of work only: the committed state, for rows that no unit still in the
   * pipeline has written. Code that keeps its own pipelined writes in memory (the entity cache,
   * the audit chain's head) reads the rest through it; any other read of the unit's executor
   * makes the unit run again in an ordinary transaction.
   */
  readonly committed?: SqlExecutor;
  /**
   * Inside a unit of work only (Store.write): `fn` is called once what the unit wrote is committed
   * (true, right after the COMMIT, before it is durable) or undone (false). Hooks run in the
   * order they were added and must not throw. Caches of the store's content use it to change
   * only with the commit (see entity-cache.ts).
   */
  afterOutcome?(fn: (committed: boolean) => void): void;
}

export const dialectNames = ['sqlite', 'postgres'] as const;
export type DialectName = (typeof dialectNames)[number];

/** SQL that differs between backends, as small functions returning fragments. */
export interface SqlDialect {
  readonly name: DialectName;
  /** Turns a JSON document column value into an object (SQLite returns text, PostgreSQL JSONB). */
  parseJson(value: unknown): unknown;
  /** The expression for a JSON text parameter bound to a JSON column. */
  jsonParam(): string;
  /**
   * A FROM-clause item listing the attributes of the entity row `e`: `name` is the expanded
   * attribute name and `type` the attribute type of its first instance.
   */
  readonly attrEntries: { from: string; name: string; type: string };
  readonly query: QueryHooks;
  readonly geo: GeoHooks;
}

export interface Store {
  readonly dialect: SqlDialect;
  /** Reads that see every committed write; never sees a write in progress. */
  readonly read: SqlExecutor;
  /**
   * Reads that may take long but return few rows (filtered queries over many entities), with the
   * same guarantee as `read`.
   * SQLite runs them on worker threads, so they do not hold up other requests meanwhile; on
   * PostgreSQL, where every read already runs in the server, this is `read`.
   */
  readonly scan: SqlExecutor;
  /**
   * Runs `work` in a write transaction and resolves after the commit is durable. Concurrent
   * calls are grouped into one transaction (group commit); each runs in its own savepoint, so a
   * failing unit of work rolls back alone and rejects with its own error.
   */
  write<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  migrate(): Promise<void>;
  close(): Promise<void>;
  /**
   * Where the store's writes spend their time (write-stats.ts), on a store that keeps such
   * statistics: SQLite's writer thread with DOTHI_SQLITE_WRITE_STATS on.
   */
  readonly writeStats?: WriteStatsSource;
}
