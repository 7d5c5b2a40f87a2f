import { LIMIT_PARAM, type SqlExecutor } from '../../store/index.js';
import { historyAttrs } from './aggregate-repo.js';
import type { TemporalQuery, TimeProperty } from './temporal-query.js';

// Reads of attr_history: the instances of some entities' attributes in a time window, at most
// `cap` (or lastN) per attribute instance series (attribute and datasetId). A few named
// attributes are read by one UNION ALL of index range scans in time order with a LIMIT each,
// which is the answer whenever the attribute has no instance with a datasetId in the window
// (almost always). Otherwise, and for many attributes, a window function that both dialects run
// as written numbers the rows of each series (it sorts every row of the window).

export interface HistoryRow {
  entity_id: string;
  attr: string;
  instance_id: string;
  dataset_id: string | null;
  /** Read with sysAttrs only. */
  created_at?: string;
  modified_at: string;
  /** The value of the requested timeproperty. */
  t: string;
  deleted: number;
  type: string;
  value: string | null;
}

export interface HistoryRequest {
  tenant: string;
  ids: readonly string[];
  /** Expanded attribute names; all attributes when undefined. */
  attrs: readonly string[] | undefined;
  query: TemporalQuery;
  /** Most instances per series; one more is read to tell whether the answer is truncated. */
  cap: number;
}

/** Most series read by one UNION ALL statement; more are read with the window function. */
const UNION_SERIES = 32;

const timeColumn: Record<TimeProperty, string> = {
  observedAt: 'ts',
  createdAt: 'created_at',
  modifiedAt: 'modified_at',
};

const marks = (n: number) => new Array<string>(n).fill('?').join(', ');

function windowFilter(q: TemporalQuery, col: string): { sql: string; params: string[] } {
  if (q.timerel === undefined || q.timeAt === undefined) return { sql: '', params: [] };
  // CIM 009 §4.11: before is < timeAt, after is > timeAt, between is [timeAt, endTimeAt).
  if (q.timerel === 'before') return { sql: ` AND ${col} < ?`, params: [q.timeAt] };
  if (q.timerel === 'after') return { sql: ` AND ${col} > ?`, params: [q.timeAt] };
  return { sql: ` AND ${col} >= ? AND ${col} < ?`, params: [q.timeAt, q.endTimeAt!] };
}

/**
 * The columns rendering reads; createdAt for sysAttrs only. (modified_at stays itself: a
 * computed column under that name would be what ORDER BY modified_at sorts by.)
 */
function columnsOf(q: TemporalQuery, col: string): string {
  return `instance_id, dataset_id,${q.sysAttrs ? ' created_at,' : ''} modified_at, ${col} AS t, deleted, type, value`;
}

/** Rows in time order per (entity, attribute); `rn` counts from the newest when lastN is given. */
async function loadWindowed(read: SqlExecutor, r: HistoryRequest): Promise<HistoryRow[]> {
  const col = timeColumn[r.query.timeproperty];
  const dir = r.query.lastN === undefined ? 'ASC' : 'DESC';
  const attrSql = r.attrs === undefined ? '' : ` AND attr IN (${marks(r.attrs.length)})`;
  const win = windowFilter(r.query, col);
  const sql =
    `SELECT entity_id, attr, ${columnsOf(r.query, 't')} ` +
    `FROM (SELECT entity_id, attr, seq, ${columnsOf(r.query, col)}, ROW_NUMBER() OVER ` +
    `(PARTITION BY entity_id, attr, dataset_id ORDER BY ${col} ${dir}, seq ${dir}) AS rn ` +
    `FROM attr_history WHERE tenant = ? AND entity_id IN (${marks(r.ids.length)})${attrSql}${win.sql}) x ` +
    `WHERE rn <= ? ORDER BY entity_id, attr, t, seq`;
  return read.all<HistoryRow>(sql, [r.tenant, ...r.ids, ...(r.attrs ?? []), ...win.params, take(r)]);
}

/** Rows read per series: lastN, or one more than the cap to tell truncation. */
const take = (r: HistoryRequest) =>
  r.query.lastN !== undefined && r.query.lastN <= r.cap ? r.query.lastN : r.cap + 1;

type Series = readonly [string, string];

/**
 * The first `take` rows of each series in time order (newest first with lastN), by series
 * number, and which series have an instance with a datasetId in the window (one seek of
 * attr_history_datasets each; the rows of that arm are numbered -1 - n).
 */
async function loadPrefixes(read: SqlExecutor, r: HistoryRequest, series: readonly Series[]) {
  const col = timeColumn[r.query.timeproperty];
  const dir = r.query.lastN === undefined ? 'ASC' : 'DESC';
  const win = windowFilter(r.query, col);
  const cols = columnsOf(r.query, col);
  const where = `WHERE tenant = ? AND entity_id = ? AND attr = ?${win.sql}`;
  const arms = series.flatMap((_, n) => [
    `SELECT * FROM (SELECT ${n} AS k, ${cols} FROM attr_history ${where} ` +
      `ORDER BY ${col} ${dir}, seq ${dir} LIMIT ${LIMIT_PARAM}) AS s${n}`,
    `SELECT * FROM (SELECT ${-1 - n} AS k, ${cols} FROM attr_history ${where} ` +
      `AND dataset_id IS NOT NULL LIMIT 1) AS d${n}`,
  ]);
  const params = series.flatMap(([id, attr]) => {
    const key = [r.tenant, id, attr, ...win.params];
    return [...key, take(r), ...key];
  });
  const rows = await read.all<HistoryRow & { k: number }>(arms.join(' UNION ALL '), params);
  // Each arm's rows keep their order in the result; arms may interleave.
  const prefixes = series.map(() => [] as HistoryRow[]);
  const withDatasets = new Set<number>();
  for (const row of rows) {
    if (row.k < 0) withDatasets.add(-1 - row.k);
    else prefixes[row.k]!.push(row);
  }
  return { prefixes, withDatasets };
}

/**
 * A series' rows in time order: its prefix when that holds every instance in the window (it is
 * shorter than `take`) or when no instance in the window has a datasetId; else read again.
 */
async function seriesRows(
  read: SqlExecutor,
  r: HistoryRequest,
  s: Series,
  prefix: HistoryRow[],
  datasets: boolean,
): Promise<HistoryRow[]> {
  if (prefix.length === take(r) && datasets) return loadWindowed(read, { ...r, ids: [s[0]], attrs: [s[1]] });
  for (const row of prefix) {
    row.entity_id = s[0];
    row.attr = s[1];
  }
  return r.query.lastN === undefined ? prefix : prefix.reverse();
}

/** Rows in time order per (entity, attribute), at most `cap` (or lastN) per series plus one. */
export async function loadHistory(read: SqlExecutor, r: HistoryRequest): Promise<HistoryRow[]> {
  if (r.ids.length === 0) return [];
  const one = r.ids.length === 1 ? r.ids[0]! : undefined;
  const attrs = r.attrs ?? (one === undefined ? undefined : await historyAttrs(read, r.tenant, one));
  if (attrs === undefined || r.ids.length * attrs.length > UNION_SERIES) return loadWindowed(read, r);
  const names = [...new Set(attrs)].sort();
  const series = r.ids.flatMap((id) => names.map((attr) => [id, attr] as const));
  if (series.length === 0) return [];
  const { prefixes, withDatasets } = await loadPrefixes(read, r, series);
  const out: HistoryRow[][] = [];
  for (const [n, s] of series.entries())
    out.push(await seriesRows(read, r, s, prefixes[n]!, withDatasets.has(n)));
  return out.flat();
}

export interface HistoryEntity {
  id: string;
  types: string[];
  deletedAt: string | undefined;
}

export async function loadHistoryEntity(
  read: SqlExecutor,
  tenant: string,
  id: string,
): Promise<HistoryEntity | undefined> {
  const row = await read.get<{ types: string; deleted_at: string | null }>(
    'SELECT types, deleted_at FROM history_entities WHERE tenant = ? AND entity_id = ?',
    [tenant, id],
  );
  if (row === undefined) return undefined;
  return { id, types: JSON.parse(row.types) as string[], deletedAt: row.deleted_at ?? undefined };
}
