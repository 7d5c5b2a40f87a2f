// The yardstick that issue 2 gives for entity creates, measured in the same run as dothi: a bare
// Fastify server that stores each POSTed JSON body in one SQLite table (better-sqlite3, WAL),
// commits the requests of one turn of the event loop together and answers 201 once the WAL is
// fsynced, as dothi acknowledges a write. Nothing else: no validation, JSON-LD, indexes, history,
// notifications or audit. Run as `node --import tsx bench/bare-insert-server.ts <port> <db path>`.
import { open } from 'node:fs/promises';
import Database from 'better-sqlite3';
import Fastify from 'fastify';

const [port, path] = process.argv.slice(2) as [string, string];
const db = new Database(path);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.exec(
  'CREATE TABLE IF NOT EXISTS docs (pk INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, doc TEXT NOT NULL)',
);
const insert = db.prepare('INSERT INTO docs (id, doc) VALUES (?, ?)');
const wal = await open(`${path}-wal`, 'r');

interface Pending {
  id: string;
  doc: string;
  done(status: number): void;
}
let queue: Pending[] = [];
let scheduled = false;

function flush(): void {
  scheduled = false;
  const batch = queue;
  queue = [];
  const statuses = db.transaction(() =>
    batch.map((p) => {
      try {
        insert.run(p.id, p.doc);
        return 201;
      } catch {
        return 409;
      }
    }),
  )();
  // One fdatasync covers every commit made before it starts.
  void wal.datasync().then(() => batch.forEach((p, i) => p.done(statuses[i]!)));
}

const app = Fastify();
app.post('/ngsi-ld/v1/entities', (req, reply) => {
  const body = req.body as { id?: unknown };
  if (typeof body?.id !== 'string') return reply.code(400).send();
  return new Promise<void>((resolve) => {
    queue.push({
      id: body.id as string,
      doc: JSON.stringify(body),
      done: (status) => {
        void reply
          .code(status)
          .header('location', `/ngsi-ld/v1/entities/${body.id as string}`)
          .send();
        resolve();
      },
    });
    if (!scheduled) {
      scheduled = true;
      setImmediate(flush);
    }
  });
});
app.get('/', () => ({ ok: true }));
await app.listen({ port: Number(port), host: '127.0.0.1' });
