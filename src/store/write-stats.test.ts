import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { statementKey, WriteStatsCollector } from './write-stats.js';

describe('write statistics', () => {
  it('groups multi-row inserts by their row tuple and counts their rows', () => {
    assert.deepEqual(statementKey('INSERT INTO t (a, b) VALUES (?, ?), (?, ?), (?, ?)'), {
      key: 'INSERT INTO t (a, b) VALUES (?, ?), …',
      rows: 3,
    });
    assert.deepEqual(statementKey('INSERT INTO t (a) VALUES (?)'), {
      key: 'INSERT INTO t (a) VALUES (?)',
      rows: 1,
    });
    assert.deepEqual(statementKey('INSERT INTO t (a)\n       VALUES (?),\n (?)'), {
      key: 'INSERT INTO t (a) VALUES (?), …',
      rows: 2,
    });
    assert.deepEqual(statementKey('DELETE FROM t WHERE a IN (?, ?, ?)'), {
      key: 'DELETE FROM t WHERE a IN (?, ?, ?)',
      rows: 1,
    });
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
