// Real station data: readings of a sensor.community node (semicolon-separated madavi.de export:
// Time, SDS_P1 = PM10, SDS_P2 = PM2.5, Temp, Humidity) turned into 1-hour means, the input VN_AQI
// is computed from (Decision 1459/QĐ-TCMT mục 2.1: 1-hour means). A replay device plays them
// back in simulated time and publishes them with their hourly VN_AQI.
import type { Conditions, DeviceModel } from '../pack.js';
import { hourlyAqi, type HourlyMeans } from './vn-aqi.js';

export interface SensorReading {
  /** ms since the epoch (the export's times are UTC). */
  t: number;
  pm10?: number;
  pm25?: number;
}

export interface HourMean extends HourlyMeans {
  /** Start of the hour, ms. */
  hour: number;
}

const HOUR = 3_600_000;

export function parseSensorCommunityCsv(text: string): SensorReading[] {
  const [head, ...rows] = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const cols = (head ?? '').split(';');
  const at = (name: string) => cols.indexOf(name);
  const [iTime, iP10, iP25] = [at('Time'), at('SDS_P1'), at('SDS_P2')];
  if (iTime < 0) throw new RangeError('not a sensor.community export: no Time column');
  const num = (v: string | undefined) =>
    v === undefined || v === '' || !Number.isFinite(Number(v)) ? undefined : Number(v);
  return rows.flatMap((row) => {
    const f = row.split(';');
    const t = Date.parse(`${(f[iTime] ?? '').replace(/\//g, '-').replace(' ', 'T')}Z`);
    if (Number.isNaN(t)) return [];
    return [{ t, pm10: num(f[iP10]), pm25: num(f[iP25]) }];
  });
}

/** Arithmetic 1-hour means per clock hour; an hour without readings is absent (missing). */
export function hourlyMeansOf(readings: readonly SensorReading[]): HourMean[] {
  const hours = new Map<number, { pm10: number[]; pm25: number[] }>();
  for (const r of readings) {
    const h = Math.floor(r.t / HOUR) * HOUR;
    const acc = hours.get(h) ?? { pm10: [], pm25: [] };
    if (r.pm10 !== undefined) acc.pm10.push(r.pm10);
    if (r.pm25 !== undefined) acc.pm25.push(r.pm25);
    hours.set(h, acc);
  }
  const mean = (xs: number[]) =>
    xs.length === 0 ? null : Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 10) / 10;
  return [...hours.entries()]
    .sort(([a], [b]) => a - b)
    .map(([hour, v]) => ({ hour, pm10: mean(v.pm10), pm25: mean(v.pm25) }));
}

/** The 12 hours ending at `hour` as the decision's c1…c12 (newest first), missing hours empty. */
export function lastTwelve(byHour: ReadonlyMap<number, HourlyMeans>, hour: number): HourlyMeans[] {
  return Array.from({ length: 12 }, (_, i) => byHour.get(hour - i * HOUR) ?? {});
}

/**
 * Plays real hourly means back from the simulation's start: simulated hour k is the sample's
 * hour k (looping over the sample), so real diurnal patterns and gaps reach the platform.
 */
export function replayModel(hours: readonly HourMean[], simStart: number): DeviceModel {
  const first = hours[0]?.hour ?? 0;
  const span = (hours[hours.length - 1]?.hour ?? first) - first + HOUR;
  const byHour = new Map(hours.map((h) => [h.hour, h]));
  return {
    step(c: Conditions) {
      const k = Math.floor((c.t - simStart) / HOUR) * HOUR;
      const hour = first + (((k % span) + span) % span);
      const now = byHour.get(hour);
      if (now === undefined) return null; // a gap in the real data stays a gap
      const aqi = hourlyAqi(lastTwelve(byHour, hour));
      return {
        ...(now.pm25 === null ? {} : { pm25: now.pm25 }),
        ...(now.pm10 === null ? {} : { pm10: now.pm10 }),
        ...(aqi === null ? {} : { aqi: aqi.aqi, lvl: aqi.band.level, major: aqi.major }),
      };
    },
  };
}

/** The Nhà Bè sensor.community node of the shared sample, approximately (a school campus). */
export const NHA_BE_SENSOR: readonly [number, number] = [106.7215, 10.6969];
