// A small time-bounded cache for resolved credentials, so that the request path needs no hash
// check against the store or the identity provider for a credential seen in the last seconds.
// Bounded: a stream of new (even bogus) credentials evicts the least recently used, in O(1).
import { createLruCache, type LruCache } from '../kernel/index.js';

export class CredentialCache<V> {
  private readonly entries: LruCache<string, { value: V; until: number }>;

  constructor(
    private readonly ttlMs: number,
    max = 10_000,
  ) {
    this.entries = createLruCache(max);
  }

  get(key: string, now: number): V | undefined {
    const e = this.entries.get(key);
    if (e === undefined) return undefined;
    if (e.until <= now) {
      this.entries.delete(key);
      return undefined;
    }
    return e.value;
  }

  set(key: string, value: V, now: number, until = now + this.ttlMs): void {
    this.entries.set(key, { value, until: Math.min(until, now + this.ttlMs) });
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }
}
