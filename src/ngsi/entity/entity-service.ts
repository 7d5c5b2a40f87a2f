import type { Clock } from '../../kernel/index.js';
import type { Store } from '../../store/index.js';
import * as attributes from './attribute-writes.js';
import * as batch from './batch-ops.js';
import * as discovery from './discovery.js';
import type { EntityCache } from './entity-cache.js';
import type { ChangeListener, ChangeRecorder, EntityChange, EntityDeps, WriteOrigin } from './entity-deps.js';
import * as reads from './entity-reads.js';
import { EntityRepo, type EntityIndexer } from './entity-repo.js';
import type { LookupCounts } from './lookup-counts.js';
import * as writes from './entity-writes.js';
import type { AttrInstance, EntityInput } from './model.js';
import { Tenants } from './tenants.js';

type Rest<F> = F extends (deps: never, ...args: infer A) => infer R ? (...args: A) => R : never;

/** The entity operations, bound to their dependencies. Each lives in a file of its kind. */
export interface EntityService {
  create: Rest<typeof writes.createEntity>;
  replace: Rest<typeof writes.replaceEntity>;
  merge: Rest<typeof writes.mergeEntity>;
  delete: Rest<typeof writes.deleteEntity>;
  appendAttributes: Rest<typeof attributes.appendAttributes>;
  updateAttributes: Rest<typeof attributes.updateAttributes>;
  partialUpdateAttribute: Rest<typeof attributes.partialUpdateAttribute>;
  replaceAttribute: Rest<typeof attributes.replaceAttribute>;
  deleteAttribute: Rest<typeof attributes.deleteAttribute>;
  batchCreate: Rest<typeof batch.batchCreate>;
  batchUpsert: Rest<typeof batch.batchUpsert>;
  batchUpdate: Rest<typeof batch.batchUpdate>;
  batchMerge: Rest<typeof batch.batchMerge>;
  batchDelete: Rest<typeof batch.batchDelete>;
  retrieve: Rest<typeof reads.retrieveEntity>;
  query: Rest<typeof reads.queryEntities>;
  listTypeNames: Rest<typeof discovery.listTypeNames>;
  listTypes: Rest<typeof discovery.listTypes>;
  describeType: Rest<typeof discovery.describeType>;
  listAttributes: Rest<typeof discovery.listAttributes>;
  describeAttribute: Rest<typeof discovery.describeAttribute>;
  /** The same operations, with every change they record made for `origin` (undefined: the platform). */
  as(origin: WriteOrigin | undefined): EntityService;
  /** Adds a listener for committed changes; returns the function that removes it. */
  onChange(listener: ChangeListener): () => void;
  readonly dialect: Store['dialect'];
}

export function createEntityService(opts: {
  store: Store;
  indexer: EntityIndexer;
  clock: Clock;
  /** Writers that must commit with each change (history, notification outbox). */
  recorders?: readonly ChangeRecorder[];
  /** Recent entity states in memory: only for a store no other process writes (see entity-cache.ts). */
  cache?: EntityCache;
  /** Remembered counts of equality lookups, for a store that counts q lookups (see lookup-counts.ts). */
  lookupCounts?: LookupCounts;
}): EntityService {
  const listeners = new Set<ChangeListener>();
  const recorders = opts.recorders ?? [];
  const base: EntityDeps = {
    store: opts.store,
    repo: new EntityRepo(opts.store, opts.indexer, opts.cache),
    tenants: new Tenants(),
    // A plain member, not a spread: `base` is read by every operation, and keeps a fast shape.
    lookupCounts: opts.lookupCounts,
    clock: opts.clock,
    emit: (changes: readonly EntityChange[]) => {
      for (const l of listeners) l(changes);
    },
    record: recordFor(undefined),
  };
  function recordFor(origin: WriteOrigin | undefined): EntityDeps['record'] {
    return async (tx, change) => {
      if (origin !== undefined) change.origin = origin;
      for (const r of recorders) await r(tx, change);
    };
  }
  const platform = serviceOf(base);
  return platform;

  function serviceOf(deps: EntityDeps): EntityService {
    return {
      create: (tenant: string, input: EntityInput) => writes.createEntity(deps, tenant, input),
      replace: (tenant, input) => writes.replaceEntity(deps, tenant, input),
      merge: (tenant, id, input) => writes.mergeEntity(deps, tenant, id, input),
      delete: (tenant, id) => writes.deleteEntity(deps, tenant, id),
      appendAttributes: (tenant, id, attrs: Record<string, AttrInstance[]>, noOverwrite) =>
        attributes.appendAttributes(deps, tenant, id, attrs, noOverwrite),
      updateAttributes: (tenant, id, attrs) => attributes.updateAttributes(deps, tenant, id, attrs),
      partialUpdateAttribute: (tenant, id, name, patch) =>
        attributes.partialUpdateAttribute(deps, tenant, id, name, patch),
      replaceAttribute: (tenant, id, name, incoming) =>
        attributes.replaceAttribute(deps, tenant, id, name, incoming),
      deleteAttribute: (tenant, id, name, o) => attributes.deleteAttribute(deps, tenant, id, name, o),
      batchCreate: (tenant, items) => batch.batchCreate(deps, tenant, items),
      batchUpsert: (tenant, items, mode) => batch.batchUpsert(deps, tenant, items, mode),
      batchUpdate: (tenant, items, noOverwrite) => batch.batchUpdate(deps, tenant, items, noOverwrite),
      batchMerge: (tenant, items) => batch.batchMerge(deps, tenant, items),
      batchDelete: (tenant, items) => batch.batchDelete(deps, tenant, items),
      retrieve: (tenant, id) => reads.retrieveEntity(deps, tenant, id),
      query: (tenant, filters, page) => reads.queryEntities(deps, tenant, filters, page),
      listTypeNames: (tenant, scope) => discovery.listTypeNames(deps, tenant, scope),
      listTypes: (tenant, scope) => discovery.listTypes(deps, tenant, scope),
      describeType: (tenant, type, scope) => discovery.describeType(deps, tenant, type, scope),
      listAttributes: (tenant, scope) => discovery.listAttributes(deps, tenant, scope),
      describeAttribute: (tenant, name, scope) => discovery.describeAttribute(deps, tenant, name, scope),
      onChange: (listener) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      as: (origin) => (origin === undefined ? platform : serviceOf({ ...base, record: recordFor(origin) })),
      dialect: opts.store.dialect,
    };
  }
}
