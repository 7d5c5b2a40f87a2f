import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { LngLat } from '../city/city-pack.js';
import { localTime } from '../local-time.js';
import { DIM_LEVEL, lightState } from './streetlight.js';
import { sunTimes } from './sun.js';

const hcmc: LngLat = [106.7009, 10.7769];
const MIN = 60_000;
const localHour = (t: number) => localTime(t).hour;

describe('streetlights and the sun over HCMC', () => {
  it('places sunrise and sunset where they are in HCMC (about 05:30–06:20 and 17:30–18:20, UTC+7)', () => {
    for (const month of [0, 3, 6, 9]) {
      const { sunrise, sunset } = sunTimes(Date.UTC(2026, month, 15, 5), hcmc);
      assert.ok(localHour(sunrise) > 5.4 && localHour(sunrise) < 6.4, `sunrise ${localHour(sunrise)}`);
      assert.ok(localHour(sunset) > 17.4 && localHour(sunset) < 18.4, `sunset ${localHour(sunset)}`);
    }
  });

  it('matches the published sunrise and sunset of 21 June 2026 (05:33 and 18:19) within 3 minutes', () => {
    const { sunrise, sunset } = sunTimes(Date.UTC(2026, 5, 21, 5), hcmc);
    assert.ok(Math.abs(localHour(sunrise) - (5 + 33 / 60)) < 3 / 60, `sunrise ${localHour(sunrise)}`);
    assert.ok(Math.abs(localHour(sunset) - (18 + 19 / 60)) < 3 / 60, `sunset ${localHour(sunset)}`);
  });

  it('switches on at sunset and off at sunrise, day after day', () => {
    for (let day = 0; day < 30; day++) {
      const { sunrise, sunset } = sunTimes(Date.UTC(2026, 0, 1 + day, 5), hcmc);
      assert.equal(lightState(sunrise - MIN, hcmc).powerState, 'on');
      assert.equal(lightState(sunrise + MIN, hcmc).powerState, 'off');
      assert.equal(lightState(sunset - MIN, hcmc).powerState, 'off');
      assert.equal(lightState(sunset + MIN, hcmc).powerState, 'on');
    }
  });

  it('dims between 23:00 and 05:00 and shines fully in the evening', () => {
    const evening = Date.UTC(2026, 0, 10, 20 - 7);
    const night = Date.UTC(2026, 0, 10, 23 - 7, 30);
    assert.equal(lightState(evening, hcmc).illuminanceLevel, 1);
    assert.equal(lightState(night, hcmc).illuminanceLevel, DIM_LEVEL);
  });

  it('stays dark without mains power', () => {
    assert.equal(lightState(Date.UTC(2026, 0, 10, 13), hcmc, false).powerState, 'off');
  });
});
