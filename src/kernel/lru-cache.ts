import { LRUCache } from 'lru-cache';

/** A count-bounded least-recently-used map. Expiry, where needed, is the caller's (entries carry it). */
export interface LruCache<K, V> {
  get(key: K): V | undefined;
  /** Whether the key is present; does not count as a use. */
  has(key: K): boolean;
  set(key: K, value: V): void;
  delete(key: K): boolean;
  clear(): void;
  values(): IterableIterator<V>;
  readonly size: number;
}

// Backed by the lru-cache package: O(1) reads, writes and evictions. (A Map re-inserted on every
// read evicts by iterating from its first entry, which in V8 skips every deleted slot before it:
// with thousands of entries, each eviction cost tens of microseconds.)
export function createLruCache<K extends NonNullable<unknown>, V extends NonNullable<unknown>>(
  maxEntries: number,
): LruCache<K, V> {
  const lru = new LRUCache<K, V>({ max: maxEntries });
  return {
    get: (key) => lru.get(key),
    has: (key) => lru.has(key),
    set: (key, value) => void lru.set(key, value),
    delete: (key) => lru.delete(key),
    clear: () => lru.clear(),
    values: () => lru.values(),
    get size() {
      return lru.size;
    },
  };
}
