import { parentPort, workerData } from 'node:worker_threads';
import { WriteStatsCollector, type WriteStats } from '../write-stats.js';
import { openConnection, SqliteExecutor } from './sqlite-executor.js';
import { walSyncer } from './wal-sync.js';
import { threadError, type ThreadError } from './worker-threads.js';

// The writer thread (see write-pipeline.ts): runs the groups of statements it is sent, in the
// order sent; groups that arrive together share one transaction. It answers each group once it is
// durable (the WAL fsynced; one fsync covers every group committed before it starts). When a
// statement fails, the open transaction is undone, its groups and every later group of the same
// epoch are refused, since the main thread built them on what the failed group would have written,
// and the main thread runs their units again in ordinary transactions.

export interface WriteRequest {
  id: number;
  epoch: number;
  /** Numbering starts over with this group's texts. */
  reset: boolean;
  /** Statement texts first used by this group, numbered on from those already sent. */
  defined: string[];
  /** The group's statements, flat: statement number, parameter count, the parameters. */
  ops: unknown[];
}

/** Asks for the write statistics (answered with a StatsReply), or for them to start over. */
export interface StatsRequest {
  kind: 'stats' | 'reset-stats';
}

export type WriteReply =
  { id: number; ok: true } | { id: number; ok: false; retry: boolean; error: ThreadError };

/** The statistics, or undefined where they are not kept. */
export interface StatsReply {
  kind: 'stats';
  stats: WriteStats | undefined;
}

const { path, durable, walLimitBytes, keepStats } = workerData as {
  path: string;
  durable: boolean;
  walLimitBytes: number;
  keepStats: boolean;
};
/** Timing every statement costs two clock reads each: only when asked for. */
const stats = keepStats ? new WriteStatsCollector() : undefined;
const db = openConnection(path);
// As on the main writer connection (sqlite-store.ts): checkpoints run on their own thread.
db.pragma('wal_autocheckpoint = 0');
db.pragma(`journal_size_limit = ${walLimitBytes}`);
const writer = new SqliteExecutor(db);
const begin = db.prepare('BEGIN IMMEDIATE');
const commit = db.prepare('COMMIT');
const rollback = db.prepare('ROLLBACK');
const port = parentPort!;

/** Every statement text sent so far, by number (the executor keeps their prepared statements). */
const texts: string[] = [];
let failedEpoch = -1;
/** Groups committed and waiting for the next fsync. */
let waiting: number[] = [];
let syncing = false;
const wal = durable ? walSyncer(path) : undefined;

/**
 * fsyncs the WAL for every group committed so far, then answers them; meanwhile new groups run in
 * a transaction left open, committed when the fsync ends and fsynced next. So there is one commit
 * per fsync, however many groups arrive: a group waits for the next fsync after its commit
 * anyway, and each commit writes every page it changed to the WAL again.
 */
async function sync(): Promise<void> {
  if (syncing) return;
  syncing = true;
  while (waiting.length > 0) {
    const ids = waiting;
    waiting = [];
    let reply: (id: number) => WriteReply = (id) => ({ id, ok: true });
    try {
      if (wal !== undefined) {
        const t0 = stats === undefined ? 0 : performance.now();
        await wal.sync();
        stats?.sync(performance.now() - t0);
      }
    } catch (e) {
      // Committed but maybe not on disk: the units are told, and not run again.
      const error = threadError(e);
      reply = (id) => ({ id, ok: false, retry: false, error });
    }
    for (const id of ids) port.postMessage(reply(id));
    commitOpen();
  }
  syncing = false;
}

/** Groups run in the transaction still open, committed together (see sync). */
let open: number[] = [];
let openEpoch = -1;
let commitScheduled = false;

/** Refuses the groups of the open transaction, undone with a group that failed. */
function undoOpen(error: WriteReply & { ok: false }): void {
  if (db.inTransaction) rollback.run();
  failedEpoch = Math.max(failedEpoch, openEpoch);
  for (const id of open) port.postMessage({ ...error, id } satisfies WriteReply);
  open = [];
}

function runGroup(m: WriteRequest): void {
  if (m.reset) texts.length = 0;
  // Numbered before the group runs: a refused group's texts are still known to the main thread.
  for (const sql of m.defined) texts.push(sql);
  if (m.epoch <= failedEpoch) {
    const error = { message: 'an earlier group of statements failed', name: 'PipelineFailure' };
    port.postMessage({ id: m.id, ok: false, retry: true, error } satisfies WriteReply);
    return;
  }
  try {
    const ops = m.ops;
    if (ops.length > 0 && !db.inTransaction) begin.run();
    stats?.group();
    for (let i = 0; i < ops.length;) {
      const sql = texts[ops[i] as number]!;
      const n = ops[i + 1] as number;
      const t0 = stats === undefined ? 0 : performance.now();
      writer.runNow(sql, ops.slice(i + 2, i + 2 + n));
      // Optional chaining skips the clock read too when no statistics are kept.
      stats?.statement(sql, performance.now() - t0);
      i += 2 + n;
    }
  } catch (e) {
    openEpoch = Math.max(openEpoch, m.epoch);
    const error = threadError(e);
    undoOpen({
      id: 0,
      ok: false,
      retry: true,
      error: { ...error, message: `undone with a later group: ${error.message}` },
    });
    port.postMessage({ id: m.id, ok: false, retry: true, error } satisfies WriteReply);
    return;
  }
  open.push(m.id);
  openEpoch = Math.max(openEpoch, m.epoch);
  // Groups already waiting as messages join this transaction.
  scheduleCommit();
}

/** Commits the open transaction, unless an fsync is under way (sync commits it after). */
function commitOpen(): void {
  commitScheduled = false;
  if (open.length === 0) return;
  try {
    if (db.inTransaction) {
      const t0 = stats === undefined ? 0 : performance.now();
      commit.run();
      stats?.commit(performance.now() - t0);
    }
  } catch (e) {
    undoOpen({ id: 0, ok: false, retry: true, error: threadError(e) });
    return;
  }
  waiting.push(...open);
  open = [];
  void sync();
}

function scheduleCommit(): void {
  if (commitScheduled || syncing) return;
  commitScheduled = true;
  setImmediate(commitOpen);
}

port.on('message', (m: WriteRequest | StatsRequest | 'close') => {
  if (m !== 'close' && 'kind' in m) {
    if (m.kind === 'reset-stats') stats?.reset();
    else port.postMessage({ kind: 'stats', stats: stats?.snapshot() } satisfies StatsReply);
    return;
  }
  if (m !== 'close') return runGroup(m);
  void (async () => {
    while (syncing || commitScheduled) await new Promise((r) => setImmediate(r));
    await wal?.close();
    db.close();
    port.close();
  })();
});
