import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

// WAL checkpoints off the event loop. SQLite's automatic checkpoint runs inside the COMMIT that
// crosses the threshold, on the writer's thread: it copies the WAL into the database file and,
// with synchronous=NORMAL, fsyncs both files, stalling every request for milliseconds. Here the
// writer's automatic checkpoint is turned off and a worker thread with its own connection runs
// PASSIVE checkpoints (which never block the writer or the readers) a few times a second.
//
// A PASSIVE checkpoint copies the frames that were in the WAL when it began. Under a steady write
// load new frames arrive meanwhile, so it never finds the WAL wholly copied, and SQLite starts the
// WAL over only at a write that finds it so: the file would grow without end (gigabytes in
// minutes), and every page read would search a longer WAL index. So each checkpoint reports how
// far it got, and once the WAL is past its limit the writer holds the next transaction until a
// checkpoint begun after the hold has copied everything (`caughtUp`): with no commit between
// that checkpoint and the next transaction, the transaction starts the WAL over.

const workerCode = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path);
db.pragma('busy_timeout = 5000');
const checkpoint = (request) => {
  try {
    const [r] = db.pragma('wal_checkpoint(PASSIVE)');
    parentPort.postMessage({ kind: 'checkpointed', request, log: r.log, checkpointed: r.checkpointed });
  } catch {
    if (request !== undefined) parentPort.postMessage({ kind: 'busy', request });
  }
};
let timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on('message', (m) => {
  if (typeof m === 'object' && m.kind === 'now') {
    // The writer starts the WAL over at its next commit, unless a checkpoint holds the WAL's read
    // locks at that moment: the next periodic one comes a whole interval later.
    clearInterval(timer);
    checkpoint(m.request);
    timer = setInterval(checkpoint, workerData.intervalMs);
    return;
  }
  if (m !== 'close') return;
  clearInterval(timer);
  checkpoint();
  db.close();
  parentPort.postMessage({ kind: 'closed' });
});
`;

/** What the last checkpoint found: frames in the WAL, and how many of them are in the database file. */
export interface WalState {
  log: number;
  checkpointed: number;
}

export interface Checkpointer {
  /** The WAL as the last checkpoint left it. */
  readonly state: WalState;
  /**
   * Runs a checkpoint now and resolves once one begun after this call has copied every frame of
   * the WAL into the database file, or after `maxWaitMs` (1 s; then at once for 30 s). The caller
   * writes nothing meanwhile, so that the checkpoint catches up and the next write starts the WAL
   * over.
   */
  caughtUp(maxWaitMs?: number): Promise<void>;
  close(): Promise<void>;
}

const HOLD_OFF_MS = 30_000;

export function startCheckpointer(path: string, intervalMs = 250): Checkpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(workerCode, { eval: true, workerData: { path, driver, intervalMs } });
  worker.unref();
  let failure: Error | undefined;
  let state: WalState = { log: 0, checkpointed: 0 };
  /** The writer's pending request for a checkpoint, and who waits for it to copy everything. */
  let request = 0;
  /** Until when writes do not wait, after a wait that timed out. */
  let holdOffUntil = 0;
  let waiters: Array<() => void> = [];
  const release = () => {
    const ready = waiters;
    waiters = [];
    for (const w of ready) w();
  };
  const ask = () => worker.postMessage({ kind: 'now', request: ++request });
  worker.on('error', (err: Error) => {
    failure = err;
    release();
  });
  worker.on('message', (m: { kind: string; request?: number } & Partial<WalState>) => {
    if (m.kind === 'checkpointed') state = { log: m.log!, checkpointed: m.checkpointed! };
    else if (m.kind !== 'busy') return;
    if (m.request !== request || waiters.length === 0) return;
    if (m.kind === 'checkpointed' && state.log === state.checkpointed) {
      // The next write starts the WAL over; the next report says whether it did.
      state = { log: 0, checkpointed: 0 };
      release();
    }
    // A reader still on an older snapshot keeps frames from being copied: ask again shortly.
    else setTimeout(ask, 5).unref();
  });
  return {
    get state() {
      return state;
    },
    caughtUp: (maxWaitMs = 1000) => {
      if (failure !== undefined || Date.now() < holdOffUntil) return Promise.resolve();
      return new Promise<void>((resolve) => {
        // A long-lived reader elsewhere (a backup, another process) can keep frames from being
        // copied for good: the writer waits a bounded time, then does not wait again for a while.
        const timer = setTimeout(() => {
          holdOffUntil = Date.now() + HOLD_OFF_MS;
          release();
        }, maxWaitMs);
        timer.unref();
        waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
        if (waiters.length === 1) ask();
      });
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        release();
        if (failure !== undefined) return reject(failure);
        worker.on('message', (m: { kind: string }) => {
          if (m.kind === 'closed') void worker.terminate().then(() => resolve());
        });
        worker.once('exit', () => resolve());
        worker.postMessage('close');
      }),
  };
}
