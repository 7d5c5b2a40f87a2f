export type { Store, SqlExecutor, SqlDialect, DialectName, RunResult } from './store.js';
export { dialectNames, LIMIT_PARAM } from './store.js';
export { createSqliteStore, sqliteDialect } from './sqlite/sqlite-store.js';
export type { SqliteStoreOptions } from './sqlite/sqlite-store.js';
export { createPostgresStore, postgresDialect } from './postgres/postgres-store.js';
export type { PostgresStoreOptions } from './postgres/postgres-store.js';
export type { QueryHooks } from './query-hooks.js';
export type { WriteStats, StatementStats, WriteStatsSource } from './write-stats.js';
export type { GeoHooks } from './geo-hooks.js';
