// VN_AQI categories and colours, Decision 1459/QĐ-TCMT (2019), Bảng 1.
export interface AqiBand {
  max: number;
  status: AqiStatus;
  rgb: string;
}
export const aqiStatuses = ['good', 'moderate', 'poor', 'bad', 'veryBad', 'hazardous'] as const;
export type AqiStatus = (typeof aqiStatuses)[number];

export const aqiBands: readonly AqiBand[] = [
  { max: 50, status: 'good', rgb: 'rgb(0,228,0)' },
  { max: 100, status: 'moderate', rgb: 'rgb(255,255,0)' },
  { max: 150, status: 'poor', rgb: 'rgb(255,126,0)' },
  { max: 200, status: 'bad', rgb: 'rgb(255,0,0)' },
  { max: 300, status: 'veryBad', rgb: 'rgb(143,63,151)' },
  { max: Infinity, status: 'hazardous', rgb: 'rgb(126,0,35)' },
];

/** The band of a VN_AQI value (integers; 0–50 is the first band). */
export function aqiBand(aqi: number): AqiBand {
  return aqiBands.find((b) => aqi <= b.max) ?? aqiBands[aqiBands.length - 1]!;
}
