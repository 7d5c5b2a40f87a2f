import type { SqlExecutor } from '../../store/index.js';
import type { TemporalQuery, TimeProperty } from './temporal-query.js';

// Reads of attr_history: the instances of some entities' attributes in a time window, at most
// `cap` (or lastN) per attribute instance series (attribute and datasetId), with a window
// function that both dialects run as written.

export interface HistoryRow {
  entity_id: string;
  attr: string;
  instance_id: string;
  dataset_id: string | null;
  observed_at: string | null;
  created_at: string;
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

/** Rows in time order per (entity, attribute); `rn` counts from the newest when lastN is given. */
export async function loadHistory(read: SqlExecutor, r: HistoryRequest): Promise<HistoryRow[]> {
  if (r.ids.length === 0) return [];
  const col = timeColumn[r.query.timeproperty];
  const dir = r.query.lastN === undefined ? 'ASC' : 'DESC';
  const take = r.query.lastN !== undefined && r.query.lastN <= r.cap ? r.query.lastN : r.cap + 1;
  const attrSql = r.attrs === undefined ? '' : ` AND attr IN (${marks(r.attrs.length)})`;
  const win = windowFilter(r.query, col);
  const sql =
    `SELECT entity_id, attr, instance_id, dataset_id, observed_at, created_at, modified_at, t, deleted, type, value ` +
    `FROM (SELECT h.*, ${col} AS t, ROW_NUMBER() OVER ` +
    `(PARTITION BY entity_id, attr, dataset_id ORDER BY ${col} ${dir}, seq ${dir}) AS rn ` +
    `FROM attr_history h WHERE tenant = ? AND entity_id IN (${marks(r.ids.length)})${attrSql}${win.sql}) x ` +
    `WHERE rn <= ? ORDER BY entity_id, attr, t, seq`;
  return read.all<HistoryRow>(sql, [r.tenant, ...r.ids, ...(r.attrs ?? []), ...win.params, take]);
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
