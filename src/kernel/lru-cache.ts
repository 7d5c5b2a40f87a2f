/** A count-bounded least-recently-used map. Expiry, where needed, is the caller's (entries carry it). */
export interface LruCache<K, V> {
  get(key: K): V | undefined;
  set(key: K, value: V): void;
  delete(key: K): boolean;
  clear(): void;
  values(): IterableIterator<V>;
  readonly size: number;
}

export function createLruCache<K, V>(maxEntries: number): LruCache<K, V> {
  // A Map iterates in insertion order: re-inserting on each read keeps the least recently used first.
  const map = new Map<K, V>();
  return {
    get(key) {
      const value = map.get(key);
      if (value !== undefined) {
        map.delete(key);
        map.set(key, value);
      }
      return value;
    },
    set(key, value) {
      map.delete(key);
      map.set(key, value);
      while (map.size > maxEntries) {
        const oldest = map.keys().next();
        if (oldest.done === true) break;
        map.delete(oldest.value);
      }
    },
    delete: (key) => map.delete(key),
    clear: () => map.clear(),
    values: () => map.values(),
    get size() {
      return map.size;
    },
  };
}
