import { createLruCache, type LruCache } from '../../kernel/index.js';
import type { SqlExecutor } from '../../store/index.js';
import type { LoadedEntity } from './entity-repo.js';

// The current state of recently used entities, kept in memory so that a read by id or the
// read-before-write of an update neither queries the store nor parses a document. Only for a
// store that this process alone writes (SQLite): every write goes through EntityRepo, which tells
// the cache, so the cache can never hold a state older than the store's.
//
// The cache holds committed states only. A write marks its entity pending (its entry is dropped at
// once) and installs the new state when its transaction commits (Store.write's afterOutcome hook);
// while an entity is pending, reads go to the store, where the transaction sees its own writes
// and every other reader the committed state, and nothing read then is cached.
//
// States are shared by every reader: a caller that changed one would change them all, so none
// does. With `freeze` (DOTHI_FREEZE_SHARED_STATES, on in the tests), cached states are deep-frozen and any such change fails
// loudly; not in production, where frozen objects make V8's property access polymorphic across
// the broker (attribute PATCH measured 10-15 % slower).

export interface EntityCacheStats {
  entries: number;
  hits: number;
  misses: number;
}

export class EntityCache {
  private readonly lru: LruCache<string, LoadedEntity>;
  /** Writes not yet committed or undone, by entity. */
  private readonly pending = new Map<string, number>();
  private hits = 0;
  private misses = 0;

  private readonly freeze: (loaded: LoadedEntity) => LoadedEntity;

  constructor(maxEntries: number, opts: { freeze?: boolean } = {}) {
    this.lru = createLruCache(maxEntries);
    this.freeze = opts.freeze === true ? frozen : (loaded) => loaded;
  }

  /** The committed state of an entity, when cached and not being written. */
  get(tenant: string, id: string): LoadedEntity | undefined {
    const key = keyOf(tenant, id);
    const found = this.pending.has(key) ? undefined : this.lru.get(key);
    if (found === undefined) this.misses++;
    else this.hits++;
    return found;
  }

  /** Keeps a state just read from the store, unless a write of the entity is in progress. */
  remember(tenant: string, id: string, loaded: LoadedEntity): void {
    const key = keyOf(tenant, id);
    if (!this.pending.has(key)) this.lru.set(key, this.freeze(loaded));
  }

  /**
   * Called by a unit of work before it writes an entity: `next` is the state it writes (undefined
   * for a delete), cached once the unit commits.
   */
  written(tx: SqlExecutor, tenant: string, id: string, next: LoadedEntity | undefined): void {
    if (tx.afterOutcome === undefined) throw new Error('entity writes run in a unit of work (Store.write)');
    const key = keyOf(tenant, id);
    this.lru.delete(key);
    this.pending.set(key, (this.pending.get(key) ?? 0) + 1);
    tx.afterOutcome((committed) => {
      const left = this.pending.get(key)! - 1;
      if (left === 0) this.pending.delete(key);
      else this.pending.set(key, left);
      // Undone: whatever was cached meanwhile goes too (the next read takes the store's state).
      if (!committed) {
        this.lru.delete(key);
        return;
      }
      // Units commit in order, so the last hook of a transaction leaves the last state written.
      if (next === undefined) this.lru.delete(key);
      else this.lru.set(key, this.freeze(next));
    });
  }

  stats(): EntityCacheStats {
    return { entries: this.lru.size, hits: this.hits, misses: this.misses };
  }
}

const keyOf = (tenant: string, id: string) => `${tenant}\u0000${id}`;

function frozen(loaded: LoadedEntity): LoadedEntity {
  deepFreeze(loaded.entity);
  return Object.freeze(loaded);
}

function deepFreeze(value: unknown): void {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return;
  Object.freeze(value);
  if (Array.isArray(value)) for (const v of value) deepFreeze(v);
  else for (const k in value) deepFreeze((value as Record<string, unknown>)[k]);
}
