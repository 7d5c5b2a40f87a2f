/** The source of time. Tests pass a controllable clock; everything else uses `systemClock`. */
export interface Clock {
  now(): number;
  isoNow(): string;
}

// Writes ask for the time as text several times each; it is formatted once per millisecond.
let lastMs = NaN;
let lastIso = '';

export const systemClock: Clock = {
  now: () => Date.now(),
  isoNow: () => {
    const ms = Date.now();
    if (ms !== lastMs) {
      lastIso = new Date(ms).toISOString();
      lastMs = ms;
    }
    return lastIso;
  },
};

export function fixedClock(start: number): Clock & { advance(ms: number): void; set(ms: number): void } {
  let t = start;
  return {
    now: () => t,
    isoNow: () => new Date(t).toISOString(),
    advance: (ms) => {
      t += ms;
    },
    set: (ms) => {
      t = ms;
    },
  };
}
