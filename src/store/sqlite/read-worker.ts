import { parentPort, workerData } from 'node:worker_threads';
import { openConnection, SqliteExecutor } from './sqlite-executor.js';
import { threadError, type ThreadError } from './worker-threads.js';

// A read connection on a thread of its own (see read-pool.ts): answers {id, method, sql, params}
// with {id, rows} or {id, error}, through the same executor as the main connections.

export interface ReadRequest {
  id: number;
  method: 'all' | 'get';
  sql: string;
  params: readonly unknown[];
}

export type ReadReply = { id: number; rows: unknown } | { id: number; error: ThreadError };

const { path } = workerData as { path: string };
const db = openConnection(path);
db.pragma('query_only = ON');
const reader = new SqliteExecutor(db);

const port = parentPort!;
port.on('message', async (m: ReadRequest | 'close') => {
  if (m === 'close') {
    db.close();
    port.close();
    return;
  }
  let reply: ReadReply;
  try {
    reply = { id: m.id, rows: await reader[m.method](m.sql, m.params) };
  } catch (e) {
    reply = { id: m.id, error: threadError(e) };
  }
  port.postMessage(reply);
});
