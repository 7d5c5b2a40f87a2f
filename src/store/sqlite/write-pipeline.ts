import { Worker } from 'node:worker_threads';
import { PipelineFailure, type DeferredStatement, type PipelineDriver } from '../group-commit.js';
import type { SqlExecutor } from '../store.js';
import type { WriteStats, WriteStatsSource } from '../write-stats.js';
import type { StatsReply, StatsRequest, WriteReply, WriteRequest } from './write-worker.js';
import { workerSource } from './worker-threads.js';

// SQLite writes off the event loop. better-sqlite3 runs every statement on the calling thread, so
// on the main thread the SQL of a write (a third of an attribute update's time, with its index
// rows, history, outbox and audit rows) and its COMMIT hold up every other request. Units of
// work whose writes need no answer from SQLite (GroupCommitter, PipelineScope) leave them as a
// list of statements, and this pipeline runs the lists on a writer thread (write-worker.ts), in
// order, those that arrive together in one transaction, while the main thread goes on with the
// next batch.

export interface WritePipeline extends PipelineDriver, WriteStatsSource {
  /** Resolves once every group sent so far is answered: the writer thread has no transaction open. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

interface Pending {
  resolve(): void;
  reject(err: Error): void;
}

export function createWritePipeline(opts: {
  path: string;
  /** Reads of the committed state: the store's read connection. */
  committed: SqlExecutor;
  /** fsync the WAL before a group is acknowledged (synchronous = full). */
  durable: boolean;
  walLimitBytes: number;
  /** Time every statement, commit and fsync (write-stats.ts); false by default. */
  keepStats?: boolean;
}): WritePipeline {
  const worker = new Worker(workerSource('write-worker'), {
    eval: true,
    workerData: {
      path: opts.path,
      durable: opts.durable,
      walLimitBytes: opts.walLimitBytes,
      keepStats: opts.keepStats ?? false,
    },
  });
  // Idle, the writer does not keep the process alive; a group in flight does.
  worker.unref();
  const pending = new Map<number, Pending>();
  let nextId = 0;
  // Each statement's text crosses to the writer once: after that, groups name it by number. A
  // group is one flat array ([statement, parameter count, ...parameters]*), which the structured
  // clone copies far faster than an array per statement with its SQL text.
  const statementIds = new Map<string, number>();
  let dead: Error | undefined;
  let idleWaiters: Array<() => void> = [];
  const wakeIdle = () => {
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const w of waiters) w();
  };

  /** Who waits for the statistics, answered in the order asked. */
  const statsWaiters: Array<(s: WriteStats | undefined) => void> = [];
  const fail = (err: Error) => {
    dead ??= err;
    for (const p of pending.values()) p.reject(new PipelineFailure(err.message, false));
    pending.clear();
    for (const w of statsWaiters.splice(0)) w(undefined);
    wakeIdle();
  };
  worker.on('message', (m: WriteReply | StatsReply) => {
    if ('kind' in m) {
      statsWaiters.shift()?.(m.stats);
      if (pending.size === 0 && statsWaiters.length === 0) worker.unref();
      return;
    }
    const p = pending.get(m.id);
    if (p === undefined) return;
    pending.delete(m.id);
    if (m.ok) p.resolve();
    else {
      const err = new PipelineFailure(m.error.message, m.retry);
      if (m.error.code !== undefined) Object.assign(err, { code: m.error.code });
      p.reject(err);
    }
    if (pending.size === 0) {
      if (statsWaiters.length === 0) worker.unref();
      wakeIdle();
    }
  });
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`the SQLite writer thread exited with code ${code}`)));

  return {
    committed: opts.committed,
    up: () => dead === undefined,
    run: (statements: DeferredStatement[], epoch: number) =>
      new Promise<void>((resolve, reject) => {
        if (dead !== undefined) return reject(new PipelineFailure(dead.message, false));
        const id = ++nextId;
        if (pending.size === 0) worker.ref();
        pending.set(id, { resolve, reject });
        // Texts that vary (multi-row inserts of every size) are bounded, but numbered anew now and then.
        const reset = statementIds.size > 5000;
        if (reset) statementIds.clear();
        const defined: string[] = [];
        const ops: unknown[] = [];
        for (const [sql, params] of statements) {
          let n = statementIds.get(sql);
          if (n === undefined) {
            n = statementIds.size;
            statementIds.set(sql, n);
            defined.push(sql);
          }
          ops.push(n, params.length);
          for (let i = 0; i < params.length; i++) ops.push(params[i]);
        }
        worker.postMessage({ id, epoch, reset, defined, ops } satisfies WriteRequest);
      }),
    writeStats: () =>
      dead !== undefined
        ? Promise.resolve(undefined)
        : new Promise<WriteStats | undefined>((resolve) => {
            worker.ref();
            statsWaiters.push(resolve);
            worker.postMessage({ kind: 'stats' } satisfies StatsRequest);
          }),
    resetWriteStats: async () => {
      if (dead === undefined) worker.postMessage({ kind: 'reset-stats' } satisfies StatsRequest);
    },
    idle: () =>
      pending.size === 0 ? Promise.resolve() : new Promise<void>((resolve) => idleWaiters.push(resolve)),
    close: async () => {
      if (dead !== undefined) return;
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      worker.postMessage('close');
      await exited;
    },
  };
}
