import type { SqlExecutor, Store } from '../../store/index.js';
import { historyAttrs } from './aggregate-repo.js';
import { keepsEverything, retentionOf, type RetentionMs, type RetentionRules } from './retention-rules.js';

// Retention of raw history: instances older than their retention are first summed into hourly
// roll-ups (attr_rollups: count, sum, sum of squares, min, max), then deleted, so that
// aggregation over old ranges still answers (src/ngsi/temporal/aggregate-repo.ts reads both).
// The cutoff is rounded down to the hour, so an hour is always rolled up whole. Work is per
// entity attribute, each a range of the (tenant, entity_id, attr, ts) index, one transaction
// per attribute; roll-ups themselves are kept.

const HOUR = 3_600_000;

// An hour rolled up again (history provided late into a pruned range) adds to its row.
const MERGE_ROLLUP = `ON CONFLICT (tenant, entity_id, attr, hour) DO UPDATE SET
  cnt = attr_rollups.cnt + excluded.cnt,
  ncnt = attr_rollups.ncnt + excluded.ncnt,
  sum = CASE WHEN attr_rollups.sum IS NULL THEN excluded.sum WHEN excluded.sum IS NULL THEN attr_rollups.sum
    ELSE attr_rollups.sum + excluded.sum END,
  sumsq = CASE WHEN attr_rollups.sumsq IS NULL THEN excluded.sumsq WHEN excluded.sumsq IS NULL
    THEN attr_rollups.sumsq ELSE attr_rollups.sumsq + excluded.sumsq END,
  min = CASE WHEN excluded.min IS NULL OR attr_rollups.min <= excluded.min THEN attr_rollups.min
    ELSE excluded.min END,
  max = CASE WHEN excluded.max IS NULL OR attr_rollups.max >= excluded.max THEN attr_rollups.max
    ELSE excluded.max END`;

const RANGE = 'WHERE tenant = ? AND entity_id = ? AND attr = ? AND ts < ?';

async function pruneAttr(tx: SqlExecutor, key: unknown[]): Promise<number> {
  // substr(ts, 1, 13) is the hour of a toISOString() time: 2026-01-01T00.
  await tx.run(
    `INSERT INTO attr_rollups (tenant, entity_id, attr, hour, cnt, ncnt, sum, sumsq, min, max)
     SELECT tenant, entity_id, attr, substr(ts, 1, 13) || ':00:00.000Z', COUNT(*), COUNT(num), SUM(num),
       SUM(num * num), MIN(num), MAX(num)
     FROM attr_history ${RANGE} AND deleted = 0 GROUP BY tenant, entity_id, attr, substr(ts, 1, 13)
     ${MERGE_ROLLUP}`,
    key,
  );
  // Those hours are in attr_rollups now: their hourly sums of raw rows would count them twice.
  await tx.run('DELETE FROM attr_hourly WHERE tenant = ? AND entity_id = ? AND attr = ? AND hour < ?', key);
  return (await tx.run(`DELETE FROM attr_history ${RANGE}`, key)).changes;
}

function cutoff(now: number, ms: RetentionMs): string | undefined {
  if (ms === undefined) return undefined;
  return new Date(Math.floor((now - ms) / HOUR) * HOUR).toISOString();
}

/** Rolls up and deletes the raw history older than its retention; resolves to the rows deleted. */
export async function pruneHistory(store: Store, rules: RetentionRules, now: number): Promise<number> {
  if (keepsEverything(rules)) return 0;
  const entities = await store.read.all<{ tenant: string; entity_id: string; types: string }>(
    'SELECT tenant, entity_id, types FROM history_entities ORDER BY tenant, entity_id',
  );
  let deleted = 0;
  for (const e of entities) {
    const r = retentionOf(rules, JSON.parse(e.types) as string[]);
    for (const attr of await historyAttrs(store.read, e.tenant, e.entity_id)) {
      const before = cutoff(now, r.attrs.has(attr) ? r.attrs.get(attr) : r.other);
      if (before === undefined) continue;
      deleted += await store.write((tx) => pruneAttr(tx, [e.tenant, e.entity_id, attr, before]));
    }
  }
  return deleted;
}
