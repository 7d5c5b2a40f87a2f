import type { HourRow, SumColumn, SumsRow } from './aggregate-repo.js';
import { sumColumns } from './aggregate-repo.js';
import type { AggrMethod } from './temporal-query.js';

// The sums of one series (entity attribute) over one period, added up from the partial sums of
// raw rows, rolled-up hours and pruned hours; every aggregation method is derived from them
// (CIM 009 §4.5.19). A period is kept per series in an array indexed by its number.

export interface PeriodSums {
  /** The period's start and end as shown; without periods, the first and last instance time. */
  s: string;
  e: string;
  cnt: number;
  /** Distinct values; raw rows only (a roll-up keeps no values). */
  dcnt: number;
  /** Numeric instances, which sum, sumsq, min and max cover. */
  ncnt: number;
  sum: number;
  sumsq: number;
  min: number;
  max: number;
}

const needs: Record<AggrMethod, readonly SumColumn[]> = {
  totalCount: ['cnt'],
  distinctCount: ['dcnt'],
  sum: ['ncnt', 'sum'],
  avg: ['ncnt', 'sum'],
  stddev: ['ncnt', 'sum', 'sumsq'],
  sumsq: ['ncnt', 'sumsq'],
  min: ['ncnt', 'min'],
  max: ['ncnt', 'max'],
};

/** The sums that `methods` are derived from: statements select and decode no other column. */
export function columnsFor(methods: readonly AggrMethod[]): SumColumn[] {
  const wanted = new Set(methods.flatMap((m) => needs[m]));
  return sumColumns.filter((c) => wanted.has(c));
}

/** One method's value from a period's sums; undefined when it has no numeric instance. */
export function methodValue(m: AggrMethod, p: PeriodSums): number | undefined {
  if (m === 'totalCount') return p.cnt;
  if (m === 'distinctCount') return p.dcnt;
  if (p.ncnt === 0) return undefined;
  if (m === 'sum') return p.sum;
  if (m === 'sumsq') return p.sumsq;
  if (m === 'min') return p.min;
  if (m === 'max') return p.max;
  const mean = p.sum / p.ncnt;
  if (m === 'avg') return mean;
  // Population standard deviation, from the sums (SQLite has no stddev function).
  return Math.sqrt(Math.max(0, p.sumsq / p.ncnt - mean * mean));
}

/** Adds partial sums (columns not selected are undefined, NULL sums of no number are null). */
function addRow(t: PeriodSums, r: SumsRow | HourRow): void {
  if (r.cnt != null) t.cnt += r.cnt;
  if ('dcnt' in r && r.dcnt != null) t.dcnt += r.dcnt;
  if (r.ncnt != null) t.ncnt += r.ncnt;
  if (r.sum != null) t.sum += r.sum;
  if (r.sumsq != null) t.sumsq += r.sumsq;
  if (r.min != null && r.min < t.min) t.min = r.min;
  if (r.max != null && r.max > t.max) t.max = r.max;
}

/** The sums of many series, period by period. */
export class SeriesSums {
  /** Per series number, its periods' sums by period number (holes: no instance in the period). */
  readonly series: Array<Array<PeriodSums | undefined> | undefined> = [];

  /** Adds a row to period `i` of series `k`, shown as [s, e); s and e widen the shown range. */
  add(k: number, i: number, s: string, e: string, r: SumsRow | HourRow): void {
    const periods = (this.series[k] ??= []);
    let t = periods[i];
    if (t === undefined) {
      t = { s, e, cnt: 0, dcnt: 0, ncnt: 0, sum: 0, sumsq: 0, min: Infinity, max: -Infinity };
      periods[i] = t;
    } else {
      if (s < t.s) t.s = s;
      if (e > t.e) t.e = e;
    }
    addRow(t, r);
  }
}
