import type { FastifyPluginAsync } from 'fastify';
import type { Clock, Config, Logger } from '../kernel/index.js';
import type { Store } from '../store/index.js';
import { ngsiApi, type NgsiAccess } from './api/index.js';
import {
  createContextRegistry,
  createContextResolver,
  type ContextRegistry,
  type ContextResolver,
} from './context/index.js';
import { EntityCache } from './entity/entity-cache.js';
import { LookupCounts } from './entity/lookup-counts.js';
import { createEntityService, type EntityService } from './entity/entity-service.js';
import type { ChangeRecorder } from './entity/entity-deps.js';
import type { EntityIndexer } from './entity/entity-repo.js';
import { createGeoShapeWriter } from './geoquery/index.js';
import { indexAttrRows, indexRows } from './query/index.js';
import { createSubscriptions, type SubscriptionService } from './subscription/index.js';
import { createHistoryRecorder, createTemporalService, parseRetentionRules } from './temporal/index.js';

export interface Ngsi {
  entities: EntityService;
  contexts: ContextResolver;
  registry: ContextRegistry;
  api: FastifyPluginAsync;
  subscriptions: SubscriptionService;
  /** Starts background work (notification delivery, beginning with pending notifications). */
  start(): Promise<void>;
  /** Stops background work; call before the store closes. */
  close(): Promise<void>;
}

export interface NgsiOptions {
  store: Store;
  clock: Clock;
  log: Logger;
  config: Config;
  /** Access control of the API by entity type (src/auth). */
  access?: NgsiAccess;
  /** More work inside each entity write's transaction (the audit log). */
  recorders?: readonly ChangeRecorder[];
}

/** The index writers of entity writes: scalar values (query) and shapes (geo-query). */
export function entityIndexer(store: Store): EntityIndexer {
  return { valueRows: indexRows, attrValueRows: indexAttrRows, ...createGeoShapeWriter(store.dialect.geo) };
}

/** The context broker: entities, @context handling and the NGSI-LD API. */
export function createNgsi(opts: NgsiOptions): Ngsi {
  const { store, clock, log, config } = opts;
  const registry = createContextRegistry(
    {
      all: (sql, params) => store.read.all(sql, params),
      get: (sql, params) => store.read.get(sql, params),
      run: (sql, params) => store.write((tx) => tx.run(sql, params)),
    },
    clock,
    { baseUrl: config.DOTHI_PUBLIC_URL ?? `http://localhost:${config.PORT}` },
  );
  const contexts = createContextResolver({
    fetchEnabled: config.DOTHI_CONTEXT_FETCH,
    timeoutMs: config.DOTHI_CONTEXT_TIMEOUT_MS,
    maxBytes: config.DOTHI_CONTEXT_MAX_BYTES,
    cacheTtlS: config.DOTHI_CONTEXT_CACHE_TTL_S,
    privateHosts: config.DOTHI_CONTEXT_PRIVATE_HOSTS,
    registry,
    log,
  });
  const subscriptions = createSubscriptions({
    store,
    clock,
    log,
    contexts,
    notifier: {
      minBackoffMs: config.DOTHI_NOTIFY_RETRY_MIN_MS,
      maxBackoffMs: config.DOTHI_NOTIFY_RETRY_MAX_MS,
      concurrency: config.DOTHI_NOTIFY_CONCURRENCY,
    },
  });
  const entities = createEntityService({
    store,
    indexer: entityIndexer(store),
    clock,
    // Where the store plans q lookups without value statistics (SQLite).
    ...(store.dialect.query.countsLookups ? { lookupCounts: new LookupCounts() } : {}),
    // In memory only where this process is the store's one writer: on PostgreSQL, other dothi
    // processes may write the same entities. With 0 entries it keeps no states, but still tracks
    // pending writes for pipelined units of work (entity-cache.ts).
    ...(store.dialect.name === 'sqlite'
      ? {
          cache: new EntityCache(config.DOTHI_ENTITY_CACHE_ENTRIES, {
            freeze: config.DOTHI_FREEZE_SHARED_STATES,
          }),
        }
      : {}),
    recorders: [createHistoryRecorder(clock), subscriptions.recorder, ...(opts.recorders ?? [])],
  });
  entities.onChange(subscriptions.committed);
  const temporal = createTemporalService({
    store,
    entities,
    clock,
    log,
    retention: parseRetentionRules(config.DOTHI_HISTORY_RETENTION),
    pruneIntervalMs: config.DOTHI_HISTORY_PRUNE_S * 1000,
    maxInstances: config.DOTHI_TEMPORAL_MAX_INSTANCES,
  });
  const api = ngsiApi({
    entities,
    contexts,
    registry,
    clock,
    temporal,
    subscriptions: subscriptions.service,
    ...(opts.access === undefined ? {} : { access: opts.access }),
    limits: {
      defaultLimit: config.DOTHI_QUERY_DEFAULT_LIMIT,
      maxLimit: config.DOTHI_QUERY_MAX_LIMIT,
      batchMax: config.DOTHI_BATCH_MAX,
    },
  });
  return {
    entities,
    contexts,
    registry,
    api,
    subscriptions: subscriptions.service,
    start: async () => {
      await subscriptions.start();
      temporal.start();
    },
    close: async () => {
      await temporal.stop();
      await subscriptions.stop();
    },
  };
}
