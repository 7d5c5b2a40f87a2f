// VN_AQI exactly as Decision 1459/QĐ-TCMT (12/11/2019) computes it, as pure functions usable for
// simulated and for real station data. Choices where the decision is silent are marked "Choice".
import {
  breakpoints,
  indexLevels,
  vnAqiBand,
  vnAqiPollutants,
  type BreakpointColumn,
  type VnAqiBand,
  type VnAqiPollutant,
} from './vn-aqi-table.js';

/** 1-hour means of one hour, µg/m³; a missing pollutant or `null` is "no data". */
export type HourlyMeans = Partial<Record<VnAqiPollutant, number | null>>;

export interface VnAqiResult {
  /** max(AQIx), an integer. */
  aqi: number;
  /** The pollutant with the highest AQIx (mục 3, Bảng 3: must be published). */
  major: VnAqiPollutant;
  /** Every sub-index that could be computed, each rounded to an integer. */
  subIndices: Partial<Record<VnAqiPollutant, number>>;
  band: VnAqiBand;
}

/**
 * "Làm tròn thành số nguyên". Choice: half up on each sub-index before the max, which matches
 * the decision's worked examples (44.65 → 45, 109.5 → 110, 35.8 → 36). The epsilon absorbs binary
 * floating-point error on exact halves. The hourly NO2 example (118.7 → printed 60, formula 59.35)
 * is an error in the source; we follow the formula.
 */
export const roundHalfUp = (x: number): number => Math.floor(x + 0.5 + 1e-9);

const isValue = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * Công thức 1: linear interpolation in Bảng 2, unrounded. Choice: at or above the level-8 "≥" value
 * the sub-index is capped at 500 (the decision does not say). An O3 8-hour mean above 400 µg/m³ is
 * not used (mục 2.2.2.b), so it yields `null`; so does a negative or missing concentration.
 */
export function subIndex(column: BreakpointColumn, c: number | null | undefined): number | null {
  if (!isValue(c) || c < 0) return null;
  const bp = breakpoints[column];
  const top = bp[bp.length - 1] as number;
  if (c > top && column === 'o3_8h') return null;
  if (c >= top) return indexLevels[bp.length - 1] as number;
  const i = bp.findIndex((b, k) => c >= b && c < (bp[k + 1] as number));
  const [lo, hi] = [bp[i] as number, bp[i + 1] as number];
  const [iLo, iHi] = [indexLevels[i] as number, indexLevels[i + 1] as number];
  return ((iHi - iLo) / (hi - lo)) * (c - lo) + iLo;
}

/**
 * NowCast (mục 2.2.1.a). `c[0]` is c1, the current hour's mean; `c[11]` is c12. Needs at least 2 of
 * c1, c2, c3, else `null` ("không có dữ liệu"); a missing c_i gets weight 0. Choice: the normalised
 * form Σ w^(i−1)·c_i / Σ w^(i−1) also when w = 1/2: the printed form Σ (1/2)^i·c_i equals it to
 * within 2^-12 with all 12 hours, and would under-weight when hours are missing.
 */
export function nowcast(c: readonly (number | null | undefined)[]): number | null {
  const hours = c.slice(0, 12);
  if (hours.slice(0, 3).filter(isValue).length < 2) return null;
  const present = hours.filter(isValue);
  const max = Math.max(...present);
  if (max <= 0) return 0;
  const w = Math.max(Math.min(...present) / max, 0.5);
  let num = 0;
  let den = 0;
  hours.forEach((ci, i) => {
    if (!isValue(ci)) return;
    num += w ** i * ci;
    den += w ** i;
  });
  return num / den;
}

export function aqiResult(raw: Partial<Record<VnAqiPollutant, number | null>>): VnAqiResult | null {
  // Mục 2.1.b: at least one of PM10 and PM2.5 is mandatory.
  if (!isValue(raw.pm25) && !isValue(raw.pm10)) return null;
  const subIndices: Partial<Record<VnAqiPollutant, number>> = {};
  let major: VnAqiPollutant = isValue(raw.pm25) ? 'pm25' : 'pm10';
  for (const p of vnAqiPollutants) {
    const v = raw[p];
    if (!isValue(v)) continue;
    subIndices[p] = roundHalfUp(v);
    if (subIndices[p] > (subIndices[major] ?? -1)) major = p;
  }
  const aqi = subIndices[major] as number;
  return { aqi, major, subIndices, band: vnAqiBand(aqi) };
}

/**
 * AQI giờ (mục 2.2.1). `hours[0]` is the current hour, `hours[1]` the hour before, … (the
 * decision's c1, c2, …); 12 hours are used for the PM NowCast, the current hour for the gases
 * (O3 with the 1-hour column). `null` when neither PM2.5 nor PM10 can be computed.
 */
export function hourlyAqi(hours: readonly HourlyMeans[]): VnAqiResult | null {
  const now = hours[0] ?? {};
  const pm = (p: 'pm25' | 'pm10') => subIndex(p, nowcast(hours.map((h) => h[p])));
  return aqiResult({
    pm25: pm('pm25'),
    pm10: pm('pm10'),
    o3: subIndex('o3_1h', now.o3),
    no2: subIndex('no2', now.no2),
    so2: subIndex('so2', now.so2),
    co: subIndex('co', now.co),
  });
}
