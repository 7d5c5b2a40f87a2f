// Local wall-clock time of the city (Vietnam has one offset, UTC+7, and no daylight saving).

export const HCMC_UTC_OFFSET_MIN = 420;

export interface LocalTime {
  /** Fractional hour of the local day, 0 ≤ hour < 24. */
  hour: number;
  /** Local day of the week, 0 = Sunday. */
  weekday: number;
  /** The instant (ms) of the local day's midnight. */
  dayStart: number;
}

export function localTime(t: number, offsetMin = HCMC_UTC_OFFSET_MIN): LocalTime {
  const local = t + offsetMin * 60_000;
  const day = Math.floor(local / 86_400_000);
  return {
    hour: (local - day * 86_400_000) / 3_600_000,
    weekday: (day + 4) % 7, // 1970-01-01 was a Thursday
    dayStart: day * 86_400_000 - offsetMin * 60_000,
  };
}

/** A smooth bump centred on `at` (hours) with width `sd`, for daily curves. */
export const bump = (hour: number, at: number, sd: number): number =>
  Math.exp(-(((hour - at) / sd) ** 2) / 2);
