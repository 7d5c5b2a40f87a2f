import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { valueEdits, type ValueRow } from './entity-repo.js';

const row = (path: string, str: string | null, num: number | null): ValueRow => ({ path, str, num });

describe('valueEdits', () => {
  it('writes nothing when the rows are the same', () => {
    const rows = [row('a', null, 1), row('b', 'x', null)];
    assert.deepEqual(valueEdits(rows, [...rows]), { moved: [], stale: [], fresh: [] });
  });

  it('updates in place only the row whose value changed', () => {
    const r = valueEdits([row('a', null, 1), row('b', 'x', null)], [row('a', null, 2), row('b', 'x', null)]);
    assert.deepEqual(r, {
      moved: [{ from: row('a', null, 1), to: row('a', null, 2) }],
      stale: [],
      fresh: [],
    });
  });

  it('moves a value from number to text within the same path', () => {
    const r = valueEdits([row('a', null, 1)], [row('a', 'one', null)]);
    assert.deepEqual(r, {
      moved: [{ from: row('a', null, 1), to: row('a', 'one', null) }],
      stale: [],
      fresh: [],
    });
  });

  it('rewrites every copy of a row whose count changed', () => {
    const r = valueEdits([row('a', 'x', null), row('a', 'x', null)], [row('a', 'x', null)]);
    assert.deepEqual(r, { moved: [], stale: [row('a', 'x', null)], fresh: [row('a', 'x', null)] });
  });

  it('adds rows of new attributes and removes rows of deleted ones', () => {
    const r = valueEdits([row('a', null, 1)], [row('b', null, 1)]);
    assert.deepEqual(r, { moved: [], stale: [row('a', null, 1)], fresh: [row('b', null, 1)] });
  });

  it('pairs as many changed rows of a path as it can and deletes or inserts the rest', () => {
    const r = valueEdits([row('a', null, 1), row('a', null, 2)], [row('a', null, 3)]);
    assert.equal(r.moved.length, 1);
    assert.equal(r.stale.length, 1);
    assert.deepEqual(r.fresh, []);
    const back = valueEdits([row('a', null, 3)], [row('a', null, 1), row('a', null, 2)]);
    assert.equal(back.moved.length, 1);
    assert.equal(back.fresh.length, 1);
    assert.deepEqual(back.stale, []);
  });
});
