// Hourly pollutant concentrations at an HCMC roadside / urban station, µg/m³: PM and NO2/CO follow
// traffic (morning and evening peaks) and the night-time inversion, O3 follows sunlight, rain
// washes particles out. Levels are of the order the city's stations report (PM2.5 mostly
// 15–60 µg/m³). Pure function of the conditions and the station's own factors.
import { bump } from '../local-time.js';
import type { HourlyMeans } from './vn-aqi.js';

export interface StationFactors {
  /** How much the station sees traffic (roadside > 1, residential < 1). */
  traffic: number;
  /** Station-specific background multiplier. */
  background: number;
}

export interface AirConditions {
  localHour: number;
  rainMmH: number;
  trafficFactor: number;
  pollutionFactor: number;
}

export function pollutantLevels(
  c: AirConditions,
  s: StationFactors,
  noise: () => number,
): Required<HourlyMeans> {
  const rush = bump(c.localHour, 7.5, 1.5) + 0.9 * bump(c.localHour, 18, 1.8);
  const inversion = c.localHour < 6 || c.localHour > 21 ? 1.25 : 1;
  const washout = 1 / (1 + c.rainMmH / 8);
  const traffic = s.traffic * c.trafficFactor * (0.6 + rush);
  const episode = c.pollutionFactor;
  const pm25 = 18 * s.background * inversion * washout * episode * (0.7 + 0.5 * traffic) * noise();
  const sun = c.localHour > 6 && c.localHour < 18 ? Math.sin(((c.localHour - 6) / 12) * Math.PI) : 0;
  const r1 = (x: number) => Math.round(x * 10) / 10;
  return {
    pm25: r1(pm25),
    pm10: r1(pm25 * 1.65 * noise()),
    no2: r1(25 * s.background * episode * (0.5 + traffic) * noise()),
    co: Math.round(700 * s.background * episode * (0.6 + traffic) * noise()),
    so2: r1(12 * s.background * episode * noise()),
    o3: r1((20 + 90 * sun * (c.rainMmH > 1 ? 0.5 : 1)) * (0.8 + 0.2 * episode) * noise()),
  };
}
