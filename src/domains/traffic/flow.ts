// Traffic on a road segment: demand with morning and evening peaks, speed from the BPR
// volume-delay function (US Bureau of Public Roads: t = t0 · (1 + 0.15 · (v/c)^4)). Pure functions.
import { bump } from '../local-time.js';

/** Demand as a share of capacity: peaks around 07:30 and 17:30 on weekdays, flatter on weekends. */
export function demandShare(hour: number, weekday: number): number {
  const weekend = weekday === 0 || weekday === 6;
  if (weekend) return 0.1 + 0.45 * bump(hour, 11, 3) + 0.5 * bump(hour, 19, 2.5);
  return 0.08 + 0.85 * bump(hour, 7.5, 1.1) + 0.35 * bump(hour, 12, 2.5) + 0.95 * bump(hour, 17.5, 1.3);
}

export const congestionLevels = ['free', 'moderate', 'heavy', 'jammed'] as const;
export type CongestionLevel = (typeof congestionLevels)[number];

export interface Flow {
  /** Vehicles in the observation period (5 minutes), all lanes. */
  intensity: number;
  /** km/h. */
  averageVehicleSpeed: number;
  /** Share of time a detector is occupied, 0..1. */
  occupancy: number;
  congested: boolean;
  congestionLevel: CongestionLevel;
}

/** Flow on a segment with `lanes` lanes and free speed `freeKmh`, at volume/capacity `vc`. */
export function flow(vc: number, lanes: number, freeKmh: number, incident = false): Flow {
  const ratio = Math.max(0, incident ? vc * 1.8 : vc);
  const speed = freeKmh / (1 + 0.15 * ratio ** 4);
  // About 1,800 vehicles per lane per hour at capacity; the period is 5 minutes.
  const intensity = Math.round(Math.min(ratio, 1.05) * 1800 * lanes * (5 / 60));
  const level: CongestionLevel =
    ratio < 0.6 ? 'free' : ratio < 0.85 ? 'moderate' : ratio < 1.1 ? 'heavy' : 'jammed';
  return {
    intensity,
    averageVehicleSpeed: Math.round(speed * 10) / 10,
    occupancy: Math.round(Math.min(0.95, 0.08 + 0.45 * ratio ** 2) * 1000) / 1000,
    congested: ratio >= 0.85,
    congestionLevel: level,
  };
}
