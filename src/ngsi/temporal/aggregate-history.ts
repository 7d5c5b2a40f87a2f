import type { QueryHooks, SqlExecutor, Store } from '../../store/index.js';
import { periodBounds } from './aggr-period.js';
import {
  boundsOf,
  lowOf,
  outside,
  periodIndex,
  rolledSpan,
  windowOf,
  type Bounds,
  type Periods,
  type Span,
} from './aggregate-bounds.js';
import {
  dirtySeries,
  historyAttrs,
  historyEdge,
  hourSums,
  rawSums,
  type HourRow,
  type RawWindow,
  type SumColumn,
} from './aggregate-repo.js';
import { rolledUpTo } from './hourly-rollups.js';
import { columnsFor, methodValue, SeriesSums } from './period-sums.js';
import type { AggrMethod, Aggregation, TemporalQuery } from './temporal-query.js';

// The aggregated temporal representation's values (CIM 009 §4.5.19) of many entities at once:
// the entities whose periods are the same (always, with timerel=between) are summed together,
// a few statements for all of their attributes. Whole hours already rolled up (attr_hourly) are
// read from their hourly sums, the open edges raw: the answer is the same as from raw rows
// alone, since every method but distinctCount is derived from sums that add up (distinctCount,
// and createdAt/modifiedAt, read raw rows only).

export type AggregatedValues = Partial<Record<AggrMethod, Array<[number, string, string]>>>;

type Series = readonly [string, string];

/** What a request sums: its series, window, periods and columns. */
interface Job {
  read: SqlExecutor;
  hooks: QueryHooks;
  tenant: string;
  q: TemporalQuery;
  columns: readonly SumColumn[];
  window: RawWindow;
  /** [entity id, attribute] of every series, numbered by position. */
  series: Series[];
  sums: SeriesSums;
  /** attr_hourly_mark.upto, read once per request. */
  upto: () => Promise<string | undefined>;
}

/** The periods of an entity: from timeAt when the interval has a start, else its first instance. */
async function periodsOf(job: Job, id: string, attrs: readonly string[], a: Aggregation) {
  const bounded = job.q.timerel === 'after' || job.q.timerel === 'between';
  const key = { tenant: job.tenant, id, attrs };
  const start = bounded ? job.q.timeAt : await historyEdge(job.read, key, 'first');
  const end = job.window.to ?? (await historyEdge(job.read, key, 'last'));
  if (start === undefined || end === undefined) return undefined;
  return { key: `${start} ${end}`, make: () => periodBounds(start, end, a.period!) };
}

/** The hours [from, to) that attr_hourly can answer for, or undefined. */
async function spanOf(job: Job, periods: Periods, bounds: Bounds): Promise<Span | undefined> {
  if (job.columns.includes('dcnt') || job.q.timeproperty !== 'observedAt') return;
  const upto = await job.upto();
  return upto === undefined ? undefined : rolledSpan(periods, bounds, upto);
}

/** Adds hourly rows to the period their hour starts in; hours come mostly in order, so the last period is tried first. */
function addHours(job: Job, periods: Periods, rows: readonly HourRow[]): void {
  let at = 0;
  for (const h of rows) {
    let p = periods[at];
    if (p === undefined || h.hour < p[0] || h.hour >= p[1]) {
      at = periodIndex(periods, h.hour);
      p = periods[at];
      if (p === undefined) continue;
    }
    job.sums.add(h.k, at, p[0], p[1], h);
  }
}

/** Adds the raw sums of series `keys` over [i, lo, hi) bounds. */
async function addRaw(job: Job, periods: Periods, keys: number[], bounds: Bounds): Promise<void> {
  const rows = await rawSums(job.read, {
    hooks: job.hooks,
    tenant: job.tenant,
    series: keys.map((k) => job.series[k]!),
    keys,
    bounds,
    window: job.window,
    timeproperty: job.q.timeproperty,
    columns: job.columns,
  });
  for (const r of rows) {
    const p = periods[r.i!]!;
    job.sums.add(r.k, r.i!, p[0], p[1], r);
  }
}

/** Adds the hours [from, to) of series `keys` from an hourly table. */
async function addHourly(
  job: Job,
  periods: Periods,
  table: 'attr_hourly' | 'attr_rollups',
  keys: number[],
  span: Span,
): Promise<void> {
  const series = { tenant: job.tenant, series: keys.map((k) => job.series[k]!), keys };
  addHours(job, periods, await hourSums(job.read, job.hooks, table, series, job.columns, span));
}

/**
 * Sums the series `keys` over the same periods: rolled-up hours from attr_hourly and the rest
 * raw, except for series with hours rolled up before a late change (read raw until rolled up
 * again); pruned hours from attr_rollups.
 */
async function sumPeriods(job: Job, keys: number[], periods: Periods): Promise<void> {
  const bounds = boundsOf(periods, job.window);
  const span = await spanOf(job, periods, bounds);
  if (span === undefined) await addRaw(job, periods, keys, bounds);
  else {
    const series = { tenant: job.tenant, series: keys.map((k) => job.series[k]!) };
    const dirty = await dirtySeries(job.read, series, span.from, span.to);
    const clean = keys.filter((_, n) => !dirty.has(n));
    await addRaw(job, periods, clean, outside(bounds, span));
    await addRaw(
      job,
      periods,
      keys.filter((_, n) => dirty.has(n)),
      bounds,
    );
    await addHourly(job, periods, 'attr_hourly', clean, span);
  }
  // Roll-ups exist for observation time only: createdAt/modifiedAt ask about raw rows.
  if (job.q.timeproperty !== 'observedAt' || bounds.length === 0) return;
  const all = { from: bounds[0]![1], to: bounds[bounds.length - 1]![2] };
  await addHourly(job, periods, 'attr_rollups', keys, all);
}

/** Without periods: one sum per series over the whole window, shown from its first to its last instance. */
async function sumWhole(job: Job, keys: number[]): Promise<void> {
  const base = {
    hooks: job.hooks,
    tenant: job.tenant,
    series: keys.map((k) => job.series[k]!),
    keys,
    timeproperty: job.q.timeproperty,
    columns: job.columns,
  };
  for (const r of await rawSums(job.read, { ...base, bounds: undefined, window: job.window }))
    job.sums.add(r.k, 0, r.s!, r.e!, r);
  if (job.q.timeproperty !== 'observedAt') return;
  const from = lowOf(job.window) ?? '';
  const span = { from, to: job.window.to ?? '~' };
  for (const h of await hourSums(job.read, job.hooks, 'attr_rollups', base, job.columns, span))
    job.sums.add(h.k, 0, h.hour, h.hour, h);
}

/** Per series, each method's [value, startAt, endAt] list in time order (absent: no instance). */
function valuesOf(job: Job, methods: readonly AggrMethod[]) {
  const out = new Map<string, Map<string, AggregatedValues>>();
  job.series.forEach(([id, attr], k) => {
    const periods = job.sums.series[k];
    if (periods === undefined) return;
    const values: AggregatedValues = {};
    for (const p of periods) {
      if (p === undefined) continue;
      for (const m of methods) {
        const v = methodValue(m, p);
        if (v !== undefined) (values[m] ??= []).push([v, p.s, p.e]);
      }
    }
    let attrs = out.get(id);
    if (attrs === undefined) out.set(id, (attrs = new Map()));
    attrs.set(attr, values);
  });
  return out;
}

/** Per entity and attribute, each method's [value, startAt, endAt] list in time order. */
export async function aggregateHistory(
  store: Pick<Store, 'read' | 'dialect'>,
  tenant: string,
  ids: readonly string[],
  attrs: readonly string[] | undefined,
  q: TemporalQuery,
): Promise<Map<string, Map<string, AggregatedValues>>> {
  const a = q.aggregation!;
  let upto: Promise<string | undefined> | undefined;
  const read = store.read;
  const job: Job = {
    read,
    hooks: store.dialect.query,
    tenant,
    q,
    columns: columnsFor(a.methods),
    window: windowOf(q),
    series: [],
    sums: new SeriesSums(),
    upto: () => (upto ??= rolledUpTo(read)),
  };
  // Attributes in name order, so that each entity's are shown in that order.
  const groups = new Map<string, { make: () => Periods; keys: number[] }>();
  for (const id of ids) {
    const names = [...new Set(attrs ?? (await historyAttrs(read, tenant, id)))].sort();
    if (names.length === 0) continue;
    const plan = a.period === undefined ? { key: '', make: () => [] } : await periodsOf(job, id, names, a);
    if (plan === undefined) continue;
    const group = groups.get(plan.key) ?? { make: plan.make, keys: [] };
    groups.set(plan.key, group);
    for (const attr of names) group.keys.push(job.series.push([id, attr]) - 1);
  }
  for (const g of groups.values()) {
    if (a.period === undefined) await sumWhole(job, g.keys);
    else await sumPeriods(job, g.keys, g.make());
  }
  return valuesOf(job, a.methods);
}
