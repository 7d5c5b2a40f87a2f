import type { Clock } from '../kernel/index.js';

// Per-device token buckets: each device may send `perSecond` messages a second on average, in
// bursts of up to `burst`, so that one flooding device cannot starve the others.

export interface RateLimiter {
  /** Takes one token for `key`; false when the bucket is empty. */
  take(key: string): boolean;
}

interface Bucket {
  tokens: number;
  at: number;
}

const maxBuckets = 500_000;

export function createRateLimiter(clock: Clock, perSecond: number, burst: number): RateLimiter {
  const buckets = new Map<string, Bucket>();
  return {
    take(key) {
      const now = clock.now();
      let b = buckets.get(key);
      if (b === undefined) {
        if (buckets.size >= maxBuckets) buckets.clear();
        b = { tokens: burst, at: now };
        buckets.set(key, b);
      }
      b.tokens = Math.min(burst, b.tokens + ((now - b.at) / 1000) * perSecond);
      b.at = now;
      if (b.tokens < 1) return false;
      b.tokens -= 1;
      return true;
    },
  };
}
