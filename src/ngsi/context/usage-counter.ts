export interface Usage {
  hits: number;
  /** Epoch milliseconds. */
  lastUsage: number;
}

/**
 * Uses of stored @contexts, counted in memory on the hot path and written to the database in batches
 * (`drain`), so that resolving a context never waits for a write.
 */
export function usageCounter() {
  let counts = new Map<string, Usage>();
  return {
    add(id: string, now: number): void {
      const usage = counts.get(id);
      if (usage === undefined) counts.set(id, { hits: 1, lastUsage: now });
      else {
        usage.hits += 1;
        usage.lastUsage = now;
      }
    },
    pending: (id: string): Usage | undefined => counts.get(id),
    forget: (id: string): void => void counts.delete(id),
    drain(): Map<string, Usage> {
      const drained = counts;
      counts = new Map();
      return drained;
    },
  };
}
