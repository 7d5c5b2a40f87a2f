// Streetlight control: on at sunset, off at sunrise (for the light's own coordinates), dimmed to
// 60 % between 23:00 and 05:00 when the streets are quiet. Pure.
import type { LngLat } from '../city/city-pack.js';
import { localTime } from '../local-time.js';
import { isDark } from './sun.js';

export const LAMP_WATTS = 150;
export const DIM_LEVEL = 0.6;

export interface LightState {
  powerState: 'on' | 'off';
  /** 0..1 of full output. */
  illuminanceLevel: number;
}

export function lightState(t: number, where: LngLat, hasPower = true): LightState {
  if (!hasPower || !isDark(t, where)) return { powerState: 'off', illuminanceLevel: 0 };
  const hour = localTime(t).hour;
  const dimmed = hour >= 23 || hour < 5;
  return { powerState: 'on', illuminanceLevel: dimmed ? DIM_LEVEL : 1 };
}

/** Power drawn, W: a defective lamp draws nothing. */
export const lampWatts = (s: LightState, ok: boolean): number => (ok ? LAMP_WATTS * s.illuminanceLevel : 0);
