import { createHash } from 'node:crypto';
import { createLruCache, type Clock } from '../../kernel/index.js';
import type { FetchedContext } from './fetch-context-document.js';

/** A remote @context downloaded by the broker (kind "Cached" of CIM 009 §5.13). */
export interface CachedContext {
  readonly url: string;
  readonly localId: string;
  readonly documentUrl: string;
  readonly document: Readonly<Record<string, unknown>>;
  readonly createdAt: number;
  readonly expiresAt: number;
  lastUsage: number | undefined;
  hits: number;
}

export interface CachedContexts {
  get(url: string): CachedContext | undefined;
  find(idOrUrl: string): CachedContext | undefined;
  put(url: string, fetched: FetchedContext, ttlMs: number): void;
  remove(url: string): void;
  all(): CachedContext[];
  /** Counts one use; false when the URL is not cached. */
  touch(url: string): boolean;
}

/** In memory, bounded by count (least recently used evicted first), each entry living `ttlMs`. */
export function createCachedContexts(clock: Clock, maxEntries: number): CachedContexts {
  const lru = createLruCache<string, CachedContext>(maxEntries);
  const live = (entry: CachedContext | undefined) => {
    if (entry === undefined || entry.expiresAt > clock.now()) return entry;
    lru.delete(entry.url);
    return undefined;
  };
  const all = () => [...lru.values()].filter((e) => live(e) !== undefined);
  return {
    get: (url) => live(lru.get(url)),
    find: (idOrUrl) => live(lru.get(idOrUrl)) ?? all().find((e) => e.localId === idOrUrl),
    put(url, fetched, ttlMs) {
      // A TTL of 0 turns caching off.
      if (ttlMs <= 0) return;
      const now = clock.now();
      const old = lru.get(url);
      lru.set(url, {
        url,
        localId: localIdOf(url),
        documentUrl: fetched.documentUrl,
        document: fetched.document,
        createdAt: now,
        expiresAt: now + ttlMs,
        lastUsage: old?.lastUsage,
        hits: old?.hits ?? 0,
      });
    },
    remove: (url) => void lru.delete(url),
    all,
    touch(url) {
      const entry = live(lru.get(url));
      if (entry === undefined) return false;
      entry.hits += 1;
      entry.lastUsage = clock.now();
      return true;
    },
  };
}

/** Stable across reloads, so a client can keep using the localId it listed. */
function localIdOf(url: string): string {
  return createHash('sha256').update(url).digest('hex').slice(0, 32);
}
