// The city's weather and tide, deterministic from the seed: HCMC's rainy season (May–November)
// brings an afternoon downpour on most days, the dry season rarely rains; the Saigon river has a
// mixed, mainly semi-diurnal tide with a fortnightly spring–neap cycle (peaks of about 1.6 m).
import { createRng, hashSeed, localTime, type Conditions } from '../domains/index.js';
import { scenarioEffect, type ActiveScenario } from './scenarios.js';

interface Shower {
  start: number;
  hours: number;
  peak: number;
}

function showerOf(seed: number, dayStart: number): Shower | undefined {
  const rng = createRng(hashSeed(seed, 'rain', dayStart));
  const month = new Date(dayStart + 12 * 3_600_000).getUTCMonth() + 1;
  const rainy = month >= 5 && month <= 11;
  if (!rng.chance(rainy ? 0.55 : 0.08)) return undefined;
  return { start: rng.between(13.5, 18), hours: rng.between(0.5, 2), peak: rng.between(4, 35) };
}

export function baseRain(seed: number, t: number): number {
  const lt = localTime(t);
  const shower = showerOf(seed, lt.dayStart);
  if (shower === undefined) return 0;
  const x = (lt.hour - shower.start) / shower.hours;
  return x < 0 || x > 1 ? 0 : Math.round(shower.peak * Math.sin(Math.PI * x) * 10) / 10;
}

const HOUR = 3_600_000;

export function tide(t: number): number {
  const spring = 1 + 0.25 * Math.cos((2 * Math.PI * t) / (14.77 * 24 * HOUR));
  return (
    spring *
    (0.95 * Math.cos((2 * Math.PI * t) / (12.42 * HOUR)) +
      0.35 * Math.cos((2 * Math.PI * t) / (23.93 * HOUR)))
  );
}

export function conditionsAt(seed: number, t: number, scenario?: ActiveScenario): Conditions {
  const lt = localTime(t);
  const fx = scenarioEffect(scenario, t);
  const rain = fx.dry === true ? 0 : baseRain(seed, t) + (fx.rainMmH ?? 0);
  return {
    t,
    localHour: lt.hour,
    weekday: lt.weekday,
    rainMmH: rain,
    tideM: tide(t) + (fx.surgeM ?? 0),
    trafficFactor: fx.trafficFactor ?? 1,
    pollutionFactor: fx.pollutionFactor ?? 1,
    powerFault: fx.powerFault ?? 0,
    temperatureC: 28 + 4 * Math.sin((2 * Math.PI * (lt.hour - 9)) / 24) - Math.min(4, rain / 5),
  };
}
