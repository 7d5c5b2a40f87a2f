import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { makeStore, storeNames } from '../../test/support/index.js';
import { LIMIT_PARAM, type Store } from './index.js';

for (const name of storeNames()) {
  describe(`store contract (${name})`, () => {
    let store: Store & { dispose(): Promise<void> };
    before(async () => {
      store = await makeStore(name);
    });
    after(async () => store.dispose());

    it('commits concurrent writes in one group and reads them back', async () => {
      const writes = Array.from({ length: 50 }, (_, i) =>
        store.write((tx) =>
          tx.run('INSERT INTO tenants (name, created_at) VALUES (?, ?)', [`t${i}`, new Date().toISOString()]),
        ),
      );
      await Promise.all(writes);
      const row = await store.read.get<{ n: number }>('SELECT COUNT(*) AS n FROM tenants');
      assert.equal(Number(row?.n), 50);
    });

    it('rolls back a failing unit of work alone, keeping its neighbours', async () => {
      const ok1 = store.write((tx) =>
        tx.run('INSERT INTO tenants (name, created_at) VALUES (?, ?)', ['a1', 'x']),
      );
      const bad = store.write(async (tx) => {
        await tx.run('INSERT INTO tenants (name, created_at) VALUES (?, ?)', ['b1', 'x']);
        throw new Error('boom');
      });
      const ok2 = store.write((tx) =>
        tx.run('INSERT INTO tenants (name, created_at) VALUES (?, ?)', ['a2', 'x']),
      );
      await ok1;
      await assert.rejects(bad, /boom/);
      await ok2;
      const names = (
        await store.read.all<{ name: string }>(
          "SELECT name FROM tenants WHERE name IN ('a1','a2','b1') ORDER BY name",
        )
      ).map((r) => r.name);
      assert.deepEqual(names, ['a1', 'a2']);
    });

    it('tells each unit of work how it ended: committed with its neighbours, or undone alone', async () => {
      const seen: string[] = [];
      const unit = (name: string, fail: boolean) =>
        store.write(async (tx) => {
          await tx.run('INSERT INTO tenants (name, created_at) VALUES (?, ?)', [name, 'x']);
          tx.afterOutcome!((committed) => seen.push(`${name}:${committed}`));
          if (fail) throw new Error(`${name} fails`);
        });
      // Submitted in one turn, so grouped: the failure makes the group run again with savepoints.
      const results = await Promise.allSettled([unit('h1', false), unit('h2', true), unit('h3', false)]);
      assert.deepEqual(
        results.map((r) => r.status),
        ['fulfilled', 'rejected', 'fulfilled'],
      );
      // First try: all three undone together (h2 failed before h3 ran); then h2 alone undone, and
      // h1 and h3 committed, in their order.
      assert.deepEqual(seen, ['h1:false', 'h2:false', 'h2:false', 'h1:true', 'h3:true']);
      const hook = store.read.afterOutcome;
      assert.equal(hook, undefined, 'reads have no outcome');
    });

    it('pages with a bound LIMIT_PARAM and OFFSET, in order, on every read executor', async () => {
      const sql = `SELECT name FROM tenants WHERE name LIKE 'p%' ORDER BY name LIMIT ${LIMIT_PARAM} OFFSET ?`;
      await store.write(async (tx) => {
        for (let i = 0; i < 7; i++)
          await tx.run('INSERT INTO tenants (name, created_at) VALUES (?, ?)', [`p${i}`, 'x']);
      });
      for (const db of [store.read, store.scan]) {
        const pages = [];
        for (const offset of [0, 3, 6])
          pages.push((await db.all<{ name: string }>(sql, [3, offset])).map((r) => r.name));
        assert.deepEqual(pages, [['p0', 'p1', 'p2'], ['p3', 'p4', 'p5'], ['p6']]);
      }
    });

    it('migrating twice is harmless', async () => {
      await store.migrate();
      const row = await store.read.get<{ n: number }>('SELECT COUNT(*) AS n FROM schema_migrations');
      assert.ok(Number(row?.n) >= 1);
    });
  });
}

describe('SQLite durability', () => {
  it('acknowledges writes only after the WAL is synced, and keeps them across a reopen', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { createSqliteStore } = await import('./index.js');
    const dir = mkdtempSync(join(tmpdir(), 'dothi-durable-'));
    const path = join(dir, 'd.db');
    const store = createSqliteStore({ path, synchronous: 'full' });
    await store.migrate();
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        store.write((tx) => tx.run('INSERT INTO tenants (name, created_at) VALUES (?, ?)', [`d${i}`, 'x'])),
      ),
    );
    await store.close();
    const again = createSqliteStore({ path, synchronous: 'full' });
    const row = await again.read.get<{ n: number }>('SELECT COUNT(*) AS n FROM tenants');
    assert.equal(Number(row?.n), 20);
    await again.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
