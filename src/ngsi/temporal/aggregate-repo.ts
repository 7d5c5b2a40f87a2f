import type { SqlExecutor } from '../../store/index.js';
import type { TimeProperty } from './temporal-query.js';

// Aggregation of attr_history in SQL (CIM 009 §4.5.19). The periods travel as a VALUES list of
// [start, end) bounds that drives the join, so every period is one range scan of the
// (tenant, entity_id, attr, ts) index: the cost follows the rows in the interval, never the
// table. Hours whose raw rows retention removed are read from attr_rollups the same way; both
// answers are partial sums per period that the service merges (a few rows per period).

export interface PeriodSums {
  entity_id: string;
  attr: string;
  /** Start and end of the period; for the whole interval, the first and last instance time. */
  s: string;
  e: string;
  cnt: number;
  /** Distinct values; raw rows only (a roll-up keeps no values). */
  dcnt: number;
  ncnt: number;
  sum: number | null;
  sumsq: number | null;
  min: number | null;
  max: number | null;
}

export interface AggregateRequest {
  tenant: string;
  id: string;
  attrs: readonly string[];
  /** [start, end) periods; undefined: one period over everything in [from, to). */
  periods: ReadonlyArray<readonly [string, string]> | undefined;
  from: string | undefined;
  /** Exclusive. */
  to: string | undefined;
  /** Strict lower bound (timerel=after). */
  after: string | undefined;
  timeproperty: TimeProperty;
  /** COUNT(DISTINCT) costs a sort per period: only when distinctCount is asked for. */
  distinct: boolean;
  /** [s, e, lo, hi] rows to read raw instead of periodRows(r): the parts not read from roll-ups. */
  rawBounds?: string[][];
}

const timeColumn: Record<TimeProperty, string> = {
  observedAt: 'ts',
  createdAt: 'created_at',
  modifiedAt: 'modified_at',
};

const marks = (n: number) => new Array<string>(n).fill('?').join(', ');

function bounds(r: AggregateRequest, col: string): { sql: string; params: string[] } {
  const parts: Array<[string, string | undefined]> = [
    [` AND h.${col} >= ?`, r.from],
    [` AND h.${col} > ?`, r.after],
    [` AND h.${col} < ?`, r.to],
  ];
  const used = parts.filter((p): p is [string, string] => p[1] !== undefined);
  return { sql: used.map((p) => p[0]).join(''), params: used.map((p) => p[1]) };
}

/**
 * The period rows: shown bounds (s, e) and the bounds rows are selected by (lo, hi), the
 * window's limits applied to the first and last period. The window is not repeated as a
 * constant range: SQLite would use it for the index range instead of the period's bounds.
 */
export function periodRows(r: AggregateRequest): string[][] {
  // Times are stored to the millisecond, so `> after` is `>= after + 1 ms`.
  const after = r.after === undefined ? undefined : new Date(Date.parse(r.after) + 1).toISOString();
  const low = [r.from, after]
    .filter((x): x is string => x !== undefined)
    .sort()
    .pop();
  return r.periods!.map(([s, e]) => [
    s,
    e,
    low !== undefined && low > s ? low : s,
    r.to !== undefined && r.to < e ? r.to : e,
  ]);
}

function periodSource(r: AggregateRequest, col: string) {
  if (r.periods === undefined) {
    const w = bounds(r, col);
    return {
      cte: '',
      params: [],
      from: '',
      s: `MIN(h.${col})`,
      e: `MAX(h.${col})`,
      where: w.sql,
      wparams: w.params,
      group: '',
    };
  }
  // CAST types the first row for PostgreSQL; later rows follow it. CROSS JOIN keeps the periods
  // as the outer loop in SQLite (its planner would otherwise scan every period per row); each
  // period is then one range of the (tenant, entity_id, attr, ts) index.
  const cast = '(CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT))';
  const ranges = r.rawBounds ?? periodRows(r);
  const rows = ranges.map((_, i) => (i === 0 ? cast : '(?, ?, ?, ?)'));
  return {
    cte: `WITH b(s, e, lo, hi) AS (VALUES ${rows.join(', ')}) `,
    params: ranges.flat(),
    from: 'b CROSS JOIN ',
    s: 'b.s',
    e: 'b.e',
    where: ` AND h.${col} >= b.lo AND h.${col} < b.hi`,
    wparams: [] as string[],
    group: ', b.s, b.e',
  };
}

/** Sums per entity attribute and period over the raw instances (deletion markers left out). */
export async function aggregateRaw(read: SqlExecutor, r: AggregateRequest): Promise<PeriodSums[]> {
  if (r.attrs.length === 0 || r.rawBounds?.length === 0) return [];
  const col = timeColumn[r.timeproperty];
  const p = periodSource(r, col);
  const sql =
    `${p.cte}SELECT h.entity_id, h.attr, ${p.s} AS s, ${p.e} AS e, COUNT(*) AS cnt, ` +
    `${r.distinct ? 'COUNT(DISTINCT h.vkey)' : '0'} AS dcnt, COUNT(h.num) AS ncnt, SUM(h.num) AS sum, SUM(h.num * h.num) AS sumsq, ` +
    `MIN(h.num) AS min, MAX(h.num) AS max FROM ${p.from}attr_history h ` +
    `WHERE h.tenant = ? AND h.entity_id = ? AND h.attr IN (${marks(r.attrs.length)}) AND h.deleted = 0${p.where} ` +
    `GROUP BY h.entity_id, h.attr${p.group}`;
  return numeric(await read.all<PeriodSums>(sql, [...p.params, r.tenant, r.id, ...r.attrs, ...p.wparams]));
}

type HourRow = Omit<PeriodSums, 's' | 'e' | 'dcnt'> & { hour: string };

/** The period [s, e) that holds `hour`, by binary search over periods in time order. */
function periodOf(periods: ReadonlyArray<readonly [string, string]>, hour: string) {
  let lo = 0;
  let hi = periods.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [s, e] = periods[mid]!;
    if (hour < s) hi = mid - 1;
    else if (hour >= e) lo = mid + 1;
    else return periods[mid];
  }
  return undefined;
}

/**
 * Sums per period from an hourly table (attr_rollups: pruned hours; attr_hourly: rolled-up closed
 * hours) over the hours [from, to); an hour belongs to the period its start is in. The hours are
 * one index range per attribute, grouped here: a few rows per period, no join to plan.
 */
export async function aggregateHours(
  read: SqlExecutor,
  r: AggregateRequest,
  table: 'attr_rollups' | 'attr_hourly',
  from: string,
  to: string,
): Promise<PeriodSums[]> {
  // Roll-ups exist for observation time only: createdAt/modifiedAt ask about raw rows.
  if (r.attrs.length === 0 || r.timeproperty !== 'observedAt') return [];
  const rows = await read.all<HourRow>(
    `SELECT entity_id, attr, hour, cnt, ncnt, sum, sumsq, min, max FROM ${table} ` +
      `WHERE tenant = ? AND entity_id = ? AND attr IN (${marks(r.attrs.length)}) AND hour >= ? AND hour < ? ` +
      'ORDER BY attr, hour',
    [r.tenant, r.id, ...r.attrs, from, to],
  );
  const out: PeriodSums[] = [];
  for (const h of numeric(rows as unknown as PeriodSums[]) as unknown as HourRow[]) {
    // Without periods, one per attribute, shown from its first to its last hour (merged later).
    const p = r.periods === undefined ? [h.hour, h.hour] : periodOf(r.periods, h.hour);
    if (p === undefined) continue;
    const { hour: _h, ...sums } = h;
    out.push({ ...sums, s: p[0], e: p[1], dcnt: 0 });
  }
  return out;
}

// PostgreSQL returns COUNT and SUM of BIGINT as strings.
function numeric(rows: PeriodSums[]): PeriodSums[] {
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return rows.map((x) => ({
    ...x,
    cnt: Number(x.cnt),
    dcnt: Number(x.dcnt),
    ncnt: Number(x.ncnt),
    sum: num(x.sum),
    sumsq: num(x.sumsq),
    min: num(x.min),
    max: num(x.max),
  }));
}

/** The attributes an entity has history of: a loose index scan, one seek per attribute. */
export async function historyAttrs(read: SqlExecutor, tenant: string, id: string): Promise<string[]> {
  const out: string[] = [];
  for (;;) {
    const row = await read.get<{ a: string | null }>(
      'SELECT MIN(attr) AS a FROM attr_history WHERE tenant = ? AND entity_id = ? AND attr > ?',
      [tenant, id, out[out.length - 1] ?? ''],
    );
    if (row?.a === null || row?.a === undefined) break;
    out.push(row.a);
  }
  const rolled = await read.all<{ attr: string }>(
    'SELECT DISTINCT attr FROM attr_rollups WHERE tenant = ? AND entity_id = ?',
    [tenant, id],
  );
  return [...new Set([...out, ...rolled.map((x) => x.attr)])].sort();
}

/** The first or last instance time of some attributes of an entity, raw or rolled up. */
export async function historyEdge(
  read: SqlExecutor,
  key: { tenant: string; id: string; attrs: readonly string[] },
  edge: 'first' | 'last',
): Promise<string | undefined> {
  // One attribute per statement: ORDER BY … LIMIT 1 is one index seek in both dialects, where
  // MIN/MAX over an IN list is a scan in SQLite.
  const dir = edge === 'first' ? 'ASC' : 'DESC';
  const found: string[] = [];
  for (const attr of key.attrs) {
    for (const [table, col] of [
      ['attr_history', 'ts'],
      ['attr_rollups', 'hour'],
    ] as const) {
      const row = await read.get<{ t: string }>(
        `SELECT ${col} AS t FROM ${table} WHERE tenant = ? AND entity_id = ? AND attr = ? ORDER BY ${col} ${dir} LIMIT 1`,
        [key.tenant, key.id, attr],
      );
      if (row !== undefined) found.push(row.t);
    }
  }
  found.sort();
  return edge === 'first' ? found[0] : found[found.length - 1];
}
