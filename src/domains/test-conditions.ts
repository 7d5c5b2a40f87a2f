// Ordinary conditions at an hour of a simulated week that starts on Monday 2026-06-01 00:00 in
// HCMC, for the packs' unit tests.
import { localTime } from './local-time.js';
import type { Conditions } from './pack.js';

export const MONDAY = Date.UTC(2026, 5, 1) - 7 * 3_600_000;

export function conditionsAtHour(hours: number, over: Partial<Conditions> = {}): Conditions {
  const t = MONDAY + hours * 3_600_000;
  const lt = localTime(t);
  return {
    t,
    localHour: lt.hour,
    weekday: lt.weekday,
    rainMmH: 0,
    tideM: 0,
    trafficFactor: 1,
    pollutionFactor: 1,
    powerFault: 0,
    temperatureC: 29,
    ...over,
  };
}
