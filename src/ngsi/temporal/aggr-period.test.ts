import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_PERIODS, parseAggrPeriod, periodBounds } from './aggr-period.js';
import { parseTemporalQuery } from './temporal-query.js';

describe('aggrPeriodDuration', () => {
  it('fixed durations are milliseconds and months are calendar months', () => {
    assert.equal(parseAggrPeriod('PT1H').ms, 3_600_000);
    assert.equal(parseAggrPeriod('P1DT30M').ms, 86_400_000 + 1_800_000);
    assert.equal(parseAggrPeriod('PT0.5S').ms, 500);
    assert.equal(parseAggrPeriod('P1W').ms, 7 * 86_400_000);
    assert.deepEqual([parseAggrPeriod('P1Y2M').months, parseAggrPeriod('P1Y2M').ms], [14, 0]);
  });

  it('P1M periods from January 31st end on the last day of shorter months, then return to the 31st', () => {
    const p = periodBounds('2026-01-31T06:00:00.000Z', '2026-03-30T00:00:00.000Z', parseAggrPeriod('P1M'));
    assert.deepEqual(p, [
      ['2026-01-31T06:00:00.000Z', '2026-02-28T06:00:00.000Z'],
      ['2026-02-28T06:00:00.000Z', '2026-03-31T06:00:00.000Z'],
    ]);
  });

  it('malformed or empty durations and too many periods are BAD_REQUEST_DATA', () => {
    for (const bad of ['', 'P', 'PT', '1H', 'PT1', 'P1H', 'P0D', 'PT-1H', 'p1d']) {
      assert.throws(() => parseAggrPeriod(bad), { code: 'BAD_REQUEST_DATA' }, bad);
    }
    const hour = parseAggrPeriod('PT1H');
    const end = new Date(Date.parse('2026-01-01T00:00:00Z') + (MAX_PERIODS + 1) * 3_600_000).toISOString();
    assert.throws(() => periodBounds('2026-01-01T00:00:00.000Z', end, hour), { code: 'BAD_REQUEST_DATA' });
  });
});

describe('aggregation parameters', () => {
  it('aggregatedValues with methods and a period gives the aggregation, without a period the whole interval', () => {
    const q = parseTemporalQuery({
      options: 'aggregatedValues',
      aggrMethods: 'sum,avg,sum',
      aggrPeriodDuration: 'P1D',
    });
    assert.deepEqual(q.aggregation?.methods, ['sum', 'avg']);
    assert.equal(q.aggregation?.period?.ms, 86_400_000);
    assert.equal(
      parseTemporalQuery({ format: 'aggregatedValues', aggrMethods: 'max' }).aggregation?.period,
      undefined,
    );
  });

  it('methods without aggregatedValues, aggregatedValues without methods and unknown methods are refused', () => {
    for (const p of [
      { aggrMethods: 'sum' },
      { options: 'aggregatedValues' },
      { options: 'aggregatedValues', aggrMethods: 'mode' },
    ]) {
      assert.throws(() => parseTemporalQuery(p), { code: 'BAD_REQUEST_DATA' });
    }
  });
});
