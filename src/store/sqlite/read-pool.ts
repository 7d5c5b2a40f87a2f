import { Worker } from 'node:worker_threads';
import type { RunResult, SqlExecutor } from '../store.js';
import type { ReadReply, ReadRequest } from './read-worker.js';
import { workerSource } from './worker-threads.js';

// Long reads off the event loop. better-sqlite3 runs a statement on the calling thread, so a
// filtered query over many rows (hundreds of microseconds of SQLite work) holds every other
// request up meanwhile. The pool runs such reads on worker threads, each with its own read
// connection (read-worker.ts), while the main thread goes on with HTTP, parsing and rendering.
// A worker's statement reads the last commit, like the main read connection: a write that has
// been acknowledged is seen. Short reads (an entity by id) stay on the main connection, where a
// message round trip would cost more than the read itself.

interface Pending {
  resolve(rows: unknown): void;
  reject(err: Error): void;
}

interface Slot {
  worker: Worker;
  pending: Map<number, Pending>;
}

export interface ReadPool extends SqlExecutor {
  close(): Promise<void>;
}

export function createReadPool(path: string, size: number): ReadPool {
  const source = workerSource('read-worker');
  let nextId = 0;
  let closed = false;
  const slots: Array<Slot | undefined> = Array.from({ length: size }, () => undefined);

  const start = (index: number): Slot => {
    const worker = new Worker(source, { eval: true, workerData: { path } });
    // An idle pool does not keep the process alive; a pending read does (see send).
    worker.unref();
    const slot: Slot = { worker, pending: new Map() };
    const fail = (err: Error) => {
      if (slots[index] === slot) slots[index] = undefined;
      for (const p of slot.pending.values()) p.reject(err);
      slot.pending.clear();
    };
    worker.on('message', (m: ReadReply) => {
      const p = slot.pending.get(m.id);
      if (p === undefined) return;
      slot.pending.delete(m.id);
      if (slot.pending.size === 0) worker.unref();
      if ('error' in m) {
        const err = Object.assign(
          new Error(m.error.message),
          m.error.code === undefined ? {} : { code: m.error.code },
        );
        err.name = m.error.name;
        p.reject(err);
      } else p.resolve(m.rows);
    });
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`read worker exited with code ${code}`)));
    slots[index] = slot;
    return slot;
  };

  /** The worker with the fewest reads in flight; one that died is started again. */
  const pick = (): Slot => {
    let best: Slot | undefined;
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i] ?? start(i);
      if (best === undefined || slot.pending.size < best.pending.size) best = slot;
      if (best.pending.size === 0) break;
    }
    return best!;
  };

  const send = (method: ReadRequest['method'], sql: string, params: readonly unknown[]) =>
    new Promise<unknown>((resolve, reject) => {
      if (closed) return reject(new Error('the store is closed'));
      const slot = pick();
      const id = ++nextId;
      if (slot.pending.size === 0) slot.worker.ref();
      slot.pending.set(id, { resolve, reject });
      const request: ReadRequest = { id, method, sql, params };
      slot.worker.postMessage(request);
    });

  const readOnly = (): never => {
    throw new Error('the read pool runs reads only');
  };

  return {
    all: async <T>(sql: string, params: readonly unknown[] = []) => (await send('all', sql, params)) as T[],
    get: async <T>(sql: string, params: readonly unknown[] = []) =>
      (await send('get', sql, params)) as T | undefined,
    run: async (): Promise<RunResult> => readOnly(),
    insert: async (): Promise<number> => readOnly(),
    defer: async (): Promise<void> => readOnly(),
    close: async () => {
      closed = true;
      await Promise.all(
        slots.map(async (slot) => {
          if (slot === undefined) return;
          slot.worker.postMessage('close');
          await new Promise<void>((resolve) => {
            slot.worker.once('exit', () => resolve());
          });
        }),
      );
    },
  };
}
