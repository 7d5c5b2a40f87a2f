// Household water use in HCMC: a morning peak (06:00–08:00), a smaller midday use and an evening
// peak (18:00–21:00), with a small night flow; a leak adds a constant flow. Pure.
import { bump } from '../local-time.js';

/** Litres per hour of a household at `hour`, before any leak. */
export function householdFlowLh(hour: number, weekday: number): number {
  const weekend = weekday === 0 || weekday === 6;
  const morning = weekend ? bump(hour, 8.5, 1.5) : bump(hour, 6.8, 1);
  return 4 + 55 * morning + 18 * bump(hour, 12, 1.5) + 48 * bump(hour, 19.5, 1.5);
}

/** A persistent flow at night (02:00–04:00, when nobody draws water) is the mark of a leak. */
export const nightFlowAlarm = (hour: number, flowLh: number): boolean => hour >= 2 && hour < 4 && flowLh > 12;
