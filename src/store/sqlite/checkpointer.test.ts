import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { waitFor } from '../../../test/support/index.js';
import { createSqliteStore } from './sqlite-store.js';

// The writer never checkpoints on commit; the background worker moves committed frames from the
// WAL into the database file. Seen from outside: a copy of the database file alone, without its
// WAL, holds the rows some time after they were committed.

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
});
