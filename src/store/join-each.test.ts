// Contract suite of the joinEach query hook: a table read once per row of a small outer
// relation gives the same rows on every backend, grouped or not.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { makeStore, storeNames } from '../../test/support/index.js';
import type { Store } from './index.js';

const outer =
  'WITH o(n, id, lo, hi) AS (VALUES (CAST(? AS INTEGER), CAST(? AS TEXT), CAST(? AS INTEGER), CAST(? AS INTEGER)), (?, ?, ?, ?), (?, ?, ?, ?)) ';
// Row 0: a's readings 1-2; row 1: b's readings 0-9; row 2: c, which has none.
const params = [0, 'a', 1, 3, 1, 'b', 0, 10, 2, 'c', 0, 10];

for (const name of storeNames()) {
  describe(`joinEach query hook (${name})`, () => {
    let store: Store & { dispose(): Promise<void> };
    before(async () => {
      store = await makeStore(name);
      await store.write(async (tx) => {
        await tx.run('CREATE TABLE readings (id TEXT NOT NULL, at INTEGER NOT NULL, v DOUBLE PRECISION)');
        await tx.run('CREATE INDEX readings_id_at ON readings (id, at)');
        for (const [id, at, v] of [
          ['a', 0, 10],
          ['a', 1, 1.5],
          ['a', 2, 2.5],
          ['b', 5, -1],
          ['b', 7, null],
        ])
          await tx.run('INSERT INTO readings (id, at, v) VALUES (?, ?, ?)', [id, at, v]);
      });
    });
    after(async () => store.dispose());

    const each = (grouped: boolean, columns: Array<[string, string]>) =>
      store.dialect.query.joinEach({
        outer: 'o',
        keys: [['k', 'n']],
        table: 'readings r',
        where: 'r.id = o.id AND r.at >= o.lo AND r.at < o.hi',
        columns,
        grouped,
      });

    it('aggregates the matching rows of each outer row, and leaves out outer rows without any', async () => {
      const sql = each(true, [
        ['cnt', 'COUNT(*)'],
        ['total', 'SUM(r.v)'],
      ]);
      const rows = await store.read.all<{ k: number; cnt: number; total: number }>(`${outer}${sql}`, params);
      assert.deepEqual(rows.map((r) => [r.k, Number(r.cnt), r.total]).sort(), [
        [0, 2, 4],
        [1, 2, -1],
      ]);
    });

    it('gives every matching row with the key of its outer row', async () => {
      const sql = each(false, [
        ['at', 'r.at'],
        ['v', 'r.v'],
      ]);
      const rows = await store.read.all<{ k: number; at: number; v: number | null }>(
        `${outer}${sql}`,
        params,
      );
      assert.deepEqual(rows.map((r) => [r.k, r.at, r.v]).sort(), [
        [0, 1, 1.5],
        [0, 2, 2.5],
        [1, 5, -1],
        [1, 7, null],
      ]);
    });
  });
}
