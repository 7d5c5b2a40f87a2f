import type { RawWindow } from './aggregate-repo.js';
import type { TemporalQuery } from './temporal-query.js';

// The time arithmetic of aggregation: the raw window of a query, each period's [lo, hi) bounds
// within it, and the span of whole hours that rolled-up sums (attr_hourly) can answer for.

const HOUR = 3_600_000;
const aligned = (t: string) => Date.parse(t) % HOUR === 0;
const ceilHour = (t: string) => new Date(Math.ceil(Date.parse(t) / HOUR) * HOUR).toISOString();
const floorHour = (t: string) => new Date(Math.floor(Date.parse(t) / HOUR) * HOUR).toISOString();

export type Periods = ReadonlyArray<readonly [string, string]>;
/** [i, lo, hi]: period i read over [lo, hi). */
export type Bounds = ReadonlyArray<readonly [number, string, string]>;
export interface Span {
  from: string;
  to: string;
}

/** The raw window of a query: `>= from`, `> after`, `< to`. */
export function windowOf(q: TemporalQuery): RawWindow {
  const between = q.timerel === 'between';
  return {
    from: between ? q.timeAt : undefined,
    to: q.timerel === 'before' ? q.timeAt : between ? q.endTimeAt : undefined,
    after: q.timerel === 'after' ? q.timeAt : undefined,
  };
}

/** The window's lower bound as `>=`: times are stored to the millisecond, so `> after` is `>= after + 1 ms`. */
export function lowOf(w: RawWindow): string | undefined {
  const after = w.after === undefined ? undefined : new Date(Date.parse(w.after) + 1).toISOString();
  return [w.from, after]
    .filter((x): x is string => x !== undefined)
    .sort()
    .pop();
}

/**
 * [i, lo, hi] rows: period i read over [lo, hi), the window's limits applied to the first and
 * last period. The window is not repeated as a constant range: SQLite would use it for the index
 * range instead of the period's bounds.
 */
export function boundsOf(periods: Periods, w: RawWindow): Array<[number, string, string]> {
  const low = lowOf(w);
  return periods.map(([s, e], i) => [
    i,
    low !== undefined && low > s ? low : s,
    w.to !== undefined && w.to < e ? w.to : e,
  ]);
}

/** The hours [from, to) that attr_hourly can answer for, given the rolled-up limit, or undefined. */
export function rolledSpan(periods: Periods, bounds: Bounds, upto: string): Span | undefined {
  if (bounds.length === 0) return;
  const from = ceilHour(bounds[0]![1]);
  const hi = floorHour(bounds[bounds.length - 1]![2]);
  const to = hi < upto ? hi : upto;
  if (from >= to) return;
  // Each hour must fall in one period: every period bound inside the span is on the hour.
  if (periods.some(([s, e]) => (s > from && s < to && !aligned(s)) || (e > from && e < to && !aligned(e))))
    return;
  return { from, to };
}

/** The parts of [lo, hi) bounds outside the rolled-up span. */
export function outside(bounds: Bounds, span: Span): Array<[number, string, string]> {
  const out: Array<[number, string, string]> = [];
  for (const [i, lo, hi] of bounds) {
    if (lo < span.from) out.push([i, lo, hi < span.from ? hi : span.from]);
    if (hi > span.to) out.push([i, lo > span.to ? lo : span.to, hi]);
  }
  return out.filter(([, lo, hi]) => lo < hi);
}

/** The index of the period [s, e) that holds `t`, by binary search; -1 when none does. */
export function periodIndex(periods: Periods, t: string): number {
  let lo = 0;
  let hi = periods.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [s, e] = periods[mid]!;
    if (t < s) hi = mid - 1;
    else if (t >= e) lo = mid + 1;
    else return mid;
  }
  return -1;
}
