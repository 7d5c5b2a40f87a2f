import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { registerFunctions } from './functions.js';
import { registerGeoFunctions } from './geo-functions.js';

// A read connection on a thread of its own (see read-pool.ts): answers {id, method, sql, params}
// with {id, rows} or {id, error}. Statements are prepared once per SQL text.

export interface ReadRequest {
  id: number;
  method: 'all' | 'get';
  sql: string;
  params: unknown[];
}

export type ReadReply =
  { id: number; rows: unknown } | { id: number; error: { message: string; code?: string; name: string } };

const { path } = workerData as { path: string };
const db = new Database(path, { fileMustExist: true });
db.pragma('busy_timeout = 5000');
db.pragma('cache_size = -65536');
db.pragma('mmap_size = 4294967296');
db.pragma('temp_store = MEMORY');
db.pragma('query_only = ON');
registerFunctions(db);
registerGeoFunctions(db);

const statements = new Map<string, Database.Statement>();
function prepare(sql: string): Database.Statement {
  let stmt = statements.get(sql);
  if (stmt === undefined) {
    stmt = db.prepare(sql);
    if (statements.size > 2000) statements.clear();
    statements.set(sql, stmt);
  }
  return stmt;
}

const port = parentPort!;
port.on('message', (m: ReadRequest | 'close') => {
  if (m === 'close') {
    db.close();
    port.close();
    return;
  }
  let reply: ReadReply;
  try {
    const stmt = prepare(m.sql);
    reply = { id: m.id, rows: m.method === 'all' ? stmt.all(m.params) : stmt.get(m.params) };
  } catch (e) {
    const err = e as Error & { code?: unknown };
    reply = {
      id: m.id,
      error: {
        message: err.message,
        name: err.name,
        ...(typeof err.code === 'string' ? { code: err.code } : {}),
      },
    };
  }
  port.postMessage(reply);
});
