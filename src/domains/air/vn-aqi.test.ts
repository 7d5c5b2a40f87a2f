import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { hourlyAqi, nowcast, roundHalfUp, subIndex } from './vn-aqi.js';
import { dailyAqi, eightHourMeans } from './vn-aqi-daily.js';
import { vnAqiBand } from './vn-aqi-table.js';

// Decision 1459/QĐ-TCMT mục 2.3.a: PM2.5 from 09:00 to 20:00.
const pm25Chronological = [26.9, 24.7, 20.5, 23.5, 19.5, 16.5, 19.0, 16.5, 20.3, 22.4, 19.6, 20.6];
const pm25c = [...pm25Chronological].reverse(); // c1 = 20:00

// Mục 2.2.2.a: O3 1-hour means from 18:00 (the day before) to 00:00, and the printed 8-hour means.
const o3Hours = [
  15.7, 14.2, 17.7, 18.9, 19.3, 15.7, 19.7, 22.6, 27.1, 29.0, 31.9, 25.3, 34.7, 35.2, 41.6, 45.7, 49.2, 55.8,
  69.6, 78.3, 91.5, 97.7, 81.2, 71.8, 43.5, 34.3, 21.5, 20.5, 19.4, 20.4, 21.3,
];
const o3EightHourPrinted = [
  18.0, 19.4, 21.2, 23.0, 23.8, 25.8, 28.2, 30.9, 33.8, 36.6, 39.9, 44.7, 51.3, 58.4, 66.2, 71.1, 74.4, 73.7,
  71.0, 65.0, 57.8, 48.7, 39.1, 31.6,
];

describe('VN_AQI NowCast (Decision 1459 mục 2.2.1.a)', () => {
  it('gives 20.3 µg/m³ for the worked example, with w = 16.5 / 26.9', () => {
    assert.equal(Math.round(nowcast(pm25c)! * 10) / 10, 20.3);
  });

  it('weights hour i by w^(i-1): a spike in the current hour counts more than one 11 hours ago', () => {
    const recent = nowcast([40, 20, 20, 20, 20, 20, 20, 20, 20, 20, 20, 20])!;
    const old = nowcast([20, 20, 20, 20, 20, 20, 20, 20, 20, 20, 20, 40])!;
    assert.ok(recent > old);
    // w = max(20/40, 1/2) = 1/2: the current hour has weight 1, the others 1/2, 1/4, …
    const den = (1 - 0.5 ** 12) / 0.5;
    assert.ok(Math.abs(recent - (40 + 20 * (den - 1)) / den) < 1e-9);
  });

  it('uses w = 1/2 when min/max is 1/2 or less, and w = min/max above', () => {
    const w = 0.8;
    const c = [10, 8, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10];
    const expected = c.reduce((s, ci, i) => s + w ** i * ci, 0) / c.reduce((s, _, i) => s + w ** i, 0);
    assert.ok(Math.abs(nowcast(c)! - expected) < 1e-9);
  });

  it('needs at least 2 of the 3 most recent hours', () => {
    assert.equal(nowcast([null, null, 30, 30, 30]), null);
    assert.equal(nowcast([30, null, null, 30, 30]), null);
    assert.notEqual(nowcast([30, null, 30]), null);
    assert.equal(nowcast([]), null);
  });

  it('gives a missing hour weight 0 instead of treating it as zero', () => {
    assert.equal(nowcast([30, null, 30, null, 30, null, null, null, null, null, null, null]), 30);
  });

  it('uses only the 12 most recent hours', () => {
    assert.equal(nowcast([10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 900]), 10);
  });
});

describe('VN_AQI sub-indices (Bảng 2, Công thức 1)', () => {
  it('reproduces the hourly worked example: O3 136.1 → 43, PM2.5 NowCast 20.3 → 41', () => {
    assert.equal(roundHalfUp(subIndex('o3_1h', 136.1)!), 43);
    assert.equal(roundHalfUp(subIndex('pm25', 20.3)!), 41);
  });

  it('follows the formula for NO2 118.7 (59.35 → 59; the decision prints 60 in error)', () => {
    assert.equal(roundHalfUp(subIndex('no2', 118.7)!), 59);
  });

  it('reproduces the daily worked example: O3 8h 89.3 → 45, O3 1h 114.6 → 36, NO2 130.8 → 65, PM2.5 55.7 → 110', () => {
    assert.equal(roundHalfUp(subIndex('o3_8h', 89.3)!), 45);
    assert.equal(roundHalfUp(subIndex('o3_1h', 114.6)!), 36);
    assert.equal(roundHalfUp(subIndex('no2', 130.8)!), 65);
    assert.equal(roundHalfUp(subIndex('pm25', 55.7)!), 110);
  });

  it('maps every breakpoint to its index level (the table is contiguous)', () => {
    assert.equal(subIndex('pm25', 25), 50);
    assert.equal(subIndex('pm25', 50), 100);
    assert.equal(subIndex('pm10', 150), 100);
    assert.equal(subIndex('co', 10_000), 50);
    assert.equal(subIndex('so2', 1600), 300);
    assert.equal(subIndex('no2', 3100), 400);
    assert.equal(subIndex('o3_1h', 1000), 400);
    assert.equal(subIndex('pm25', 0), 0);
  });

  it('does not use the EPA-style offsets: PM2.5 just above 25 is just above 50', () => {
    assert.ok(Math.abs(subIndex('pm25', 25.1)! - 50.2) < 1e-9);
  });

  it('caps at 500 at and above the level-8 value', () => {
    assert.equal(subIndex('pm25', 500), 500);
    assert.equal(subIndex('pm25', 900), 500);
    assert.equal(subIndex('co', 150_000), 500);
  });

  it('does not use an 8-hour O3 mean above 400 µg/m³', () => {
    assert.equal(subIndex('o3_8h', 400), 300);
    assert.equal(subIndex('o3_8h', 400.1), null);
  });

  it('rejects negative and missing concentrations', () => {
    assert.equal(subIndex('pm10', -1), null);
    assert.equal(subIndex('pm10', null), null);
    assert.equal(subIndex('pm10', Number.NaN), null);
  });
});

describe('VN_AQI hourly (mục 2.2.1)', () => {
  it('takes the max sub-index and names its pollutant', () => {
    const hours = pm25c.map((pm25, i) => (i === 0 ? { pm25, o3: 136.1, no2: 118.7 } : { pm25 }));
    const r = hourlyAqi(hours)!;
    assert.deepEqual(r.subIndices, { pm25: 41, o3: 43, no2: 59 });
    assert.equal(r.aqi, 59);
    assert.equal(r.major, 'no2');
    assert.equal(r.band.level, 'moderate');
  });

  it('publishes nothing without PM2.5 or PM10', () => {
    assert.equal(hourlyAqi([{ o3: 300, no2: 150 }]), null);
    assert.equal(hourlyAqi([{ pm25: 30 }, {}, {}, { o3: 3 }]), null); // NowCast invalid: 1 of 3 hours
  });

  it('computes PM10 alone when PM2.5 is missing', () => {
    const r = hourlyAqi([{ pm10: 100 }, { pm10: 100 }])!;
    assert.equal(r.aqi, 75);
    assert.equal(r.major, 'pm10');
  });
});

describe('VN_AQI daily (mục 2.2.2)', () => {
  it('reproduces the 8-hour means of the decision and their maximum 74.4', () => {
    const means = eightHourMeans(o3Hours.slice(7), o3Hours.slice(0, 7)).map((m) => m!);
    // The printed table rounds two means (21.25 at 03:00, 44.64 at 12:00) the other way; all are
    // within 0.1 µg/m³ of the arithmetic means.
    means.forEach((m, i) => assert.ok(Math.abs(m - o3EightHourPrinted[i]!) <= 0.1, `hour ${i + 1}`));
    assert.equal(Math.round(Math.max(...means) * 10) / 10, 74.4);
    assert.equal(Math.max(...means), means[16]); // 17:00
  });

  it('reproduces the daily worked example (AQI^d = 110, PM2.5)', () => {
    // A day whose O3 maxima are 114.6 (1 h) and 89.3 (8 h), NO2 max 130.8 and PM2.5 mean 55.7.
    const day = Array.from({ length: 24 }, (_, h) => ({
      pm25: h % 2 === 0 ? 50.7 : 60.7,
      no2: h === 12 ? 130.8 : 40,
      o3: h >= 8 && h < 16 ? (h === 12 ? 114.6 : megaO3(h)) : 10,
    }));
    const r = dailyAqi(day)!;
    assert.deepEqual(r.subIndices, { pm25: 110, o3: 45, no2: 65 });
    assert.equal(r.aqi, 110);
    assert.equal(r.major, 'pm25');
    assert.equal(r.band.level, 'poor');
  });

  it('uses the 1-hour O3 alone when the max 8-hour mean exceeds 400 µg/m³', () => {
    const day = Array.from({ length: 24 }, () => ({ pm25: 10, o3: 420 }));
    const r = dailyAqi(day)!;
    assert.equal(r.subIndices.o3, roundHalfUp(subIndex('o3_1h', 420)!));
  });

  it('gives no 24-hour PM mean with fewer than 18 hours', () => {
    const day = Array.from({ length: 24 }, (_, h) => ({ pm25: h < 17 ? 30 : null, no2: 50 }));
    assert.equal(dailyAqi(day), null);
    assert.equal(dailyAqi(day, [], { minHours24: 12 })!.subIndices.pm25, 60);
  });
});

describe('VN_AQI bands (Bảng 1)', () => {
  it('puts each limit in the lower band', () => {
    assert.deepEqual(
      [0, 50, 51, 100, 101, 150, 151, 200, 201, 300, 301, 500].map((a) => vnAqiBand(a).level),
      [
        'good',
        'good',
        'moderate',
        'moderate',
        'poor',
        'poor',
        'bad',
        'bad',
        'veryBad',
        'veryBad',
        'hazardous',
        'hazardous',
      ],
    );
    assert.equal(vnAqiBand(151).colour, '#ff0000');
  });
});

/** O3 hours 08:00–15:00 (except 12:00 = 114.6) chosen so that their 8-hour mean is 89.3. */
function megaO3(_h: number): number {
  return (89.3 * 8 - 114.6) / 7;
}
