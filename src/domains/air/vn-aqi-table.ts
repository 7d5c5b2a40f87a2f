// Decision 1459/QĐ-TCMT (12/11/2019), Bảng 1 and Bảng 2. All concentrations in µg/m³, CO included.

export const vnAqiPollutants = ['pm25', 'pm10', 'o3', 'no2', 'so2', 'co'] as const;
export type VnAqiPollutant = (typeof vnAqiPollutants)[number];

/** The columns of Bảng 2: O3 has a 1-hour and an 8-hour column. */
export type BreakpointColumn = Exclude<VnAqiPollutant, 'o3'> | 'o3_1h' | 'o3_8h';

/** I_i of Bảng 2, i = 1..8. */
export const indexLevels = [0, 50, 100, 150, 200, 300, 400, 500] as const;

/**
 * BP_i of Bảng 2. The table is contiguous (segment i runs from BP_i to BP_{i+1}); the last value of
 * each column is the "≥" value of level 8. O3 (8h) stops at level 6: an 8-hour mean above 400 µg/m³
 * is not used (mục 2.2.2.b).
 */
export const breakpoints: Readonly<Record<BreakpointColumn, readonly number[]>> = {
  o3_1h: [0, 160, 200, 300, 400, 800, 1000, 1200],
  o3_8h: [0, 100, 120, 170, 210, 400],
  co: [0, 10_000, 30_000, 45_000, 60_000, 90_000, 120_000, 150_000],
  so2: [0, 125, 350, 550, 800, 1600, 2100, 2630],
  no2: [0, 100, 200, 700, 1200, 2350, 3100, 3850],
  pm10: [0, 50, 150, 250, 350, 420, 500, 600],
  pm25: [0, 25, 50, 80, 150, 250, 350, 500],
};

export interface VnAqiBand {
  /** Upper AQI value of the band (inclusive). */
  readonly max: number;
  readonly level: 'good' | 'moderate' | 'poor' | 'bad' | 'veryBad' | 'hazardous';
  readonly vi: string;
  readonly en: string;
  /** Bảng 1 colour, as `#rrggbb`. */
  readonly colour: string;
}

/** Bảng 1: AQI ranges 0–50, 51–100, 101–150, 151–200, 201–300, 301–500. */
export const vnAqiBands: readonly VnAqiBand[] = [
  { max: 50, level: 'good', vi: 'Tốt', en: 'Good', colour: '#00e400' },
  { max: 100, level: 'moderate', vi: 'Trung bình', en: 'Moderate', colour: '#ffff00' },
  { max: 150, level: 'poor', vi: 'Kém', en: 'Poor', colour: '#ff7e00' },
  { max: 200, level: 'bad', vi: 'Xấu', en: 'Bad', colour: '#ff0000' },
  { max: 300, level: 'veryBad', vi: 'Rất xấu', en: 'Very bad', colour: '#8f3f97' },
  { max: 500, level: 'hazardous', vi: 'Nguy hại', en: 'Hazardous', colour: '#7e0023' },
];

/** The Bảng 1 band of a (rounded) AQI value. */
export function vnAqiBand(aqi: number): VnAqiBand {
  const band = vnAqiBands.find((b) => aqi <= b.max);
  return band ?? (vnAqiBands[vnAqiBands.length - 1] as VnAqiBand);
}
