import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { changedRows, type ValueRow } from './entity-repo.js';

const row = (path: string, str: string | null, num: number | null): ValueRow => ({ path, str, num });

describe('changedRows', () => {
  it('writes nothing when the rows are the same', () => {
    const rows = [row('a', null, 1), row('b', 'x', null)];
    assert.deepEqual(changedRows(rows, [...rows]), { stale: [], fresh: [] });
  });

  it('replaces only the row whose value changed', () => {
    const r = changedRows([row('a', null, 1), row('b', 'x', null)], [row('a', null, 2), row('b', 'x', null)]);
    assert.deepEqual(r, { stale: [row('a', null, 1)], fresh: [row('a', null, 2)] });
  });

  it('rewrites every copy of a row whose count changed', () => {
    const r = changedRows([row('a', 'x', null), row('a', 'x', null)], [row('a', 'x', null)]);
    assert.deepEqual(r, { stale: [row('a', 'x', null)], fresh: [row('a', 'x', null)] });
  });

  it('adds rows of new attributes and removes rows of deleted ones', () => {
    const r = changedRows([row('a', null, 1)], [row('b', null, 1)]);
    assert.deepEqual(r, { stale: [row('a', null, 1)], fresh: [row('b', null, 1)] });
  });
});
