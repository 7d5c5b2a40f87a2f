// Temporal API at city scale: 100 entities x 1 attribute x 30 days at 1-minute resolution
// (about 4.3 million attribute instances). Measures, through HTTP on an in-process server, an
// hourly avg over 7 days for all entities and the last 24 h of one entity, on each store, next
// to the same aggregation as one bare SQL statement on the same table (the baseline). The loaded
// history is rolled up once, as the background roll-up task would (rollupSeconds).
// BENCH_TEMPORAL_STORES=sqlite,postgres selects stores; BENCH_TEMPORAL_ENTITIES scales down.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../src/app.js';
import { loadConfig, silentLogger } from '../src/kernel/index.js';
import { historyRowForBench, insertHistoryRows, rollUpHistory } from '../src/ngsi/temporal/index.js';
import { createPostgresStore, createSqliteStore, type Store } from '../src/store/index.js';

const ENTITIES = Number(process.env.BENCH_TEMPORAL_ENTITIES ?? 100);
const MINUTES = 30 * 24 * 60;
const END = Date.parse('2026-10-31T00:00:00Z');
const START = END - MINUTES * 60_000;
const TOKEN = 'bench-token-0123456789abcdef';
const TEMP = 'https://uri.etsi.org/ngsi-ld/default-context/temperature';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.floor(s.length / 2)]! * 10) / 10;
}

async function timed(n: number, f: () => Promise<void>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await f();
    times.push(performance.now() - t0);
  }
  return median(times);
}

async function load(store: Store): Promise<number> {
  const t0 = performance.now();
  for (let e = 0; e < ENTITIES; e++) {
    const id = `urn:ngsi-ld:Sensor:t${e}`;
    for (let m = 0; m < MINUTES; m += 3000) {
      const rows: unknown[][] = [];
      for (let k = m; k < Math.min(MINUTES, m + 3000); k++) {
        const at = new Date(START + k * 60_000).toISOString();
        rows.push(historyRowForBench('', id, TEMP, 20 + 10 * Math.sin((k + e) / 90), at));
      }
      await store.write((tx) => insertHistoryRows(tx, rows, Date.now()));
    }
  }
  return Math.round((performance.now() - t0) / 100) / 10;
}

async function run(name: 'sqlite' | 'postgres') {
  const dir = mkdtempSync(join(tmpdir(), 'dothi-tbench-'));
  const schema = `tbench_${process.pid}`;
  const url = process.env.DOTHI_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/dothi_test';
  const store =
    name === 'sqlite'
      ? createSqliteStore({ path: join(dir, 'dothi.db'), synchronous: 'normal' })
      : createPostgresStore({ url, schema });
  const config = loadConfig({
    PORT: '0',
    DOTHI_ADMIN_TOKEN: TOKEN,
    DOTHI_SQLITE_PATH: join(dir, 'dothi.db'),
  });
  const app = await createApp(config, { store, log: silentLogger });
  const base = await app.listen();
  const H = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
  const entities = Array.from({ length: ENTITIES }, (_, e) => ({
    id: `urn:ngsi-ld:Sensor:t${e}`,
    type: 'Sensor',
    temperature: { type: 'Property', value: 20 },
  }));
  await fetch(`${base}/ngsi-ld/v1/entityOperations/upsert`, {
    method: 'POST',
    headers: H,
    body: JSON.stringify(entities),
  });
  const loadSeconds = await load(store);
  // As after any bulk load (autovacuum would do the same a little later): fresh planner statistics.
  await store.write((tx) => tx.run(name === 'postgres' ? 'ANALYZE attr_history' : 'ANALYZE'));
  // The loaded hours are closed: the background roll-up task (here run at once) sums them.
  const r0 = performance.now();
  await rollUpHistory(store, Date.now());
  const rollupSeconds = Math.round((performance.now() - r0) / 100) / 10;
  await store.write((tx) => tx.run(name === 'postgres' ? 'ANALYZE attr_hourly' : 'ANALYZE'));
  const from = new Date(END - 7 * 86_400_000).toISOString();
  const to = new Date(END).toISOString();
  const aggr = `${base}/ngsi-ld/v1/temporal/entities?type=Sensor&attrs=temperature&timerel=between&timeAt=${from}&endTimeAt=${to}&aggrMethods=avg&aggrPeriodDuration=PT1H&options=aggregatedValues&limit=${ENTITIES}`;
  const check = await fetch(aggr, { headers: H });
  const body = (await check.json()) as Array<{ temperature?: { avg?: unknown[] } }>;
  const hourly = await timed(5, async () => {
    await (await fetch(aggr, { headers: H })).arrayBuffer();
  });
  const lastDay = `${base}/ngsi-ld/v1/temporal/entities/urn:ngsi-ld:Sensor:t${Math.min(7, ENTITIES - 1)}?attrs=temperature&timerel=after&timeAt=${new Date(END - 86_400_000).toISOString()}`;
  const day = await (await fetch(lastDay, { headers: H })).json();
  const last24h = await timed(20, async () => {
    await (await fetch(lastDay, { headers: H })).arrayBuffer();
  });
  const bare = await timed(5, async () => {
    await store.read.all(
      `SELECT entity_id, substr(ts, 1, 13) AS hour, avg(num) AS v FROM attr_history
        WHERE tenant = ? AND attr = ? AND ts >= ? AND ts < ? GROUP BY entity_id, substr(ts, 1, 13)`,
      ['', TEMP, from, to],
    );
  });
  await app.close();
  if (name === 'postgres') {
    const pg = (await import('pg')).default;
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await c.end();
  }
  rmSync(dir, { recursive: true, force: true });
  return {
    store: name,
    instances: ENTITIES * MINUTES,
    loadSeconds,
    rollupSeconds,
    hourlyAvg7dAllEntitiesMs: { value: hourly, target: 250, pass: hourly <= 250 },
    last24hOneEntityMs: { value: last24h, target: 20, pass: last24h <= 20 },
    baselineBareSqlHourlyAvgMs: bare,
    checks: {
      entitiesAggregated: body.length,
      hoursInFirstEntity: body[0]?.temperature?.avg?.length ?? 0,
      instancesInLast24h: ((day as { temperature?: unknown[] }).temperature ?? []).length,
    },
  };
}

const stores = (process.env.BENCH_TEMPORAL_STORES ?? 'sqlite,postgres').split(',') as Array<
  'sqlite' | 'postgres'
>;
const results = [];
for (const s of stores) results.push(await run(s));
process.stdout.write(`${JSON.stringify({ benchmark: 'temporal', results }, null, 2)}\n`);
