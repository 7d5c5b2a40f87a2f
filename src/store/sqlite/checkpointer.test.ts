import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { waitFor } from '../../../test/support/index.js';
import { startCheckpointer } from './checkpointer.js';
import { createSqliteStore } from './sqlite-store.js';

// The writer never checkpoints on commit; the background worker moves committed frames from the
// WAL into the database file. Seen from outside: a copy of the database file alone, without its
// WAL, holds the rows some time after they were committed; and a long series of writes leaves a
// WAL near its limit, not one as large as everything written.

const dir = mkdtempSync(join(tmpdir(), 'dothi-ckpt-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function rowsInMainFile(path: string): number {
  const copy = join(dir, `copy-${Date.now()}.db`);
  copyFileSync(path, copy);
  const db = new Database(copy, { readonly: true });
  try {
    const table = db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'tenants'").get();
    return table === undefined
      ? 0
      : (db.prepare('SELECT COUNT(*) AS n FROM tenants').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

describe('sqlite background checkpoints', () => {
  it('turns automatic checkpoints off on the writer and copies the WAL into the database file in the background', async () => {
    const path = join(dir, 'dothi.db');
    const store = createSqliteStore({ path, synchronous: 'normal' });
    await store.migrate();
    await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        store.write((tx) => tx.run('INSERT INTO tenants (name, created_at) VALUES (?, ?)', [`t${i}`, 'x'])),
      ),
    );
    await waitFor('the rows in the database file', () => rowsInMainFile(path) === 200, 20_000, 50);
    assert.equal(rowsInMainFile(path), 200);
    await store.close();
  });

  it('keeps the WAL near its limit under a long series of writes, every write kept', async () => {
    const path = join(dir, 'bounded.db');
    const store = createSqliteStore({
      path,
      synchronous: 'normal',
      walLimitBytes: 256 * 1024,
      checkpointIntervalMs: 50,
      // A busy machine can make a catch-up slow; a hold that timed out would stop holding for 30 s.
      walHoldMaxMs: 60_000,
    });
    try {
      await store.migrate();
      const payload = 'x'.repeat(4000);
      let written = 0;
      for (let round = 0; round < 900; round++) {
        await Promise.all(
          Array.from({ length: 8 }, (_, i) =>
            store.write((tx) =>
              tx.run('INSERT INTO tenants (name, created_at) VALUES (?, ?)', [`r${round}-${i}`, payload]),
            ),
          ),
        );
        written += 8 * payload.length;
      }
      const wal = statSync(`${path}-wal`).size;
      // Without the limit the WAL holds at least every byte written (28.8 MB here).
      assert.ok(wal < written / 2, `WAL of ${wal} bytes after ${written} bytes written`);
      const row = await store.read.get<{ n: number }>(
        "SELECT COUNT(*) AS n FROM tenants WHERE name LIKE 'r%'",
      );
      assert.equal(Number(row?.n), 7200);
    } finally {
      await store.close();
    }
  });

  it('starts the WAL over under writes that never pause, the writer thread never idle', async () => {
    const path = join(dir, 'steady.db');
    const store = createSqliteStore({
      path,
      walLimitBytes: 256 * 1024,
      checkpointIntervalMs: 50,
      walHoldMaxMs: 60_000,
    });
    try {
      await store.migrate();
      const payload = 'x'.repeat(4000);
      // Units of work submitted a few at a time, every turn of the event loop, up to 256 not yet
      // durable: groups keep reaching the writer thread while it syncs, so its transactions
      // follow one another without a pause.
      const turn = () => new Promise((r) => setImmediate(r));
      const units: Array<Promise<unknown>> = [];
      let open = 0;
      for (let k = 0; k < 14_400; k++) {
        while (open >= 256) await turn();
        open++;
        units.push(
          store
            .write((tx) => tx.run('INSERT INTO tenants (name, created_at) VALUES (?, ?)', [`s${k}`, payload]))
            .finally(() => open--),
        );
        if (k % 16 === 15) await turn();
      }
      await Promise.all(units);
      const wal = statSync(`${path}-wal`).size;
      const written = 14_400 * payload.length;
      assert.ok(wal < written / 4, `WAL of ${wal} bytes after ${written} bytes written`);
      const row = await store.read.get<{ n: number }>(
        "SELECT COUNT(*) AS n FROM tenants WHERE name LIKE 's%'",
      );
      assert.equal(Number(row?.n), 14_400);
    } finally {
      await store.close();
    }
  });

  it('lets writes go on when a reader elsewhere keeps the WAL from being copied', async () => {
    const path = join(dir, 'held.db');
    const writer = new Database(path);
    writer.pragma('journal_mode = WAL');
    writer.pragma('wal_autocheckpoint = 0');
    writer.exec('CREATE TABLE t (x TEXT)');
    const insert = writer.prepare('INSERT INTO t (x) VALUES (?)');
    insert.run('before');
    // A reader on the snapshot of now: frames written after it cannot be copied while it lasts.
    const reader = new Database(path);
    reader.exec('BEGIN');
    reader.prepare('SELECT COUNT(*) FROM t').get();
    insert.run('after');
    const checkpointer = startCheckpointer(path, 20);
    try {
      await waitFor('a first checkpoint', () => checkpointer.state.log > 0, 20_000, 10);
      await checkpointer.caughtUp(200);
      assert.ok(checkpointer.state.checkpointed < checkpointer.state.log, 'the held frames stay in the WAL');
      // Having waited once in vain, the writer does not wait again for a while.
      const next = await Promise.race([
        checkpointer.caughtUp(200).then(() => 'at once'),
        new Promise((r) => setImmediate(() => r('waiting'))),
      ]);
      assert.equal(next, 'at once');
    } finally {
      reader.exec('COMMIT');
      reader.close();
      await checkpointer.close();
      writer.close();
    }
  });
});
