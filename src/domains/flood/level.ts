// Water on a flood-prone street: a small reservoir model. Rain reaches the street through the
// drains with a lag (exponential, `lagMin`), high tide backs up the drains when the river is
// above the street's outfall level, and the drains empty the street at a limited rate. Pure.

export interface FloodSite {
  /** Tide level (m, relative to mean sea level) above which the drains back up. */
  outfallM: number;
  /** How many cm of water 1 mm/h of (lagged) rain adds per hour. */
  runoffCmPerMm: number;
  /** Most the drains take away, cm/h. */
  drainCmPerH: number;
  /** Minutes for rain to reach the street. */
  lagMin: number;
}

export interface FloodState {
  /** Rain as it reaches the street, mm/h (lagged). */
  lagRainMmH: number;
  /** Water depth on the street, cm. */
  depthCm: number;
}

export const dryStreet: FloodState = { lagRainMmH: 0, depthCm: 0 };

/** The state after `dtMin` minutes of `rainMmH` rain at tide `tideM`; sub-steps keep it stable. */
export function stepFlood(
  s: FloodState,
  site: FloodSite,
  dtMin: number,
  rainMmH: number,
  tideM: number,
): FloodState {
  let { lagRainMmH, depthCm } = s;
  const steps = Math.max(1, Math.ceil(dtMin));
  const h = dtMin / steps / 60; // hours per sub-step
  for (let i = 0; i < steps; i++) {
    lagRainMmH += (rainMmH - lagRainMmH) * (1 - Math.exp(-(h * 60) / site.lagMin));
    const tideIn = Math.max(0, tideM - site.outfallM) * 60; // cm/h per metre above the outfall
    const drain = site.drainCmPerH * Math.min(1, depthCm / 5) * (tideM > site.outfallM ? 0.3 : 1);
    depthCm = Math.max(0, depthCm + (lagRainMmH * site.runoffCmPerMm + tideIn - drain) * h);
  }
  return { lagRainMmH, depthCm };
}

export const floodStatuses = ['normal', 'alert', 'danger'] as const;
export type FloodStatus = (typeof floodStatuses)[number];

/** HCMC treats 10 cm of water on a street as flooding and 30 cm as dangerous for motorbikes. */
export const ALERT_CM = 10;
export const DANGER_CM = 30;

export function floodStatus(depthCm: number): FloodStatus {
  if (depthCm >= DANGER_CM) return 'danger';
  return depthCm >= ALERT_CM ? 'alert' : 'normal';
}
