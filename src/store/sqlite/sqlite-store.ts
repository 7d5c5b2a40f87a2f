import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GroupCommitter, type TxDriver } from '../group-commit.js';
import { loadMigrations } from '../migrations.js';
import { sqliteGeoHooks } from './geo-hooks.js';
import { sqliteQueryHooks } from './query-hooks.js';
import type { SqlDialect, Store } from '../store.js';
import { openConnection, SqliteExecutor } from './sqlite-executor.js';
import { startCheckpointer } from './checkpointer.js';
import { createReadPool } from './read-pool.js';
import { createWritePipeline } from './write-pipeline.js';
import { walSyncer } from './wal-sync.js';

export interface SqliteStoreOptions {
  /** Database file; created with its folder when missing. */
  path: string;
  /**
   * `full`: a write is acknowledged only after its commit is on stable storage (the WAL is
   * fsynced off the main thread); `normal`: acknowledged once written to the OS, which survives
   * a crash of the process but not of the machine.
   */
  synchronous?: 'full' | 'normal';
  /**
   * The WAL's size past which writes wait for a checkpoint to catch up, so that the WAL starts
   * over (see checkpointer.ts); its file is cut back to this size when it does. 128 MiB by default.
   */
  walLimitBytes?: number;
  /** Time between two background checkpoints; 250 ms by default. */
  checkpointIntervalMs?: number;
  /** Longest hold of writes for a checkpoint to catch up (see checkpointer.ts); 1 s by default. */
  walHoldMaxMs?: number;
  /**
   * Worker threads for long reads (`scan`, see read-pool.ts); 1 by default. 0 runs them on the
   * main read connection.
   */
  readWorkers?: number;
  /**
   * Run the writes of units of work that need no answer from SQLite on a writer thread
   * (write-pipeline.ts), off the event loop; true by default.
   */
  writerThread?: boolean;
  /**
   * Time every statement, commit and fsync on the writer thread (write-stats.ts), for
   * `Store.writeStats`; false by default. Needs the writer thread.
   */
  writeStats?: boolean;
  /**
   * Told when a group of pipelined writes fails on the writer thread: its units of work ran again
   * as ordinary transactions, so nothing is lost, but it should not happen (a bug, or a full disk).
   */
  onPipelineFailure?: (err: Error) => void;
}

const migrationsDir = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

export const sqliteDialect: SqlDialect = {
  name: 'sqlite',
  parseJson: (value) => (typeof value === 'string' ? JSON.parse(value) : value),
  jsonParam: () => '?',
  attrEntries: {
    from: "json_each(e.doc, '$.attrs') a",
    name: 'a.key',
    type: "json_extract(a.value, '$[0].type')",
  },
  query: sqliteQueryHooks,
  geo: sqliteGeoHooks,
};

export function createSqliteStore(options: SqliteStoreOptions): Store {
  if (options.path === ':memory:')
    throw new Error('use a file path; the read connection needs a shared file');
  mkdirSync(dirname(options.path), { recursive: true });
  // SQLite itself never fsyncs on commit (NORMAL): with `full`, walSync() does it in libuv's
  // thread pool, so the event loop keeps serving requests while the disk catches up.
  const writer = new SqliteExecutor(openConnection(options.path));
  writer.db.pragma('wal_autocheckpoint = 0');
  const walLimit = options.walLimitBytes ?? 128 * 1024 * 1024;
  writer.db.pragma(`journal_size_limit = ${walLimit}`);
  const checkpointer = startCheckpointer(options.path, options.checkpointIntervalMs);
  // WAL frames are a page and a 24-byte header each.
  const walLimitFrames = Math.max(
    1,
    Math.floor(walLimit / ((writer.db.pragma('page_size', { simple: true }) as number) + 24)),
  );
  const reader = new SqliteExecutor(openConnection(options.path));
  const readWorkers = options.readWorkers ?? 1;
  const pool = readWorkers > 0 ? createReadPool(options.path, readWorkers) : undefined;
  const walSync = (options.synchronous ?? 'full') === 'full' ? walSyncer(options.path) : undefined;
  // Transaction control runs thousands of times a second under load: prepared once, not re-parsed.
  const control = (sql: string) => writer.db.prepare(sql);
  const begin = control('BEGIN IMMEDIATE');
  const commit = control('COMMIT');
  const rollback = control('ROLLBACK');
  const savepoints = Array.from({ length: 8 }, (_, i) => ({
    open: control(`SAVEPOINT s${i + 1}`),
    release: control(`RELEASE s${i + 1}`),
    undo: control(`ROLLBACK TO s${i + 1}`),
  }));
  let depth = 0;
  const level = () => {
    const sp = savepoints[depth - 1];
    if (sp === undefined) throw new Error(`savepoints nested deeper than ${savepoints.length}`);
    return sp;
  };
  const driver: TxDriver = {
    begin: async () => {
      begin.run();
      return writer;
    },
    savepoint: async () => {
      depth++;
      level().open.run();
    },
    release: async () => {
      level().release.run();
      depth--;
    },
    rollbackToSavepoint: async () => {
      level().undo.run();
    },
    commit: async () => {
      commit.run();
    },
    rollback: async () => {
      if (writer.db.inTransaction) rollback.run();
    },
    ...(walSync === undefined ? {} : { durable: walSync.sync }),
    // Past its limit, the WAL is let catch up before the next batch, so that the batch starts it
    // over. SQLite starts the WAL over only in a write transaction begun once every frame is
    // copied, so the writer thread's groups are let finish first: with a transaction of theirs
    // still open, the checkpoint catches up, the hold ends, and the WAL goes on growing.
    ready: () =>
      checkpointer.state.log > walLimitFrames
        ? (pipeline?.idle() ?? Promise.resolve()).then(() => checkpointer.caughtUp(options.walHoldMaxMs))
        : undefined,
  };
  const pipeline =
    options.writerThread === false
      ? undefined
      : createWritePipeline({
          path: options.path,
          committed: reader,
          durable: walSync !== undefined,
          walLimitBytes: walLimit,
          keepStats: options.writeStats === true,
        });
  const committer = new GroupCommitter(driver, undefined, pipeline, options.onPipelineFailure);
  // Keeps the planner's statistics in step with the data (SQLite's advice: now and then, and at close).
  const optimizer = setInterval(() => writer.db.pragma('optimize'), 10 * 60_000);
  optimizer.unref();

  return {
    dialect: sqliteDialect,
    read: reader,
    scan: pool ?? reader,
    write: (work) => committer.submit(work),
    migrate: async () => migrate(writer),
    ...(pipeline !== undefined && options.writeStats === true ? { writeStats: pipeline } : {}),
    close: async () => {
      clearInterval(optimizer);
      await committer.drain();
      await pipeline?.close();
      writer.db.pragma('optimize');
      await walSync?.close();
      await pool?.close();
      await checkpointer.close();
      reader.db.close();
      writer.db.close();
    },
  };
}

function migrate(db: SqliteExecutor): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)');
  const applied = new Set(
    (db.db.prepare('SELECT name FROM schema_migrations').all() as Array<{ name: string }>).map((r) => r.name),
  );
  for (const m of loadMigrations(migrationsDir)) {
    if (applied.has(m.name)) continue;
    db.db.transaction(() => {
      db.exec(m.sql);
      db.db
        .prepare('INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)')
        .run(m.name, new Date().toISOString());
    })();
  }
}
