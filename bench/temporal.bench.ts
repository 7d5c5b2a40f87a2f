// Temporal API at city scale: 100 entities x 1 attribute x 30 days at 1-minute resolution
// (about 4.3 million attribute instances). Measures, through HTTP on an in-process server, an
// hourly avg over 7 days for all entities and the last 24 h of one entity, on each store, next
// to the same aggregation as one bare SQL statement on the same table (the baseline). The loaded
// history is rolled up once, as the background roll-up task would (rollupSeconds).
//
// BENCH_TEMPORAL_STORES=sqlite,postgres selects stores; BENCH_TEMPORAL_ENTITIES scales down;
// BENCH_TEMPORAL_RUNS repeats the measurements (the figures are medians). The store is chosen
// as the server chooses it: PostgreSQL through DATABASE_URL, here a database created for the run
// on the server of BENCH_PG_URL (postgres://postgres@127.0.0.1:5432/postgres by default) and
// dropped after it. BENCH_TEMPORAL_KEEP=<folder> keeps the loaded data (the SQLite file in that
// folder, the PostgreSQL database dothi_bench_temporal_kept) and reuses it on the next run.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createApp, type App } from '../src/app.js';
import { loadConfig, silentLogger } from '../src/kernel/index.js';
import { historyRowForBench, insertHistoryRows, rollUpHistory } from '../src/ngsi/temporal/index.js';
import type { Store } from '../src/store/index.js';

type StoreName = 'sqlite' | 'postgres';

const ENTITIES = Number(process.env.BENCH_TEMPORAL_ENTITIES ?? 100);
const RUNS = Number(process.env.BENCH_TEMPORAL_RUNS ?? 1);
const KEEP = process.env.BENCH_TEMPORAL_KEEP;
const PG_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const MINUTES = 30 * 24 * 60;
const MAX_INSTANCES = 1500;
const END = Date.parse('2026-10-31T00:00:00Z');
const START = END - MINUTES * 60_000;
const TOKEN = 'bench-token-0123456789abcdef';
const TEMP = 'https://uri.etsi.org/ngsi-ld/default-context/temperature';
const H = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };

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

const seconds = (t0: number) => Math.round((performance.now() - t0) / 100) / 10;

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
  return seconds(t0);
}

async function admin<T>(f: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  try {
    return await f(c);
  } finally {
    await c.end();
  }
}

/** Where a store's data lives for this run, and how to remove it afterwards. */
async function placeFor(name: StoreName) {
  const dir = KEEP ?? mkdtempSync(join(tmpdir(), 'dothi-tbench-'));
  mkdirSync(dir, { recursive: true });
  const marker = join(dir, `${name}-${ENTITIES}.loaded`);
  const env: Record<string, string> = { DOTHI_SQLITE_PATH: join(dir, `dothi-${ENTITIES}.db`) };
  let drop = async () => undefined as void;
  if (name === 'postgres') {
    const db = KEEP === undefined ? `dothi_bench_temporal_${process.pid}` : 'dothi_bench_temporal_kept';
    const exists = await admin(
      async (c) => (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [db])).rowCount,
    );
    if (!exists) await admin((c) => c.query(`CREATE DATABASE ${db}`));
    const url = new URL(PG_URL);
    url.pathname = `/${db}`;
    env.DATABASE_URL = url.toString();
    if (KEEP === undefined)
      drop = () => admin(async (c) => void (await c.query(`DROP DATABASE ${db} WITH (FORCE)`)));
  }
  const cleanup = async () => {
    await drop();
    if (KEEP === undefined) rmSync(dir, { recursive: true, force: true });
  };
  return {
    env,
    loaded: existsSync(marker),
    markLoaded: (facts: object) => writeFileSync(marker, JSON.stringify(facts)),
    marker,
    cleanup,
  };
}

async function prepare(app: App, base: string, name: StoreName, place: Awaited<ReturnType<typeof placeFor>>) {
  if (place.loaded)
    return JSON.parse(readFileSync(place.marker, 'utf8')) as { loadSeconds: number; rollupSeconds: number };
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
  const loadSeconds = await load(app.store);
  // As after any bulk load (autovacuum would do the same a little later): fresh planner statistics.
  await app.store.write((tx) => tx.run(name === 'postgres' ? 'ANALYZE attr_history' : 'ANALYZE'));
  // The loaded hours are closed: the background roll-up task (here run at once) sums them.
  const r0 = performance.now();
  await rollUpHistory(app.store, Date.now());
  const rollupSeconds = seconds(r0);
  await app.store.write((tx) => tx.run('ANALYZE'));
  const facts = { loadSeconds, rollupSeconds };
  place.markLoaded(facts);
  return facts;
}

async function measure(app: App, base: string) {
  const from = new Date(END - 7 * 86_400_000).toISOString();
  const to = new Date(END).toISOString();
  const aggr = `${base}/ngsi-ld/v1/temporal/entities?type=Sensor&attrs=temperature&timerel=between&timeAt=${from}&endTimeAt=${to}&aggrMethods=avg&aggrPeriodDuration=PT1H&options=aggregatedValues&limit=${ENTITIES}`;
  const body = (await (await fetch(aggr, { headers: H })).json()) as Array<{
    temperature?: { avg?: unknown[] };
  }>;
  const lastDay = `${base}/ngsi-ld/v1/temporal/entities/urn:ngsi-ld:Sensor:t${Math.min(7, ENTITIES - 1)}?attrs=temperature&timerel=after&timeAt=${new Date(END - 86_400_000).toISOString()}`;
  const dayAnswer = await fetch(lastDay, { headers: H });
  const day = (await dayAnswer.json()) as { temperature?: unknown[] };
  const hourly: number[] = [];
  const last24h: number[] = [];
  const bare: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    hourly.push(await timed(5, async () => void (await (await fetch(aggr, { headers: H })).arrayBuffer())));
    last24h.push(
      await timed(20, async () => void (await (await fetch(lastDay, { headers: H })).arrayBuffer())),
    );
    bare.push(
      await timed(5, async () => {
        await app.store.read.all(
          `SELECT entity_id, substr(ts, 1, 13) AS hour, avg(num) AS v FROM attr_history
            WHERE tenant = ? AND attr = ? AND ts >= ? AND ts < ? GROUP BY entity_id, substr(ts, 1, 13)`,
          ['', TEMP, from, to],
        );
      }),
    );
  }
  return {
    hourly: median(hourly),
    last24h: median(last24h),
    bare: median(bare),
    checks: {
      entitiesAggregated: body.length,
      hoursInFirstEntity: body[0]?.temperature?.avg?.length ?? 0,
      instancesInLast24h: (day.temperature ?? []).length,
      last24hStatus: dayAnswer.status,
    },
  };
}

async function run(name: StoreName) {
  const place = await placeFor(name);
  try {
    const config = loadConfig({
      PORT: '0',
      DOTHI_ADMIN_TOKEN: TOKEN,
      DOTHI_MQTT_PORT: '0',
      DOTHI_SQLITE_SYNC: 'normal',
      // A day at one-minute resolution is 1,440 instances: the cap is raised so that the last 24 h
      // come back whole (200), not as the first 1,000 with 206 (the default cap).
      DOTHI_TEMPORAL_MAX_INSTANCES: String(MAX_INSTANCES),
      ...place.env,
    });
    const app = await createApp(config, { log: silentLogger });
    try {
      const base = await app.listen();
      const facts = await prepare(app, base, name, place);
      const m = await measure(app, base);
      return {
        store: name,
        instances: ENTITIES * MINUTES,
        ...facts,
        reusedData: place.loaded,
        hourlyAvg7dAllEntitiesMs: { value: m.hourly, target: 250, pass: m.hourly <= 250 },
        last24hOneEntityMs: { value: m.last24h, target: 20, pass: m.last24h <= 20 },
        maxInstancesPerSeries: MAX_INSTANCES,
        baselineBareSqlHourlyAvgMs: m.bare,
        checks: m.checks,
      };
    } finally {
      await app.close();
    }
  } finally {
    await place.cleanup();
  }
}

const stores = (process.env.BENCH_TEMPORAL_STORES ?? 'sqlite,postgres').split(',') as StoreName[];
const results = [];
for (const s of stores) results.push(await run(s));
const load1 = Math.round(loadavg()[0]! * 100) / 100;
process.stdout.write(
  `${JSON.stringify({ benchmark: 'temporal', loadAverage1m: load1, results }, null, 2)}\n`,
);
