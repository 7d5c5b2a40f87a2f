import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DothiError } from '../../kernel/index.js';
import { parseTemporalQuery } from './temporal-query.js';

const badRequest = (e: unknown) => e instanceof DothiError && e.code === 'BAD_REQUEST_DATA';

describe('temporal query parameters', () => {
  it('default to the whole history by observedAt in the normalized representation', () => {
    assert.deepEqual(
      { ...parseTemporalQuery({}) },
      { timeproperty: 'observedAt', temporalValues: false, sysAttrs: false },
    );
  });

  it('normalize timeAt and endTimeAt to UTC', () => {
    const q = parseTemporalQuery({
      timerel: 'between',
      timeAt: '2026-01-01T01:00:00+01:00',
      endTimeAt: '2026-01-02T00:00:00Z',
    });
    assert.equal(q.timeAt, '2026-01-01T00:00:00.000Z');
    assert.equal(q.endTimeAt, '2026-01-02T00:00:00.000Z');
  });

  it('read temporalValues from options or format, and lastN as a number', () => {
    assert.equal(parseTemporalQuery({ options: 'temporalValues' }).temporalValues, true);
    assert.equal(parseTemporalQuery({ format: 'temporalValues' }).temporalValues, true);
    assert.equal(parseTemporalQuery({ lastN: '3' }).lastN, 3);
  });

  for (const [why, p] of [
    ['an unknown timerel', { timerel: 'during', timeAt: '2026-01-01T00:00:00Z' }],
    ['timerel without timeAt', { timerel: 'after' }],
    ['a timeAt without zone', { timerel: 'after', timeAt: '2026-01-01T00:00:00' }],
    ['between without endTimeAt', { timerel: 'between', timeAt: '2026-01-01T00:00:00Z' }],
    [
      'endTimeAt before timeAt',
      { timerel: 'between', timeAt: '2026-01-02T00:00:00Z', endTimeAt: '2026-01-01T00:00:00Z' },
    ],
    [
      'endTimeAt with before',
      { timerel: 'before', timeAt: '2026-01-02T00:00:00Z', endTimeAt: '2026-01-03T00:00:00Z' },
    ],
    ['timeAt without timerel', { timeAt: '2026-01-01T00:00:00Z' }],
    ['an unknown timeproperty', { timeproperty: 'deletedAt' }],
    ['a lastN of zero', { lastN: '0' }],
    ['a fractional lastN', { lastN: '1.5' }],
    ['an unknown option', { options: 'aggregatedValues' }],
  ] as const) {
    it(`refuse ${why} with BAD_REQUEST_DATA`, () => {
      assert.throws(() => parseTemporalQuery(p), badRequest);
    });
  }
});
