import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

// WAL checkpoints off the event loop. SQLite's automatic checkpoint runs inside the COMMIT that
// crosses the threshold, on the writer's thread: it copies the WAL into the database file and,
// with synchronous=NORMAL, fsyncs both files, stalling every request for milliseconds. Here the
// writer's automatic checkpoint is turned off and a worker thread with its own connection runs
// PASSIVE checkpoints (which never block the writer or the readers) a few times a second.

const workerCode = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path);
db.pragma('busy_timeout = 5000');
const checkpoint = () => { try { db.pragma('wal_checkpoint(PASSIVE)'); } catch { /* busy: next turn */ } };
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on('message', (m) => {
  if (m !== 'close') return;
  clearInterval(timer);
  checkpoint();
  db.close();
  parentPort.postMessage('closed');
});
`;

export interface Checkpointer {
  close(): Promise<void>;
}

export function startCheckpointer(path: string, intervalMs = 250): Checkpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(workerCode, { eval: true, workerData: { path, driver, intervalMs } });
  worker.unref();
  let failure: Error | undefined;
  worker.on('error', (err: Error) => (failure = err));
  return {
    close: () =>
      new Promise<void>((resolve, reject) => {
        if (failure !== undefined) return reject(failure);
        worker.once('message', () => void worker.terminate().then(() => resolve()));
        worker.once('exit', () => resolve());
        worker.postMessage('close');
      }),
  };
}
