// The storage floor of MQTT ingest: the SQLite writes that ingesting one message makes, replayed
// on one thread with no server around them, on a copy of the database the ingest benchmark left.
// What one message costs here (statements, commits, WAL checkpoints) is the part of the server's
// CPU per message that no change to the event loop, the broker or the JSON handling can remove;
// only a change to what is stored, or how, can.
//
// Each replayed message writes what the writer thread reports for an ingested one
// (DOTHI_SQLITE_WRITE_STATS): the entity row with its document, one attr_values row per measure,
// one multi-row history insert, and the device's health row. History rows and the health upsert
// come from the same functions as on the server; the entity and value updates are the texts the
// entity repository runs (see the write statistics). Documents, attribute paths and devices are
// the ones in the database. As on the server, the writer's own fdatasync of the WAL makes each
// commit durable (its wait is I/O, not CPU) and checkpoints are PASSIVE, one every few commits
// (see ingest.bench.ts for the cadence that matches the server's checkpointer thread).
import { copyFileSync, existsSync, openSync, closeSync, fdatasyncSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { deviceRepo } from '../src/iot/registry-repo.js';
import { historyRowForBench, insertHistoryRows } from '../src/ngsi/temporal/index.js';
import type { SqlExecutor } from '../src/store/index.js';
import { openConnection, SqliteExecutor } from '../src/store/sqlite/sqlite-executor.js';

export interface ReplayResult {
  messages: number;
  messagesPerCommit: number;
  /** Statements and COMMITs, CPU per message. */
  writeCpuUsPerMessage: number;
  /** PASSIVE checkpoints, CPU per message. */
  checkpointCpuUsPerMessage: number;
  checkpointEvery: number;
  /** WAL frames (pages) written per commit. */
  walFramesPerCommit: number;
  /** Messages a second one core could store, with its checkpoints. */
  messagesPerCoreSecond: number;
}

type Statement = [string, unknown[]];

/** Collects the deferred statements of the real repository functions instead of running them. */
function recorder(out: Statement[]): SqlExecutor {
  const refuse = () => Promise.reject(new Error('the replay records deferred statements only'));
  return {
    all: refuse,
    get: refuse,
    run: refuse,
    insert: refuse,
    defer: async (sql, params = []) => {
      out.push([sql, [...params]]);
    },
  };
}

const cpuUs = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};

export interface ReplayOptions {
  /** The ingest benchmark's database, copied before the replay writes. */
  dbPath: string;
  tenant: string;
  /** The expanded attribute names each message updates. */
  attrs: string[];
  messages: number;
  messagesPerCommit: number;
  /** A PASSIVE checkpoint after every this many commits (1). */
  checkpointEvery?: number;
}

export async function replayIngestWrites(opts: ReplayOptions): Promise<ReplayResult> {
  const copy = `${opts.dbPath}.replay`;
  copyFileSync(opts.dbPath, copy);
  if (existsSync(`${opts.dbPath}-wal`)) copyFileSync(`${opts.dbPath}-wal`, `${copy}-wal`);
  const db = openConnection(copy);
  db.pragma('wal_autocheckpoint = 0');
  db.pragma('wal_checkpoint(TRUNCATE)');
  try {
    return await replay(db, copy, opts);
  } finally {
    db.close();
  }
}

async function replay(db: Database.Database, path: string, opts: ReplayOptions): Promise<ReplayResult> {
  const every = opts.checkpointEvery ?? 1;
  const entities = db
    .prepare('SELECT pk, id, doc FROM entities WHERE tenant = ? ORDER BY pk')
    .all(opts.tenant) as Array<{ pk: number; id: string; doc: string }>;
  const devices = db
    .prepare('SELECT device_id AS d, entity_name AS e FROM iot_devices WHERE tenant = ?')
    .all(opts.tenant) as Array<{ d: string; e: string }>;
  const deviceOf = new Map(devices.map((x) => [x.e, x.d]));
  const valueOf = db.prepare(
    'SELECT num FROM attr_values WHERE pk = ? AND path = ? AND str IS NULL AND num IS NOT NULL',
  );
  // The current number of each attribute, which the next update's row match names.
  const nums = entities.map((e) =>
    opts.attrs.map((a) => (valueOf.get(e.pk, a) as { num: number } | undefined)?.num ?? 0),
  );
  // As on the writer thread: statements prepared once, run through the store's executor.
  const writer = new SqliteExecutor(db);
  const begin = db.prepare('BEGIN IMMEDIATE');
  const commit = db.prepare('COMMIT');
  const wal = openSync(`${path}-wal`, 'r');
  let writeUs = 0;
  let checkpointUs = 0;
  let frames = 0;
  let commits = 0;
  let seq = 0;
  try {
    for (let done = 0; done < opts.messages; done += opts.messagesPerCommit) {
      // The statements of this commit are made before its clock starts.
      const batch: Statement[] = [];
      const now = new Date().toISOString();
      for (let m = 0; m < Math.min(opts.messagesPerCommit, opts.messages - done); m += 1) {
        const i = Math.floor(Math.random() * entities.length);
        const e = entities[i]!;
        batch.push(['UPDATE entities SET doc = ?, modified_at = ? WHERE pk = ?', [e.doc, now, e.pk]]);
        const rows: unknown[][] = [];
        opts.attrs.forEach((attr, k) => {
          const value = (seq += 1) + k / 10;
          batch.push([
            'UPDATE attr_values SET str = ?, num = ? WHERE pk = ? AND path = ? AND str IS NULL AND num = ?',
            [null, value, e.pk, attr, nums[i]![k]],
          ]);
          nums[i]![k] = value;
          rows.push(historyRowForBench(opts.tenant, e.id, attr, value, now));
        });
        const tx = recorder(batch);
        await insertHistoryRows(tx, rows, Date.parse(now));
        const device = deviceOf.get(e.id);
        if (device !== undefined)
          await deviceRepo.addHealth(tx, opts.tenant, device, { lastMeasure: now, measures: 3, errors: 0 });
      }
      const t0 = cpuUs();
      begin.run();
      for (const [sql, params] of batch) writer.runNow(sql, params);
      commit.run();
      fdatasyncSync(wal);
      writeUs += cpuUs() - t0;
      commits += 1;
      if (commits % every !== 0 && done + opts.messagesPerCommit < opts.messages) continue;
      const t2 = cpuUs();
      const [r] = db.pragma('wal_checkpoint(PASSIVE)') as Array<{ log: number }>;
      checkpointUs += cpuUs() - t2;
      frames += r!.log;
      // The checkpoint copied everything (no reader holds it back): the next commit starts the WAL over.
      db.pragma('wal_checkpoint(TRUNCATE)');
    }
  } finally {
    closeSync(wal);
  }
  const per = (us: number) => Math.round((us / opts.messages) * 10) / 10;
  return {
    messages: opts.messages,
    messagesPerCommit: opts.messagesPerCommit,
    checkpointEvery: every,
    writeCpuUsPerMessage: per(writeUs),
    checkpointCpuUsPerMessage: per(checkpointUs),
    walFramesPerCommit: Math.round(frames / commits),
    messagesPerCoreSecond: Math.round((opts.messages * 1e6) / (writeUs + checkpointUs)),
  };
}
