// AQI ngày (Decision 1459/QĐ-TCMT mục 2.2.2): 24-hour means for PM, the larger of the O3 1-hour and
// 8-hour sub-indices, the daily maximum 1-hour mean for SO2, NO2 and CO.
import { subIndex, aqiResult, type HourlyMeans, type VnAqiResult } from './vn-aqi.js';
import type { VnAqiPollutant } from './vn-aqi-table.js';

export interface DailyOptions {
  /**
   * Choice (the decision is silent on missing hours): fewest 1-hour means for a 24-hour mean
   * (default 18, i.e. 75 %) and for an 8-hour mean (default 6 of 8).
   */
  minHours24?: number;
  minHours8?: number;
}

const values = (hours: readonly HourlyMeans[], p: VnAqiPollutant) =>
  hours.map((h) => h[p]).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));

function mean(xs: readonly number[], min: number): number | null {
  return xs.length >= min && xs.length > 0 ? xs.reduce((a, b) => a + b, 0) / xs.length : null;
}

const maxOf = (xs: readonly number[]) => (xs.length === 0 ? null : Math.max(...xs));

/**
 * The 24 8-hour means of a day (mục 2.2.2.a): the mean at hour k averages hours k−7..k, so the
 * first ones reach into the 7 hours before 01:00 (`before`, oldest first). `null` where fewer than
 * `minHours8` means exist.
 */
export function eightHourMeans(
  day: readonly (number | null | undefined)[],
  before: readonly (number | null | undefined)[] = [],
  minHours8 = 6,
): (number | null)[] {
  const all = [...before.slice(-7), ...day];
  const offset = all.length - day.length;
  return day.map((_, k) => {
    const window = all.slice(Math.max(0, offset + k - 7), offset + k + 1);
    return mean(
      window.filter((v): v is number => typeof v === 'number' && Number.isFinite(v)),
      minHours8,
    );
  });
}

/**
 * AQI ngày. `day` holds the 1-hour means from 01:00 to 00:00 of the next day (24 entries,
 * chronological; mục 2.2.2.a); `before` the hours before 01:00 (up to 7, oldest first) for the
 * 8-hour O3 means. `null` when neither PM2.5 nor PM10 has a valid 24-hour mean.
 */
export function dailyAqi(
  day: readonly HourlyMeans[],
  before: readonly HourlyMeans[] = [],
  opts: DailyOptions = {},
): VnAqiResult | null {
  const min24 = opts.minHours24 ?? 18;
  const o3Means = eightHourMeans(
    day.map((h) => h.o3),
    before.map((h) => h.o3),
    opts.minHours8 ?? 6,
  );
  const o3max8 = maxOf(o3Means.filter((v): v is number => v !== null));
  const o3candidates = [subIndex('o3_1h', maxOf(values(day, 'o3'))), subIndex('o3_8h', o3max8)];
  const o3 = maxOf(o3candidates.filter((v): v is number => v !== null));
  return aqiResult({
    pm25: subIndex('pm25', mean(values(day, 'pm25'), min24)),
    pm10: subIndex('pm10', mean(values(day, 'pm10'), min24)),
    o3,
    no2: subIndex('no2', maxOf(values(day, 'no2'))),
    so2: subIndex('so2', maxOf(values(day, 'so2'))),
    co: subIndex('co', maxOf(values(day, 'co'))),
  });
}
