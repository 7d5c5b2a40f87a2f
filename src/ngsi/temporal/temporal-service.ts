import { notFound, silentLogger, systemClock, type Clock, type Logger } from '../../kernel/index.js';
import type { Store } from '../../store/index.js';
import type { SqlFilter } from '../entity/entity-reads.js';
import type { EntityService } from '../entity/entity-service.js';
import type { WriteOrigin } from '../entity/entity-deps.js';
import { Tenants } from '../entity/tenants.js';
import { aggregateHistory } from './aggregate-history.js';
import { loadHistory, loadHistoryEntity, type HistoryRow } from './history-repo.js';
import type { AttrInstance } from '../entity/model.js';
import type { TemporalEntityInput } from './parse-temporal-entity.js';
import type { TemporalEntity } from './render-temporal.js';
import { rollUpHistory } from './hourly-rollups.js';
import { createPeriodicTask } from './periodic-task.js';
import { pruneHistory } from './prune-history.js';
import { keepsEverything } from './retention-rules.js';
import { parseRetentionRules, type RetentionRules } from './retention-rules.js';
import * as provision from './temporal-provision.js';
import type { TemporalQuery } from './temporal-query.js';

// Temporal retrieval and query (CIM 009 §5.7.3, §5.7.4). Entities are selected on their current
// state with the entity query (q, type, attrs…); retrieval by id also finds deleted entities.

/** The time range of a truncated answer, for `Content-Range: date-time <start>-<end>/*` (§6.3.x). */
export interface TimeRange {
  start: string;
  end: string;
}

export interface TemporalResult {
  entities: TemporalEntity[];
  /** Set when some instance series held more than the per-series cap. */
  range: TimeRange | undefined;
}

export interface TemporalService {
  retrieve(
    tenant: string,
    id: string,
    attrs: string[] | undefined,
    q: TemporalQuery,
  ): Promise<TemporalResult>;
  query(
    tenant: string,
    filters: readonly SqlFilter[],
    page: { limit: number; offset: number },
    attrs: string[] | undefined,
    q: TemporalQuery,
  ): Promise<TemporalResult>;
  /** POST /temporal/entities (`mustExist` false) and POST …/{id}/attrs (true). */
  /** Entity writes are made for `origin` (see WriteOrigin). */
  provide(
    tenant: string,
    input: TemporalEntityInput,
    mustExist: boolean,
    origin?: WriteOrigin,
  ): Promise<'created' | 'updated'>;
  deleteHistory(tenant: string, id: string): Promise<void>;
  deleteAttrHistory(
    tenant: string,
    id: string,
    attr: string,
    which: { datasetId?: string; deleteAll: boolean },
  ): Promise<void>;
  modifyInstance(
    tenant: string,
    key: { id: string; attr: string; instanceId: string },
    instance: AttrInstance,
  ): Promise<void>;
  deleteInstance(tenant: string, key: { id: string; attr: string; instanceId: string }): Promise<void>;
  /** Rolls up and deletes raw history older than its retention at `now` (epoch ms); the rows deleted. */
  pruneHistory(now: number): Promise<number>;
  /** Rolls up the closed hours not rolled up yet (done in the background too); the series touched. */
  rollUpHistory(): Promise<number>;
  /** Starts periodic pruning (unless retention keeps everything) and roll-ups. */
  start(): void;
  /** Stops periodic pruning; call before the store closes. */
  stop(): Promise<void>;
}

export interface TemporalServiceOptions {
  store: Store;
  entities: EntityService;
  /** Most instances per attribute instance series in one answer (206 with Content-Range beyond). */
  maxInstances?: number;
  /** Dates provision writes and drives pruning; the system clock by default. */
  clock?: Clock;
  /** Retention rules (DOTHI_HISTORY_RETENTION); by default history is kept forever. */
  retention?: RetentionRules;
  /** Time between two pruning runs; one hour by default. */
  pruneIntervalMs?: number;
  /** Time between two roll-up runs; five minutes by default. */
  rollupIntervalMs?: number;
  log?: Logger;
}

export const DEFAULT_MAX_INSTANCES = 1000;

/** Keeps `cap` rows per series and, when one had more, only the time range every series covers. */
export function truncate(
  rows: HistoryRow[],
  cap: number,
  q: TemporalQuery,
): { rows: HistoryRow[]; range?: TimeRange } {
  const series = new Map<string, HistoryRow[]>();
  for (const r of rows) {
    const key = `${r.entity_id} ${r.attr} ${r.dataset_id ?? ''}`;
    const list = series.get(key);
    if (list === undefined) series.set(key, [r]);
    else list.push(r);
  }
  const newestFirst = q.lastN !== undefined;
  let end: string | undefined;
  for (const list of series.values()) {
    if (list.length <= cap) continue;
    // Rows are in time order; the extra row read to detect truncation is the farthest one.
    const kept = newestFirst ? list.slice(1) : list.slice(0, cap);
    const edge = newestFirst ? kept[0]!.t : kept[kept.length - 1]!.t;
    if (end === undefined || (newestFirst ? edge > end : edge < end)) end = edge;
  }
  if (end === undefined) return { rows };
  const inRange = (t: string) => (newestFirst ? t >= end : t <= end);
  const out = rows.filter((r) => inRange(r.t));
  const times = out.map((r) => r.t).sort();
  const first = newestFirst ? times[times.length - 1]! : (q.timeAt ?? times[0]!);
  return { rows: out, range: { start: first, end } };
}

export function createTemporalService(opts: TemporalServiceOptions): TemporalService {
  const { store, entities } = opts;
  const cap = opts.maxInstances ?? DEFAULT_MAX_INSTANCES;
  const tenants = new Tenants();
  const clock = opts.clock ?? systemClock;
  const deps: provision.ProvisionDeps = { store, entities, clock };
  const rules = opts.retention ?? parseRetentionRules(undefined);
  const log = opts.log ?? silentLogger;
  const pruner = createPeriodicTask({
    name: 'history pruning',
    intervalMs: opts.pruneIntervalMs ?? 3_600_000,
    log,
    run: () => pruneHistory(store, rules, clock.now()),
  });
  const rollups = createPeriodicTask({
    name: 'history roll-up',
    intervalMs: opts.rollupIntervalMs ?? 300_000,
    log,
    run: () => rollUpHistory(store, clock.now()),
  });

  async function history(
    tenant: string,
    list: Array<{ id: string; types: readonly string[] }>,
    attrs: string[] | undefined,
    q: TemporalQuery,
  ): Promise<TemporalResult> {
    if (q.aggregation !== undefined) {
      const ids = list.map((e) => e.id);
      const aggregated = await aggregateHistory(store, tenant, ids, attrs, q);
      return {
        entities: list.map((e) => ({
          id: e.id,
          types: e.types,
          rows: [],
          aggregated: aggregated.get(e.id) ?? new Map(),
        })),
        range: undefined,
      };
    }
    const ids = list.map((e) => e.id);
    const rows = await loadHistory(store.read, { tenant, ids, attrs, query: q, cap });
    const cut = truncate(rows, cap, q);
    const byId = new Map<string, HistoryRow[]>();
    for (const r of cut.rows) {
      const l = byId.get(r.entity_id);
      if (l === undefined) byId.set(r.entity_id, [r]);
      else l.push(r);
    }
    return {
      entities: list.map((e) => ({ id: e.id, types: e.types, rows: byId.get(e.id) ?? [] })),
      range: cut.range,
    };
  }

  return {
    async retrieve(tenant, id, attrs, q) {
      await tenants.require(store.read, tenant);
      // The entity and its history are read at once (on PostgreSQL, on two connections); a
      // missing entity is still the answer before any error of the history read.
      const [found, result] = await Promise.allSettled([
        loadHistoryEntity(store.read, tenant, id),
        history(tenant, [{ id, types: [] }], attrs, q),
      ]);
      if (found.status === 'rejected') throw found.reason;
      if (found.value === undefined) throw notFound(`entity ${id} not found`);
      if (result.status === 'rejected') throw result.reason;
      const types = found.value.types;
      return { ...result.value, entities: result.value.entities.map((e) => ({ ...e, types })) };
    },
    async query(tenant, filters, page, attrs, q) {
      const result = await entities.query(tenant, filters, { ...page, count: false });
      return history(tenant, result.entities, attrs, q);
    },
    provide: (tenant, input, mustExist, origin) =>
      provision.provideHistory(deps, tenant, input, mustExist, origin),
    deleteHistory: (tenant, id) => provision.deleteHistory(deps, tenant, id),
    deleteAttrHistory: (tenant, id, attr, which) =>
      provision.deleteAttrHistory(deps, tenant, id, attr, which),
    modifyInstance: (tenant, key, instance) => provision.modifyInstance(deps, tenant, key, instance),
    deleteInstance: (tenant, key) => provision.deleteInstance(deps, tenant, key),
    pruneHistory: (now) => pruneHistory(store, rules, now),
    rollUpHistory: () => rollUpHistory(store, clock.now()),
    start() {
      if (!keepsEverything(rules)) pruner.start();
      rollups.start();
    },
    async stop() {
      await pruner.stop();
      await rollups.stop();
    },
  };
}
