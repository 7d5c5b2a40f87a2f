// How full HCMC car parks are: weekday office peaks (late morning, afternoon) and an evening
// shopping peak; weekends fill in the evening; events add demand. Pure functions.
import { bump } from '../local-time.js';
import type { Rng } from '../rng.js';

/** Expected share of spots taken, 0..0.98. */
export function occupancyShare(hour: number, weekday: number, eventBoost = 0): number {
  const weekend = weekday === 0 || weekday === 6;
  const base = weekend
    ? 0.2 + 0.3 * bump(hour, 11, 2) + 0.6 * bump(hour, 19, 2.5)
    : 0.12 + 0.65 * bump(hour, 10, 2.2) + 0.6 * bump(hour, 15, 2.2) + 0.35 * bump(hour, 19.5, 1.5);
  return Math.min(0.98, base + eventBoost);
}

/** A draw of occupied spots around the expected share: an integer in [0, capacity]. */
export function occupiedSpots(capacity: number, share: number, rng: Rng): number {
  const mean = capacity * share;
  const sd = Math.sqrt(Math.max(capacity * share * (1 - share), 0));
  return Math.min(capacity, Math.max(0, Math.round(rng.normal(mean, sd))));
}

/** The OffStreetParking `status` (dataModel.Parking). */
export function parkingStatus(occupied: number, capacity: number): 'full' | 'almostFull' | 'spacesAvailable' {
  if (occupied >= capacity) return 'full';
  return occupied / capacity >= 0.9 ? 'almostFull' : 'spacesAvailable';
}
