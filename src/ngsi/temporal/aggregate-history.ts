import type { SqlExecutor } from '../../store/index.js';
import { periodBounds } from './aggr-period.js';
import {
  aggregateHours,
  aggregateRaw,
  historyAttrs,
  historyEdge,
  periodRows,
  type AggregateRequest,
  type PeriodSums,
} from './aggregate-repo.js';
import { rolledUpTo } from './hourly-rollups.js';
import type { AggrMethod, Aggregation, TemporalQuery } from './temporal-query.js';

// The aggregated temporal representation's values (CIM 009 §4.5.19): per attribute and period,
// the sums from raw rows and roll-ups are merged, then each method is derived from them. Whole
// hours already rolled up (attr_hourly) are read from their hourly sums, the open edges raw:
// the answer is the same as from raw rows alone, since every method but distinctCount is derived
// from sums that add up (distinctCount, and createdAt/modifiedAt, read raw rows only).

const HOUR = 3_600_000;
const aligned = (t: string) => Date.parse(t) % HOUR === 0;
const ceilHour = (t: string) => new Date(Math.ceil(Date.parse(t) / HOUR) * HOUR).toISOString();
const floorHour = (t: string) => new Date(Math.floor(Date.parse(t) / HOUR) * HOUR).toISOString();

export type AggregatedValues = Partial<Record<AggrMethod, Array<[number, string, string]>>>;

function merge(a: PeriodSums, b: PeriodSums): PeriodSums {
  const add = (x: number | null, y: number | null) => (x === null ? y : y === null ? x : x + y);
  const pick = (x: number | null, y: number | null, f: (p: number, q: number) => number) =>
    x === null ? y : y === null ? x : f(x, y);
  return {
    ...a,
    s: a.s < b.s ? a.s : b.s,
    e: a.e > b.e ? a.e : b.e,
    cnt: a.cnt + b.cnt,
    dcnt: a.dcnt + b.dcnt,
    ncnt: a.ncnt + b.ncnt,
    sum: add(a.sum, b.sum),
    sumsq: add(a.sumsq, b.sumsq),
    min: pick(a.min, b.min, Math.min),
    max: pick(a.max, b.max, Math.max),
  };
}

/** One method's value from a period's sums; undefined when it has no numeric instance. */
export function methodValue(m: AggrMethod, p: PeriodSums): number | undefined {
  if (m === 'totalCount') return p.cnt;
  if (m === 'distinctCount') return p.dcnt;
  if (p.ncnt === 0 || p.sum === null || p.sumsq === null) return undefined;
  if (m === 'sum') return p.sum;
  if (m === 'sumsq') return p.sumsq;
  if (m === 'min') return p.min ?? undefined;
  if (m === 'max') return p.max ?? undefined;
  const mean = p.sum / p.ncnt;
  if (m === 'avg') return mean;
  // Population standard deviation, from the sums (SQLite has no stddev function).
  return Math.sqrt(Math.max(0, p.sumsq / p.ncnt - mean * mean));
}

function request(
  tenant: string,
  id: string,
  attrs: string[],
  q: TemporalQuery,
  a: Aggregation,
): AggregateRequest {
  const between = q.timerel === 'between';
  return {
    tenant,
    id,
    attrs,
    periods: undefined,
    from: between ? q.timeAt : undefined,
    to: q.timerel === 'before' ? q.timeAt : between ? q.endTimeAt : undefined,
    after: q.timerel === 'after' ? q.timeAt : undefined,
    timeproperty: q.timeproperty,
    distinct: a.methods.includes('distinctCount'),
  };
}

async function withPeriods(read: SqlExecutor, r: AggregateRequest, a: Aggregation, q: TemporalQuery) {
  if (a.period === undefined) return r;
  // Periods start at timeAt when the interval has a start, else at the first instance.
  const bounded = q.timerel === 'after' || q.timerel === 'between';
  const start = bounded ? q.timeAt : await historyEdge(read, r, 'first');
  const end = r.to ?? (await historyEdge(read, r, 'last'));
  if (start === undefined || end === undefined) return undefined;
  return { ...r, periods: periodBounds(start, end, a.period) };
}

/** The hours [from, to) that attr_hourly can answer for, or undefined. */
async function rolledSpan(read: SqlExecutor, r: AggregateRequest, bounds: string[][]) {
  if (r.periods === undefined || r.distinct || r.timeproperty !== 'observedAt' || bounds.length === 0) return;
  const upto = await rolledUpTo(read);
  if (upto === undefined) return;
  const from = ceilHour(bounds[0]![2]!);
  const hi = floorHour(bounds[bounds.length - 1]![3]!);
  const to = hi < upto ? hi : upto;
  if (from >= to) return;
  // Each hour must fall in one period: every period bound inside the span is on the hour.
  if (r.periods.some(([s, e]) => (s > from && s < to && !aligned(s)) || (e > from && e < to && !aligned(e))))
    return;
  const dirty = await read.get(
    `SELECT 1 AS one FROM attr_hourly_dirty WHERE tenant = ? AND entity_id = ? AND attr IN (${r.attrs.map(() => '?').join(', ')}) ` +
      "AND (hour = '' OR (hour >= ? AND hour < ?)) LIMIT 1",
    [r.tenant, r.id, ...r.attrs, from, to],
  );
  return dirty === undefined ? { from, to } : undefined;
}

/** The parts of [lo, hi) bounds outside the rolled-up span. */
function outside(bounds: string[][], span: { from: string; to: string }): string[][] {
  const out: string[][] = [];
  for (const [s, e, lo, hi] of bounds as Array<[string, string, string, string]>) {
    if (lo < span.from) out.push([s, e, lo, hi < span.from ? hi : span.from]);
    if (hi > span.to) out.push([s, e, lo > span.to ? lo : span.to, hi]);
  }
  return out.filter(([, , lo, hi]) => lo! < hi!);
}

/** Partial sums per attribute and period: raw rows, rolled-up hours and pruned hours. */
async function periodSums(read: SqlExecutor, r: AggregateRequest): Promise<PeriodSums[]> {
  if (r.periods === undefined) {
    const after = r.after === undefined ? undefined : new Date(Date.parse(r.after) + 1).toISOString();
    const from =
      [r.from, after]
        .filter((x): x is string => x !== undefined)
        .sort()
        .pop() ?? '';
    const hours = await aggregateHours(read, r, 'attr_rollups', from, r.to ?? '~');
    return [...(await aggregateRaw(read, r)), ...hours];
  }
  const bounds = periodRows(r);
  if (bounds.length === 0) return [];
  const span = await rolledSpan(read, r, bounds);
  const raw = span === undefined ? r : { ...r, rawBounds: outside(bounds, span) };
  const lo = bounds[0]![2]!;
  const hi = bounds[bounds.length - 1]![3]!;
  return [
    ...(await aggregateRaw(read, raw)),
    ...(span === undefined ? [] : await aggregateHours(read, r, 'attr_hourly', span.from, span.to)),
    ...(await aggregateHours(read, r, 'attr_rollups', lo, hi)),
  ];
}

/** Per attribute of one entity, each method's [value, startAt, endAt] list in time order. */
export async function aggregateHistory(
  read: SqlExecutor,
  tenant: string,
  id: string,
  attrs: string[] | undefined,
  q: TemporalQuery,
): Promise<Map<string, AggregatedValues>> {
  const a = q.aggregation!;
  const names = attrs ?? (await historyAttrs(read, tenant, id));
  const out = new Map<string, AggregatedValues>();
  if (names.length === 0) return out;
  const r = await withPeriods(read, request(tenant, id, names, q, a), a, q);
  if (r === undefined) return out;
  const sums = new Map<string, PeriodSums>();
  for (const row of await periodSums(read, r)) {
    const key = `${row.attr} ${r.periods === undefined ? '' : row.s}`;
    const old = sums.get(key);
    sums.set(key, old === undefined ? row : merge(old, row));
  }
  const ordered = [...sums.values()].sort((x, y) =>
    x.attr === y.attr ? (x.s < y.s ? -1 : 1) : x.attr < y.attr ? -1 : 1,
  );
  for (const p of ordered) {
    const values = out.get(p.attr) ?? {};
    out.set(p.attr, values);
    for (const m of a.methods) {
      const v = methodValue(m, p);
      if (v !== undefined) (values[m] ??= []).push([v, p.s, p.e]);
    }
  }
  return out;
}
