import type { SqlExecutor, Store } from '../../store/index.js';
import { historyAttrs } from './aggregate-repo.js';

// Hourly roll-ups of closed hours (attr_hourly), kept beside the raw rows so that aggregation
// over days or weeks reads one row per hour (src/ngsi/temporal/aggregate-history.ts). Nothing is
// added to an ordinary write: a background task rolls up the hours that closed since the last run
// (attr_hourly_mark.upto), series by series. Only rows observed in an already closed hour (late
// observations, provision, instance edits) mark their hour dirty (attr_hourly_dirty); such hours
// are read raw until the task rolls them up again.

const HOUR = 3_600_000;
/** An hour is rolled up this long after it closed, so that writes under way when it closed are in. */
const GRACE_MS = 5 * 60_000;
/** Index of `ts` in an attr_history row (history-recorder.ts COLUMNS). */
const TS = 8;

export const hourOf = (ms: number): string => new Date(Math.floor(ms / HOUR) * HOUR).toISOString();
/** The hour of a toISOString() time: `2026-01-01T05:17:00.000Z` → `2026-01-01T05:00:00.000Z`. */
const hourText = (ts: string): string => `${ts.slice(0, 13)}:00:00.000Z`;
const HOUR_SQL = "substr(ts, 1, 13) || ':00:00.000Z'";

// The current hour's start as text, computed again only when the hour changes (every write reads it).
let openHour = { from: 0, to: 0, text: '' };
function openHourAt(nowMs: number): string {
  if (nowMs < openHour.from || nowMs >= openHour.to) {
    const from = Math.floor(nowMs / HOUR) * HOUR;
    openHour = { from, to: from + HOUR, text: new Date(from).toISOString() };
  }
  return openHour.text;
}

/**
 * Marks the hours of rows observed before the current hour: they may be rolled up already.
 * Undefined (nothing to wait for) when every row is on time, as on almost every write.
 */
export function markLateRows(
  tx: SqlExecutor,
  rows: readonly unknown[][],
  nowMs: number,
): Promise<void> | undefined {
  const open = openHourAt(nowMs);
  let marks: Map<string, unknown[]> | undefined;
  for (const r of rows) {
    const ts = r[TS] as string;
    if (ts >= open) continue;
    const m = [r[0], r[1], r[2], hourText(ts)];
    (marks ??= new Map()).set(m.join('\u0000'), m);
  }
  return marks === undefined ? undefined : markDirty(tx, [...marks.values()]);
}

/** Marks [tenant, entity_id, attr, hour] keys dirty; hour '' marks the whole series. */
export async function markDirty(tx: SqlExecutor, keys: readonly unknown[][]): Promise<void> {
  for (let at = 0; at < keys.length; at += 1000) {
    const chunk = keys.slice(at, at + 1000);
    await tx.defer(
      `INSERT INTO attr_hourly_dirty (tenant, entity_id, attr, hour) VALUES ${chunk.map(() => '(?, ?, ?, ?)').join(', ')}
       ON CONFLICT (tenant, entity_id, attr, hour) DO NOTHING`,
      chunk.flat(),
    );
  }
}

const UPSERT = `INSERT INTO attr_hourly (tenant, entity_id, attr, hour, cnt, ncnt, sum, sumsq, min, max)
  SELECT tenant, entity_id, attr, ${HOUR_SQL}, COUNT(*), COUNT(num), SUM(num), SUM(num * num), MIN(num), MAX(num)
  FROM attr_history WHERE tenant = ? AND entity_id = ? AND attr = ? AND deleted = 0 AND ts >= ? AND ts < ?
  GROUP BY tenant, entity_id, attr, ${HOUR_SQL}
  ON CONFLICT (tenant, entity_id, attr, hour) DO UPDATE SET cnt = excluded.cnt, ncnt = excluded.ncnt,
  sum = excluded.sum, sumsq = excluded.sumsq, min = excluded.min, max = excluded.max`;

/** Rolls up the hours [from, to) of one series again from its raw rows. */
async function rollSeries(tx: SqlExecutor, key: readonly string[], from: string, to: string): Promise<void> {
  if (from >= to) return;
  await tx.defer(
    'DELETE FROM attr_hourly WHERE tenant = ? AND entity_id = ? AND attr = ? AND hour >= ? AND hour < ?',
    [...key, from, to],
  );
  await tx.defer(UPSERT, [...key, from, to]);
}

export async function rolledUpTo(read: SqlExecutor): Promise<string | undefined> {
  return (await read.get<{ upto: string }>('SELECT upto FROM attr_hourly_mark WHERE id = 1'))?.upto;
}

async function series(store: Store): Promise<string[][]> {
  const out: string[][] = [];
  const entities = await store.read.all<{ tenant: string; entity_id: string }>(
    'SELECT tenant, entity_id FROM history_entities ORDER BY tenant, entity_id',
  );
  for (const e of entities) {
    for (const attr of await historyAttrs(store.read, e.tenant, e.entity_id))
      out.push([e.tenant, e.entity_id, attr]);
  }
  return out;
}

/** The first hour with history, or the target when there is none. */
async function firstHour(store: Store, target: string): Promise<string> {
  const row = await store.read.get<{ t: string | null }>('SELECT MIN(ts) AS t FROM attr_history');
  return row?.t === null || row?.t === undefined || row.t >= target ? target : hourText(row.t);
}

async function advance(store: Store, target: string): Promise<number> {
  const upto = (await rolledUpTo(store.read)) ?? (await firstHour(store, target));
  if (upto >= target) return 0;
  const all = await series(store);
  // A unit of work per series, submitted a hundred at a time so that they share commits.
  for (let at = 0; at < all.length; at += 100)
    await Promise.all(
      all.slice(at, at + 100).map((key) => store.write((tx) => rollSeries(tx, key, upto, target))),
    );
  await store.write((tx) =>
    tx.defer(
      'INSERT INTO attr_hourly_mark (id, upto) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET upto = excluded.upto',
      [target],
    ),
  );
  return all.length;
}

interface DirtyRow {
  tenant: string;
  entity_id: string;
  attr: string;
  hour: string;
}

/** Rolls up dirty hours again; the marks are taken first, so a mark added meanwhile stays. */
async function cleanDirty(store: Store): Promise<number> {
  return store.write(async (tx) => {
    const upto = (await rolledUpTo(tx)) ?? '';
    const marks = await tx.all<DirtyRow>(
      'DELETE FROM attr_hourly_dirty RETURNING tenant, entity_id, attr, hour',
    );
    const ranges = new Map<string, { key: string[]; from: string; to: string }>();
    for (const m of marks) {
      const id = `${m.tenant}\u0000${m.entity_id}\u0000${m.attr}`;
      const r = ranges.get(id) ?? { key: [m.tenant, m.entity_id, m.attr], from: m.hour, to: '' };
      const end = m.hour === '' ? upto : new Date(Date.parse(m.hour) + HOUR).toISOString();
      r.from = m.hour < r.from ? m.hour : r.from;
      r.to = end > r.to ? end : r.to;
      ranges.set(id, r);
    }
    for (const r of ranges.values()) await rollSeries(tx, r.key, r.from, r.to < upto ? r.to : upto);
    return marks.length;
  });
}

/** Rolls up the hours closed since the last run and the dirty ones; the series touched. */
export async function rollUpHistory(store: Store, nowMs: number): Promise<number> {
  const advanced = await advance(store, hourOf(nowMs - GRACE_MS));
  return advanced + (await cleanDirty(store));
}
