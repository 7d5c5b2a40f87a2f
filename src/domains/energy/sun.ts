// Sunrise and sunset from the `suncalc` library (the only file that imports it).
import { getTimes } from 'suncalc';
import type { LngLat } from '../city/city-pack.js';
import { localTime } from '../local-time.js';

export interface SunTimes {
  sunrise: number;
  sunset: number;
}

/** Sunrise and sunset (ms) of the local day that contains `t`, at `where`. */
export function sunTimes(t: number, where: LngLat, offsetMin?: number): SunTimes {
  const noon = localTime(t, offsetMin).dayStart + 12 * 3_600_000;
  const times = getTimes(new Date(noon), where[1], where[0]);
  // Near the equator the sun always rises and sets; suncalc returns null only near the poles.
  if (times.sunrise === null || times.sunset === null)
    throw new RangeError('no sunrise or sunset at this latitude');
  return { sunrise: times.sunrise.getTime(), sunset: times.sunset.getTime() };
}

/** Whether it is dark (between sunset and the next sunrise) at `t`. */
export function isDark(t: number, where: LngLat, offsetMin?: number): boolean {
  const { sunrise, sunset } = sunTimes(t, where, offsetMin);
  return t < sunrise || t >= sunset;
}
