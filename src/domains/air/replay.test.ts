import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { hourlyMeansOf, lastTwelve, parseSensorCommunityCsv, replayModel } from './replay.js';
import { hourlyAqi } from './vn-aqi.js';
import { conditionsAtHour, MONDAY } from '../test-conditions.js';

// The head and first readings of a real export: sensor.community node esp8266-12779556 (Nhà Bè,
// HCMC), data by Matthias Kreier / Sensor.Community (ODbL 1.0), from the kreier/aqi repository.
const header =
  'Time;durP1;ratioP1;P1;durP2;ratioP2;P2;SDS_P1;SDS_P2;PMS_P1;PMS_P2;Temp;Humidity;BMP_temperature;BMP_pressure;BME280_temperature;BME280_humidity;BME280_pressure;Samples;Min_cycle;Max_cycle;Signal;HPM_P1;HPM_P2';
const real = [
  '2018/10/08 09:21:52;;;;;;;31.52;27.22;;;;;;;;;;642046;216;43243;-53',
  '2018/10/08 09:24:21;;;;;;;30.50;26.93;;;;;;;;;;609229;232;26728;-56',
];

describe('real station data for VN_AQI', () => {
  it('reads a sensor.community export: SDS_P1 is PM10, SDS_P2 is PM2.5, times in UTC', () => {
    const r = parseSensorCommunityCsv([header, ...real].join('\n'));
    assert.deepEqual(r[0], { t: Date.UTC(2018, 9, 8, 9, 21, 52), pm10: 31.52, pm25: 27.22 });
    assert.equal(r.length, 2);
  });

  it('averages readings per clock hour and leaves empty hours missing', () => {
    const rows = [
      '2018/10/08 09:10:00;;;;;;;30;20;;',
      '2018/10/08 09:50:00;;;;;;;40;30;;',
      '2018/10/08 11:05:00;;;;;;;50;;;',
    ];
    const hours = hourlyMeansOf(parseSensorCommunityCsv([header, ...rows].join('\n')));
    assert.deepEqual(hours, [
      { hour: Date.UTC(2018, 9, 8, 9), pm10: 35, pm25: 25 },
      { hour: Date.UTC(2018, 9, 8, 11), pm10: 50, pm25: null },
    ]);
  });

  it('computes the hourly index of real hours with a gap as the decision says', () => {
    const h = (n: number) => Date.UTC(2018, 9, 8, n);
    const byHour = new Map([
      [h(9), { pm25: 30 }],
      [h(11), { pm25: 30 }],
    ]);
    // c1 = 11:00, c2 = 10:00 missing, c3 = 09:00: 2 of 3, NowCast = 30 → AQI 60
    assert.equal(hourlyAqi(lastTwelve(byHour, h(11)))!.aqi, 60);
    // at 12:00 only c2 exists among the 3 most recent hours: no index
    assert.equal(hourlyAqi(lastTwelve(byHour, h(12))), null);
  });

  it('replays real hours in simulated time, gaps included', () => {
    const hours = [
      { hour: Date.UTC(2018, 9, 8, 9), pm10: 40, pm25: 24 },
      { hour: Date.UTC(2018, 9, 8, 11), pm10: 50, pm25: 30 },
    ];
    const model = replayModel(hours, MONDAY);
    const rng = { next: () => 0 } as never;
    const first = model.step(conditionsAtHour(0), 60, rng)!;
    assert.equal(first.pm25, 24);
    assert.equal(model.step(conditionsAtHour(1), 60, rng), null);
    assert.equal(model.step(conditionsAtHour(2), 60, rng)!.pm10, 50);
  });
});
