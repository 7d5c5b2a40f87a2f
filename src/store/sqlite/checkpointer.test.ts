import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { waitFor } from '../../../test/support/index.js';
import type { Store } from '../store.js';
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

  /** A store whose WAL limit is 256 KiB, checkpointed every 50 ms. */
  const smallWal = (name: string, synchronous?: 'normal') => {
    const path = join(dir, name);
    const store = createSqliteStore({
      path,
      ...(synchronous === undefined ? {} : { synchronous }),
      walLimitBytes: 256 * 1024,
      checkpointIntervalMs: 50,
      // A busy machine can make a catch-up slow; a hold that timed out would stop holding for 30 s.
      walHoldMaxMs: 60_000,
    });
    return { path, store };
  };
  const payload = 'x'.repeat(4000);
  const insert = (store: Store, name: string) =>
    store.write((tx) => tx.run('INSERT INTO tenants (name, created_at) VALUES (?, ?)', [name, payload]));

  /** Every row written is there, and the WAL holds less than `share` of the bytes written. */
  async function assertKeptAndBounded(
    store: Store,
    path: string,
    prefix: string,
    rows: number,
    share: number,
  ) {
    const wal = statSync(`${path}-wal`).size;
    const written = rows * payload.length;
    // Without the limit the WAL holds at least every byte written.
    assert.ok(wal < written * share, `WAL of ${wal} bytes after ${written} bytes written`);
    const row = await store.read.get<{ n: number }>('SELECT COUNT(*) AS n FROM tenants WHERE name LIKE ?', [
      `${prefix}%`,
    ]);
    assert.equal(Number(row?.n), rows);
  }

  it('keeps the WAL near its limit under a long series of writes, every write kept', async () => {
    const { path, store } = smallWal('bounded.db', 'normal');
    try {
      await store.migrate();
      for (let round = 0; round < 900; round++) {
        await Promise.all(Array.from({ length: 8 }, (_, i) => insert(store, `r${round}-${i}`)));
      }
      await assertKeptAndBounded(store, path, 'r', 7200, 1 / 2);
    } finally {
      await store.close();
    }
  });

  it('starts the WAL over under writes that never pause, the writer thread never idle', async () => {
    const { path, store } = smallWal('steady.db');
    try {
      await store.migrate();
      // Units of work submitted a few at a time, every turn of the event loop, up to 256 not yet
      // durable: groups keep reaching the writer thread while it syncs, so its transactions
      // follow one another without a pause.
      const turn = () => new Promise((r) => setImmediate(r));
      const units: Array<Promise<unknown>> = [];
      let open = 0;
      for (let k = 0; k < 14_400; k++) {
        while (open >= 256) await turn();
        open++;
        units.push(insert(store, `s${k}`).finally(() => open--));
        if (k % 16 === 15) await turn();
      }
      await Promise.all(units);
      await assertKeptAndBounded(store, path, 's', 14_400, 1 / 4);
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
