import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Store } from '../store.js';
import { createReadPool } from './read-pool.js';
import { createSqliteStore } from './sqlite-store.js';

// Long reads run on worker threads with connections of their own (read-pool.ts). Seen from the
// caller they behave like the main read connection: every acknowledged write is seen, SQL errors
// come back with their code, and the connection has dothi's SQL functions.

const dir = mkdtempSync(join(tmpdir(), 'dothi-pool-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('sqlite read pool', () => {
  let store: Store & { close(): Promise<void> };
  before(async () => {
    store = createSqliteStore({ path: join(dir, 'pool.db'), synchronous: 'normal', readWorkers: 2 });
    await store.migrate();
  });
  after(() => store.close());

  it('sees every write as soon as it is acknowledged', async () => {
    for (let i = 0; i < 200; i++) {
      await store.write((tx) =>
        tx.run('INSERT INTO tenants (name, created_at) VALUES (?, ?)', [`t${i}`, 'now']),
      );
      const row = await store.scan.get<{ n: number }>(
        "SELECT COUNT(*) AS n FROM tenants WHERE name LIKE 't%'",
      );
      assert.equal(Number(row?.n), i + 1);
    }
  });

  it('answers concurrent reads each with its own rows', async () => {
    const answers = await Promise.all(
      Array.from({ length: 100 }, (_, i) => store.scan.all<{ x: number }>('SELECT ? * 2 AS x', [i])),
    );
    assert.deepEqual(
      answers.map((rows) => rows[0]?.x),
      Array.from({ length: 100 }, (_, i) => i * 2),
    );
  });

  it('has the SQL functions of the main connection, and binds booleans as 0 and 1', async () => {
    const row = await store.scan.get<{ re: number; t: number; f: number }>(
      "SELECT 'urn:ngsi-ld:Room:1' REGEXP '^urn:ngsi-ld:Room:' AS re, ? AS t, ? AS f",
      [true, false],
    );
    assert.deepEqual({ ...row }, { re: 1, t: 1, f: 0 });
  });

  it('rejects a bad statement with its SQLite error, and goes on answering', async () => {
    await assert.rejects(store.scan.all('SELECT * FROM no_such_table'), (err: Error & { code?: string }) => {
      assert.match(err.message, /no such table: no_such_table/);
      assert.equal(err.code, 'SQLITE_ERROR');
      return true;
    });
    assert.deepEqual(await store.scan.all('SELECT 1 AS one'), [{ one: 1 }]);
  });

  it('refuses writes', async () => {
    await assert.rejects(store.scan.run("DELETE FROM tenants WHERE name = 't0'"), /reads only/);
    await assert.rejects(
      store.scan.all("DELETE FROM tenants WHERE name = 't0' RETURNING name"),
      /readonly|read-only|query_only/i,
    );
    const row = await store.read.get<{ n: number }>("SELECT COUNT(*) AS n FROM tenants WHERE name = 't0'");
    assert.equal(Number(row?.n), 1);
  });

  it('rejects reads once closed', async () => {
    const pool = createReadPool(join(dir, 'pool.db'), 1);
    assert.deepEqual(await pool.all('SELECT 2 AS two'), [{ two: 2 }]);
    await pool.close();
    await assert.rejects(pool.all('SELECT 2 AS two'), /closed/);
  });
});
