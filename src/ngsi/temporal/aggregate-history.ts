import type { SqlExecutor } from '../../store/index.js';
import { periodBounds } from './aggr-period.js';
import {
  aggregateRaw,
  aggregateRollups,
  historyAttrs,
  historyEdge,
  type AggregateRequest,
  type PeriodSums,
} from './aggregate-repo.js';
import type { AggrMethod, Aggregation, TemporalQuery } from './temporal-query.js';

// The aggregated temporal representation's values (CIM 009 §4.5.19): per attribute and period,
// the sums from raw rows and roll-ups are merged, then each method is derived from them.

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
  for (const row of [...(await aggregateRaw(read, r)), ...(await aggregateRollups(read, r))]) {
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
