import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { statementKey, WriteStatsCollector } from './write-stats.js';

describe('write statistics', () => {
  it('groups multi-row inserts by their row tuple and counts their rows', () => {
    const cases: Array<[sql: string, key: string, rows: number]> = [
      ['INSERT INTO t (a, b) VALUES (?, ?), (?, ?), (?, ?)', 'INSERT INTO t (a, b) VALUES (?, ?), …', 3],
      ['INSERT INTO t (a) VALUES (?)', 'INSERT INTO t (a) VALUES (?)', 1],
      ['INSERT INTO t (a)\n       VALUES (?),\n (?)', 'INSERT INTO t (a) VALUES (?), …', 2],
      ['DELETE FROM t WHERE a IN (?, ?, ?)', 'DELETE FROM t WHERE a IN (?, ?, ?)', 1],
    ];
    for (const [sql, key, rows] of cases) assert.deepEqual(statementKey(sql), { key, rows });
  });

  it('sums runs, rows and time per statement, most time first, and starts over on reset', () => {
    const c = new WriteStatsCollector();
    c.group();
    c.statement('INSERT INTO t (a) VALUES (?), (?)', 2);
    c.statement('INSERT INTO t (a) VALUES (?), (?), (?)', 3);
    c.statement('UPDATE t SET a = ?', 7);
    c.commit(4);
    c.sync(9);
    const s = c.snapshot();
    assert.equal(s.groups, 1);
    assert.deepEqual([s.commits, s.commitMs, s.syncs, s.syncMs], [1, 4, 1, 9]);
    assert.deepEqual(s.statements, [
      { sql: 'UPDATE t SET a = ?', runs: 1, rows: 1, totalMs: 7 },
      { sql: 'INSERT INTO t (a) VALUES (?), …', runs: 2, rows: 5, totalMs: 5 },
    ]);
    c.reset();
    const after = c.snapshot();
    assert.deepEqual([after.groups, after.commits, after.syncs, after.statements.length], [0, 0, 0, 0]);
    assert.ok(after.since >= s.since);
  });
});
