import type { QueryHooks, SqlExecutor } from '../../store/index.js';
import type { TimeProperty } from './temporal-query.js';

// Aggregation of attr_history in SQL (CIM 009 §4.5.19), for many series (entity attributes) in
// one statement. The series travel as a VALUES list k(n, id, attr) and the periods as a VALUES
// list p(i, lo, hi) of [lo, hi) bounds; both drive the join, so every series and period is one
// range scan of the (tenant, entity_id, attr, ts) index: the cost follows the rows in the
// interval, never the table. Rows come back keyed by the series' and period's numbers, so no
// name or time text is decoded per row. Hourly tables (attr_hourly: rolled-up closed hours;
// attr_rollups: hours whose raw rows retention removed) are one index range per series.

/** The sums that aggregation methods are derived from; a statement selects those it needs. */
export const sumColumns = ['cnt', 'dcnt', 'ncnt', 'sum', 'sumsq', 'min', 'max'] as const;
export type SumColumn = (typeof sumColumns)[number];

/** Partial sums of one series (k) and period (i, or s/e: first and last time without periods). */
export interface SumsRow {
  k: number;
  i?: number;
  s?: string;
  e?: string;
  cnt?: number;
  dcnt?: number;
  ncnt?: number;
  sum?: number | null;
  sumsq?: number | null;
  min?: number | null;
  max?: number | null;
}

/** One hour of an hourly table for series k. */
export type HourRow = Omit<SumsRow, 'i' | 's' | 'e' | 'dcnt'> & { hour: string };

/** The raw window without periods: `>= from`, `> after`, `< to`. */
export interface RawWindow {
  from: string | undefined;
  after: string | undefined;
  to: string | undefined;
}

export interface RawRequest {
  hooks: QueryHooks;
  tenant: string;
  /** [entity id, attribute]; k is the index in this list. */
  series: ReadonlyArray<readonly [string, string]>;
  /** Numbers for the series when they are a part of a longer list (k = keys[index]). */
  keys?: readonly number[];
  /** [i, lo, hi] period bounds; undefined: one sum per series over `window`. */
  bounds: ReadonlyArray<readonly [number, string, string]> | undefined;
  window: RawWindow;
  timeproperty: TimeProperty;
  columns: readonly SumColumn[];
}

const timeColumn: Record<TimeProperty, string> = {
  observedAt: 'ts',
  createdAt: 'created_at',
  modifiedAt: 'modified_at',
};

/** Series per statement: three parameters each stay far under SQLite's limit of 32766. */
const SERIES_PER_STATEMENT = 1000;

/** The k(n, id, attr) list; CAST types the first row for PostgreSQL, later rows follow it. */
function seriesList(series: ReadonlyArray<readonly [string, string]>, keys: readonly number[] | undefined) {
  const rows = series.map((_, n) =>
    n === 0 ? '(CAST(? AS INTEGER), CAST(? AS TEXT), CAST(? AS TEXT))' : '(?, ?, ?)',
  );
  return {
    sql: `k(n, id, attr) AS (VALUES ${rows.join(', ')})`,
    params: series.flatMap(([id, attr], n) => [keys?.[n] ?? n, id, attr]),
  };
}

/** Runs `f` on slices of at most SERIES_PER_STATEMENT series, with their numbers in the whole list. */
async function sliced<T>(
  series: ReadonlyArray<readonly [string, string]>,
  keys: readonly number[] | undefined,
  f: (part: ReadonlyArray<readonly [string, string]>, keys: number[]) => Promise<T[]>,
): Promise<T[]> {
  const out: T[] = [];
  for (let at = 0; at < series.length; at += SERIES_PER_STATEMENT) {
    const part = series.slice(at, at + SERIES_PER_STATEMENT);
    out.push(
      ...(await f(
        part,
        part.map((_, n) => keys?.[at + n] ?? at + n),
      )),
    );
  }
  return out;
}

const rawSum: Record<SumColumn, string> = {
  cnt: 'COUNT(*)',
  dcnt: 'COUNT(DISTINCT h.vkey)',
  ncnt: 'COUNT(h.num)',
  sum: 'SUM(h.num)',
  sumsq: 'SUM(h.num * h.num)',
  min: 'MIN(h.num)',
  max: 'MAX(h.num)',
};

function windowSql(w: RawWindow, col: string): { sql: string; params: string[] } {
  const parts: Array<[string, string | undefined]> = [
    [` AND h.${col} >= ?`, w.from],
    [` AND h.${col} > ?`, w.after],
    [` AND h.${col} < ?`, w.to],
  ];
  const used = parts.filter((p): p is [string, string] => p[1] !== undefined);
  return { sql: used.map((p) => p[0]).join(''), params: used.map((p) => p[1]) };
}

/**
 * Sums per series and period over the raw instances (deletion markers left out): the (series,
 * period) rows o are the outer loop, each one range of the index.
 */
export async function rawSums(read: SqlExecutor, r: RawRequest): Promise<SumsRow[]> {
  if (r.series.length === 0 || r.bounds?.length === 0) return [];
  const col = timeColumn[r.timeproperty];
  const sums = r.columns.map((c) => [c, rawSum[c]] as const);
  const key = (o: string) =>
    `h.tenant = ? AND h.entity_id = ${o}.id AND h.attr = ${o}.attr AND h.deleted = 0`;
  return sliced(r.series, r.keys, async (part, keys) => {
    const k = seriesList(part, keys);
    const each = { table: 'attr_history h', grouped: true };
    if (r.bounds === undefined) {
      const w = windowSql(r.window, col);
      const sql = r.hooks.joinEach({
        ...each,
        outer: 'k',
        keys: [['k', 'n']],
        where: key('k') + w.sql,
        columns: [['s', `MIN(h.${col})`], ['e', `MAX(h.${col})`], ...sums],
      });
      return read.all<SumsRow>(`WITH ${k.sql} ${sql}`, [...k.params, r.tenant, ...w.params]);
    }
    const p = r.bounds!.map((_, n) =>
      n === 0 ? '(CAST(? AS INTEGER), CAST(? AS TEXT), CAST(? AS TEXT))' : '(?, ?, ?)',
    );
    const sql = r.hooks.joinEach({
      ...each,
      outer: 'o',
      keys: [
        ['k', 'n'],
        ['i', 'i'],
      ],
      where: `${key('o')} AND h.${col} >= o.lo AND h.${col} < o.hi`,
      columns: sums,
    });
    const outer = 'o AS (SELECT k.n, k.id, k.attr, p.i, p.lo, p.hi FROM k CROSS JOIN p)';
    return read.all<SumsRow>(`WITH ${k.sql}, p(i, lo, hi) AS (VALUES ${p.join(', ')}), ${outer} ${sql}`, [
      ...k.params,
      ...r.bounds!.flat(),
      r.tenant,
    ]);
  });
}

/** The hours [from, to) of some series in an hourly table, with the sums in `columns` (not dcnt). */
export async function hourSums(
  read: SqlExecutor,
  hooks: QueryHooks,
  table: 'attr_rollups' | 'attr_hourly',
  r: { tenant: string; series: ReadonlyArray<readonly [string, string]>; keys?: readonly number[] },
  columns: readonly SumColumn[],
  span: { from: string; to: string },
): Promise<HourRow[]> {
  if (r.series.length === 0 || span.from >= span.to) return [];
  const sums = columns.filter((c) => c !== 'dcnt').map((c) => [c, `h.${c}`] as const);
  const sql = hooks.joinEach({
    outer: 'k',
    keys: [['k', 'n']],
    table: `${table} h`,
    where: 'h.tenant = ? AND h.entity_id = k.id AND h.attr = k.attr AND h.hour >= ? AND h.hour < ?',
    columns: [['hour', 'h.hour'], ...sums],
    grouped: false,
  });
  return sliced(r.series, r.keys, (part, keys) => {
    const k = seriesList(part, keys);
    return read.all<HourRow>(`WITH ${k.sql} ${sql}`, [...k.params, r.tenant, span.from, span.to]);
  });
}

/** The numbers (k) of the series with an hour marked dirty in [from, to), or marked whole. */
export async function dirtySeries(
  read: SqlExecutor,
  r: { tenant: string; series: ReadonlyArray<readonly [string, string]> },
  from: string,
  to: string,
): Promise<Set<number>> {
  const rows = await sliced(r.series, undefined, (part, keys) => {
    const k = seriesList(part, keys);
    return read.all<{ k: number }>(
      `WITH ${k.sql} SELECT DISTINCT k.n AS k FROM k CROSS JOIN attr_hourly_dirty d ` +
        "WHERE d.tenant = ? AND d.entity_id = k.id AND d.attr = k.attr AND (d.hour = '' OR (d.hour >= ? AND d.hour < ?))",
      [...k.params, r.tenant, from, to],
    );
  });
  return new Set(rows.map((x) => x.k));
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
