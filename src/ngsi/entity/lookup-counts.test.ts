import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { LOOKUP_COUNT_TTL_MS, LookupCounts } from './lookup-counts.js';

describe('remembered lookup counts', () => {
  it('gives a count back until it is too old', () => {
    let now = 0;
    const counts = new LookupCounts(10, () => now);
    assert.equal(counts.get('a'), undefined);
    counts.set('a', 1000);
    now = LOOKUP_COUNT_TTL_MS - 1;
    assert.equal(counts.get('a'), 1000);
    now = LOOKUP_COUNT_TTL_MS;
    assert.equal(counts.get('a'), undefined);
    counts.set('a', 7);
    assert.equal(counts.get('a'), 7);
  });

  it('keeps the most recently used counts', () => {
    const counts = new LookupCounts(2, () => 0);
    counts.set('a', 1);
    counts.set('b', 2);
    counts.get('a');
    counts.set('c', 3);
    assert.deepEqual(
      ['a', 'b', 'c'].map((k) => counts.get(k)),
      [1, undefined, 3],
    );
  });
});
