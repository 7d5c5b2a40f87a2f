import { randomUUID } from 'node:crypto';
import type { Clock } from '../../kernel/index.js';
import type { SqlExecutor } from '../../store/index.js';
import type { ChangeRecorder, EntityChange } from '../entity/entity-deps.js';
import type { AttrInstance } from '../entity/model.js';
import { normalizeDateTime } from '../entity/validate-datetime.js';
import { markLateRows } from './hourly-rollups.js';
import { instanceEvents, instanceJson, type InstanceEvent } from './instance-diff.js';

// Writes the temporal evolution of attributes inside each entity write (the ChangeRecorder hook):
// one multi-row INSERT per change into attr_history, and a history_entities row when the
// entity is created, deleted or changes type.

const COLUMNS = [
  'tenant',
  'entity_id',
  'attr',
  'instance_id',
  'dataset_id',
  'observed_at',
  'created_at',
  'modified_at',
  'ts',
  'deleted',
  'type',
  'value',
  'num',
  'vkey',
] as const;
const ROW = `(${COLUMNS.map(() => '?').join(', ')})`;
/** Rows per statement: SQLite allows 32766 parameters, PostgreSQL 65535. */
const MAX_ROWS = 2000;

export const INSTANCE_ID_PREFIX = 'urn:ngsi-ld:attribute:instance:';

export function storedValue(i: AttrInstance): string {
  const { createdAt: _c, modifiedAt: _m, ...rest } = i;
  return JSON.stringify(rest);
}

/** The aggregation columns: the number of a Property's value, and its value member as JSON (§4.5.x). */
export function aggregationColumns(i: AttrInstance): [number | null, string | null] {
  const num =
    i.type === 'Property' && typeof i.value === 'number' && Number.isFinite(i.value) ? i.value : null;
  const v = i.value ?? i.object ?? i.languageMap ?? i.vocab ?? i.json ?? i.valueList ?? i.objectList;
  return [num, v === undefined ? null : instanceJson(v)];
}

/** One attr_history row for an instance of `attr`, or a deletion marker when `instance` is undefined. */
export function historyRow(
  key: { tenant: string; id: string; attr: string },
  instance: AttrInstance | undefined,
  removed: AttrInstance | undefined,
  now: string,
): unknown[] {
  const instanceId = `${INSTANCE_ID_PREFIX}${randomUUID()}`;
  if (instance === undefined) {
    const r = removed!;
    const dataset = r.datasetId ?? null;
    return [
      key.tenant,
      key.id,
      key.attr,
      instanceId,
      dataset,
      null,
      now,
      now,
      now,
      1,
      r.type,
      null,
      null,
      null,
    ];
  }
  const i = instance;
  const modifiedAt = i.modifiedAt ?? now;
  const observed = i.observedAt === undefined ? undefined : normalizeDateTime(i.observedAt);
  const ts = observed ?? modifiedAt;
  const [num, vkey] = aggregationColumns(i);
  // In history an instance is created when it is recorded: createdAt is the instance's modifiedAt.
  // The order is COLUMNS'.
  return [
    key.tenant,
    key.id,
    key.attr,
    instanceId,
    i.datasetId ?? null,
    i.observedAt ?? null,
    modifiedAt,
    modifiedAt,
    ts,
    0,
    i.type,
    storedValue(i),
    num,
    vkey,
  ];
}

function rowOf(change: EntityChange, e: InstanceEvent, now: string): unknown[] {
  return historyRow({ tenant: change.tenant, id: change.id, attr: e.attr }, e.instance, e.removed, now);
}

const insertSql = new Map<number, string>();

/** The INSERT statement for n rows, built once per n (it runs on every write). */
function insertSqlFor(n: number): string {
  let sql = insertSql.get(n);
  if (sql === undefined) {
    sql = `INSERT INTO attr_history (${COLUMNS.join(', ')}) VALUES ${Array(n).fill(ROW).join(', ')}`;
    if (insertSql.size > 256) insertSql.clear();
    insertSql.set(n, sql);
  }
  return sql;
}

/** Inserts history rows; those observed before the hour of `nowMs` mark their hour's roll-up dirty. */
export async function insertRows(tx: SqlExecutor, rows: unknown[][], nowMs: number): Promise<void> {
  for (let at = 0; at < rows.length; at += MAX_ROWS) {
    const chunk = rows.length <= MAX_ROWS ? rows : rows.slice(at, at + MAX_ROWS);
    const params: unknown[] = [];
    for (const row of chunk) for (const v of row) params.push(v);
    await tx.defer(insertSqlFor(chunk.length), params);
    const marking = markLateRows(tx, chunk, nowMs);
    if (marking !== undefined) await marking;
  }
}

function typesChanged(change: EntityChange): boolean {
  if (change.kind !== 'updated') return true;
  const a = change.before?.types ?? [];
  const b = change.after?.types ?? [];
  return a.length !== b.length || a.some((t, i) => t !== b[i]);
}

async function recordEntity(tx: SqlExecutor, change: EntityChange, now: string): Promise<void> {
  const entity = change.after ?? change.before!;
  const deletedAt = change.kind === 'deleted' ? now : null;
  await tx.defer(
    `INSERT INTO history_entities (tenant, entity_id, types, created_at, deleted_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (tenant, entity_id) DO UPDATE SET types = excluded.types, deleted_at = excluded.deleted_at`,
    [change.tenant, change.id, JSON.stringify(entity.types), entity.createdAt, deletedAt],
  );
}

/** The ChangeRecorder that keeps attribute history; `clock` dates deletions. */
export function createHistoryRecorder(clock: Clock): ChangeRecorder {
  return async function recordHistory(tx, change) {
    const now = change.after?.modifiedAt ?? clock.isoNow();
    if (typesChanged(change)) await recordEntity(tx, change, now);
    const events = instanceEvents(change);
    if (events.length > 0)
      await insertRows(
        tx,
        events.map((e) => rowOf(change, e, now)),
        clock.now(),
      );
  };
}

/** A history row for a numeric Property instance observed at `at`, for loading benchmarks. */
export function historyRowForBench(
  tenant: string,
  id: string,
  attr: string,
  value: number,
  at: string,
): unknown[] {
  return historyRow(
    { tenant, id, attr },
    { type: 'Property', value, observedAt: at, modifiedAt: at },
    undefined,
    at,
  );
}
