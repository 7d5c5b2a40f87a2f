import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isDate, isDateTime, isTime, normalizeDateTime } from './validate-datetime.js';

describe('normalizeDateTime', () => {
  it('gives the instant in toISOString form for UTC and offset date-times', () => {
    assert.equal(normalizeDateTime('2024-05-01T10:00:00Z'), '2024-05-01T10:00:00.000Z');
    assert.equal(normalizeDateTime('2024-05-01T17:00:00.123456+07:00'), '2024-05-01T10:00:00.123Z');
    assert.equal(normalizeDateTime('2020-09-16T11:00:00-0530'), '2020-09-16T16:30:00.000Z');
    assert.equal(normalizeDateTime('2024-02-29T00:00Z'), '2024-02-29T00:00:00.000Z');
  });

  it('refuses date-times without zone, impossible dates and times, and other shapes', () => {
    for (const s of [
      '2024-05-01T10:00:00',
      '2023-02-29T00:00:00Z',
      '2024-04-31T00:00:00Z',
      '2024-05-01T24:00:00Z',
      '2024-05-01T10:60:00Z',
      '2024-05-01T10:00:60Z',
      '2024-05-01TT10:00:00Z',
      '2010-04-15T06:37:38-08:00Z',
      '2024-05-01',
      '',
      1714557600000,
      null,
    ]) {
      assert.equal(normalizeDateTime(s), undefined, String(s));
      assert.equal(isDateTime(s), false, String(s));
    }
  });
});

describe('isDate and isTime', () => {
  it('accept ISO 8601 dates and times and refuse impossible ones', () => {
    assert.ok(isDate('2024-02-29'));
    assert.ok(!isDate('2023-02-29'));
    assert.ok(!isDate('2024-1-1'));
    assert.ok(isTime('23:59:59.5Z'));
    assert.ok(isTime('08:00'));
    assert.ok(!isTime('25:00'));
  });
});
