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
// A pipelined unit of work (store/group-commit.ts) cannot read what the units before it wrote, as
// those writes have not run yet; it asks `pendingState` for the last state written and not yet
// committed or undone, and the committed state otherwise (EntityRepo.load). The cache tracks
// pending writes even when it keeps no states (0 entries).
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
  private readonly lru: LruCache<string, LoadedEntity> | undefined;
  /** Writes not yet committed or undone, by entity, oldest first: the states they write. */
  private readonly pending = new Map<string, Array<{ state: LoadedEntity | undefined }>>();
  private hits = 0;
  private misses = 0;

  private readonly freeze: (loaded: LoadedEntity) => LoadedEntity;

  constructor(maxEntries: number, opts: { freeze?: boolean } = {}) {
    this.lru = maxEntries > 0 ? createLruCache(maxEntries) : undefined;
    this.freeze = opts.freeze === true ? frozen : (loaded) => loaded;
  }

  /** The committed state of an entity, when cached and not being written. */
  get(tenant: string, id: string): LoadedEntity | undefined {
    const key = keyOf(tenant, id);
    const found = this.pending.has(key) ? undefined : this.lru?.get(key);
    if (found === undefined) this.misses++;
    else this.hits++;
    return found;
  }

  /** Whether a committed state of the entity is cached (counts neither a hit nor a miss). */
  has(tenant: string, id: string): boolean {
    return this.lru?.has(keyOf(tenant, id)) === true;
  }

  /** Keeps a state just read from the store, unless a write of the entity is in progress. */
  remember(tenant: string, id: string, loaded: LoadedEntity): void {
    const key = keyOf(tenant, id);
    if (!this.pending.has(key)) this.lru?.set(key, this.freeze(loaded));
  }

  /**
   * For a pipelined unit of work: the state the last pending write of the entity leaves
   * (`state` undefined: deleted), or undefined when no write of it is pending.
   */
  pendingState(tenant: string, id: string): { state: LoadedEntity | undefined } | undefined {
    return this.pending.get(keyOf(tenant, id))?.at(-1);
  }

  /**
   * Called by a unit of work before it writes an entity: `next` is the state it writes (undefined
   * for a delete), cached once the unit commits, unless `admit` is false. A new entity's state is
   * not admitted (EntityRepo.insert): it enters the cache when it is first read or updated, so
   * that creates, and a bulk import above all, do not push out the states in use.
   */
  written(tx: SqlExecutor, tenant: string, id: string, next: LoadedEntity | undefined, admit = true): void {
    if (tx.afterOutcome === undefined) throw new Error('entity writes run in a unit of work (Store.write)');
    const key = keyOf(tenant, id);
    this.lru?.delete(key);
    const write = { state: next === undefined ? undefined : this.freeze(next) };
    const writes = this.pending.get(key);
    if (writes === undefined) this.pending.set(key, [write]);
    else writes.push(write);
    tx.afterOutcome((committed) => {
      const left = this.pending.get(key)!;
      left.splice(left.indexOf(write), 1);
      if (left.length === 0) this.pending.delete(key);
      // Undone: whatever was cached meanwhile goes too (the next read takes the store's state).
      if (!committed) {
        this.lru?.delete(key);
        return;
      }
      // Units commit in order, so the last hook of a transaction leaves the last state written.
      if (write.state === undefined || !admit) this.lru?.delete(key);
      else this.lru?.set(key, write.state);
    });
  }

  stats(): EntityCacheStats {
    return { entries: this.lru?.size ?? 0, hits: this.hits, misses: this.misses };
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
