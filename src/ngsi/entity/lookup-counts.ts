import { createLruCache, type LruCache } from '../../kernel/index.js';

// Remembered row counts of q equality lookups, for the query planner of a store without value
// statistics (SQLite, see entity-reads.ts). An equality usually selects few entities (the most
// common q: `category=="c42"`), but not always (`status=="free"` over half of 100,000 entities,
// whose lookup would list 50,000 keys before a page of 20). Counting it before every query would
// cost a statement each time; its count, capped like every lookup count, is kept for a while
// instead, so that a query pays for one count per lookup and period. A value that became common
// since its count is only slower to query until the count is taken again, never wrong.

/** How long a count is trusted. */
export const LOOKUP_COUNT_TTL_MS = 5 * 60_000;

export class LookupCounts {
  private readonly counts: LruCache<string, { n: number; at: number }>;

  constructor(
    entries = 10_000,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.counts = createLruCache(entries);
  }

  /** The remembered count of the lookup (its SQL and parameters), unless too old. */
  get(key: string): number | undefined {
    const found = this.counts.get(key);
    return found !== undefined && this.now() - found.at < LOOKUP_COUNT_TTL_MS ? found.n : undefined;
  }

  set(key: string, n: number): void {
    this.counts.set(key, { n, at: this.now() });
  }
}
