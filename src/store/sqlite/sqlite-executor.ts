import Database from 'better-sqlite3';
import type { RunResult, SqlExecutor } from '../store.js';
import { registerFunctions } from './functions.js';
import { registerGeoFunctions } from './geo-functions.js';

// A better-sqlite3 connection as a SqlExecutor: the store's writer and reader, and the read
// workers' connections (read-worker.ts).

type Param = string | number | bigint | Buffer | null;

/** better-sqlite3 binds no booleans or undefined; map them here (a copy only when there are some). */
function bindable(params: readonly unknown[]): Param[] {
  for (let i = 0; i < params.length; i++) {
    const p = params[i];
    if (p === undefined || typeof p === 'boolean') {
      return params.map((q) =>
        q === undefined ? null : typeof q === 'boolean' ? (q ? 1 : 0) : (q as Param),
      );
    }
  }
  return params as Param[];
}

export class SqliteExecutor implements SqlExecutor {
  private readonly statements = new Map<string, Database.Statement>();

  constructor(readonly db: Database.Database) {}

  private prepare(sql: string): Database.Statement {
    let stmt = this.statements.get(sql);
    if (stmt === undefined) {
      stmt = this.db.prepare(sql);
      if (this.statements.size > 2000) this.statements.clear();
      this.statements.set(sql, stmt);
    }
    return stmt;
  }

  async all<T>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    return this.prepare(sql).all(bindable(params)) as T[];
  }

  async get<T>(sql: string, params: readonly unknown[] = []): Promise<T | undefined> {
    return this.prepare(sql).get(bindable(params)) as T | undefined;
  }

  async run(sql: string, params: readonly unknown[] = []): Promise<RunResult> {
    const stmt = this.prepare(sql);
    if (stmt.reader) {
      stmt.all(bindable(params));
      return { changes: 0 };
    }
    return { changes: stmt.run(bindable(params)).changes };
  }

  async defer(sql: string, params: readonly unknown[] = []): Promise<void> {
    this.runNow(sql, params);
  }

  /** Runs a write at once, throwing what SQLite throws (the writer thread's statements). */
  runNow(sql: string, params: readonly unknown[]): void {
    this.prepare(sql).run(bindable(params));
  }

  async insert(sql: string, params: readonly unknown[]): Promise<number> {
    return Number(this.prepare(sql).run(bindable(params)).lastInsertRowid);
  }

  exec(sql: string): void {
    this.db.exec(sql);
  }
}

/** A connection with dothi's settings and SQL functions. */
export function openConnection(path: string): Database.Database {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  // Durability comes from the store's own fsync of the WAL (sqlite-store.ts, walSyncer).
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  db.pragma('cache_size = -65536');
  // Reads through a memory map cost no system call per page; the OS keeps the hot pages.
  db.pragma('mmap_size = 4294967296');
  db.pragma('temp_store = MEMORY');
  registerFunctions(db);
  registerGeoFunctions(db);
  return db;
}
