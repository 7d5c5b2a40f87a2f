// NGSI-LD broker throughput on the default SQLite store, next to a bare node:http baseline
// measured with the same load generator in the same run. Prints one JSON document.
import os from 'node:os';
import {
  load,
  post,
  startBareInsert,
  startBaseline,
  startDothi,
  type LoadResult,
  type LoadSpec,
  type Served,
} from './harness.js';

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
// A write is acknowledged only once its commit is on disk (an fdatasync of the WAL takes about
// 5-10 ms on this machine's disk). Group commit makes many writers share one fsync, so write
// throughput grows with the number of concurrent clients until the CPU is the limit; with 32
// clients it is capped near 32 / fsync time. Write figures use 128 clients (a modest fleet of
// gateways and applications); reads use 32.
const writers = Number(process.env.BENCH_WRITE_CONNECTIONS ?? 128);
// A fresh server compiles its hot paths during the first second or two of load: measured from a
// cold start, the create figure's p99 was 0.7-1.5 s and its rate a fifth lower than in steady
// state. Each figure that opens a phase (creates, queries, geo-queries) is preceded by this much
// unmeasured load of the same kind.
const warmupSeconds = Number(process.env.BENCH_WARMUP_SECONDS ?? 3);
const E = '/ngsi-ld/v1/entities';

function sensor(id: string, i: number) {
  return {
    id,
    type: 'Sensor',
    temperature: { type: 'Property', value: 20 + (i % 150) / 10, unitCode: 'CEL' },
    category: { type: 'Property', value: `c${i % 5000}` },
    location: {
      type: 'GeoProperty',
      value: {
        type: 'Point',
        coordinates: [106.6 + (i % 316) * 0.000915, 10.7 + Math.floor(i / 316) * 0.0009],
      },
    },
  };
}

interface Figure {
  name: string;
  value: number;
  unit: string;
  target: number;
  pass: boolean;
  latencyP50Ms: number;
  latencyP99Ms: number;
  errors: number;
  connections: number;
  /** Server CPU time (all threads) per entity or request: less sensitive to a busy machine. */
  serverCpuUsPerItem?: number;
  baseline: { name: string; requestsPerSecond: number; serverCpuUsPerRequest?: number };
  /** A second yardstick, where the issue names one. */
  reference?: { name: string; requestsPerSecond: number; serverCpuUsPerRequest?: number };
  generator: string;
}

function figure(
  name: string,
  r: LoadResult,
  unit: string,
  target: number,
  base: [string, LoadResult],
  scale = 1,
  connections = 32,
): Figure {
  const value = r.requestsPerSecond * scale;
  return {
    name,
    value,
    unit,
    target,
    pass: value >= target && r.non2xx === 0 && r.errors === 0,
    latencyP50Ms: r.latencyP50Ms,
    latencyP99Ms: r.latencyP99Ms,
    errors: r.non2xx + r.errors,
    connections,
    ...(r.serverCpuUsPerRequest === undefined
      ? {}
      : { serverCpuUsPerItem: Math.round((r.serverCpuUsPerRequest / scale) * 10) / 10 }),
    baseline: {
      name: base[0],
      requestsPerSecond: base[1].requestsPerSecond,
      serverCpuUsPerRequest: base[1].serverCpuUsPerRequest,
    },
    generator: r.generator,
  };
}

async function preload(s: Served, type: string, count: number, prefix: string): Promise<void> {
  for (let start = 0; start < count; start += 1000) {
    const batch = Array.from({ length: Math.min(1000, count - start) }, (_, k) => ({
      ...sensor(`urn:ngsi-ld:${type}:${prefix}${start + k}`, start + k),
      type,
    }));
    await post(s, '/ngsi-ld/v1/entityOperations/upsert', batch);
  }
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const point = (k: number) => sensor('x', k).location.value.coordinates;

/** Creates of new sensors (ids urn:ngsi-ld:Sensor:<prefix><request number>) from `writers` clients. */
const creates = (served: Served, prefix: string, type = 'Sensor', time = seconds) =>
  load({
    url: served.url,
    pid: served.pid,
    token: served.token,
    seconds: time,
    connections: writers,
    variants: range(100).map((k) => ({
      method: 'POST',
      path: E,
      body: JSON.stringify({ ...sensor(`urn:ngsi-ld:${type}:${prefix}{n}`, k), type }),
    })),
  });

/** Unmeasured creates of `type` before the measured ones (see warmupSeconds). */
async function warmup(served: Served, type: string, prefix: string): Promise<void> {
  if (warmupSeconds > 0) await creates(served, prefix, type, warmupSeconds);
}

/** Runs `variants` unmeasured for warmupSeconds, then measured for `seconds`. */
async function warmLoad(spec: Omit<LoadSpec, 'seconds'>): Promise<LoadResult> {
  if (warmupSeconds > 0) await load({ ...spec, pid: undefined, seconds: warmupSeconds });
  return load({ ...spec, seconds });
}

async function main() {
  const baseline = await startBaseline(19_001);
  const baseGet = await warmLoad({
    url: baseline.url,
    pid: baseline.pid,
    variants: [{ method: 'GET', path: `${E}/x` }],
  });
  const basePost = await warmLoad({
    url: baseline.url,
    pid: baseline.pid,
    connections: writers,
    variants: [{ method: 'POST', path: E, body: JSON.stringify(sensor('urn:ngsi-ld:Sensor:b{n}', 7)) }],
  });
  await baseline.stop();
  const bare = await startBareInsert(19_003);
  await warmup(bare, 'WarmUp', 'w');
  const bareCreate = await creates(bare, 'b');
  await bare.stop();

  const s = await startDothi(19_002);
  const figures: Figure[] = [];
  // Warm-up creates make entities of another type, so that the type counts below see only
  // the measured ones.
  await warmup(s, 'WarmUp', 'w');
  const create = await creates(s, 's');
  figures.push({
    ...figure('entity create', create, 'entities/s', 10_000, ['bare node:http POST', basePost], 1, writers),
    reference: {
      name: "bare Fastify + better-sqlite3 insert of the body, group commit, fsync (the issue's yardstick)",
      requestsPerSecond: bareCreate.requestsPerSecond,
      serverCpuUsPerRequest: bareCreate.serverCpuUsPerRequest,
    },
  });
  // The creates above made urn:ngsi-ld:Sensor:s1 … s<count>; PATCH and GET address the first 10,000.
  const auth = { headers: { authorization: `Bearer ${s.token}` } };
  const counted = async (qs: string) =>
    Number((await fetch(`${s.url}${E}?${qs}&count=true&limit=0`, auth)).headers.get('ngsild-results-count'));
  // Request numbers start at 1, but wrk builds (and never sends) one request before the run, so
  // urn:ngsi-ld:Sensor:s2 … s<created+1> exist; PATCH and GET address s2 … s<n+1>.
  const n = Math.min(10_000, (await counted('type=Sensor')) - 1);

  const patch = await load({
    url: s.url,
    pid: s.pid,
    token: s.token,
    seconds,
    connections: writers,
    variants: range(2000).map((k) => ({
      method: 'PATCH',
      path: `${E}/urn:ngsi-ld:Sensor:s${2 + ((k * 7919) % n)}/attrs`,
      body: JSON.stringify({ temperature: { type: 'Property', value: k % 40 } }),
    })),
  });
  figures.push(
    figure('attribute PATCH', patch, 'updates/s', 10_000, ['bare node:http POST', basePost], 1, writers),
  );

  const get = await load({
    url: s.url,
    pid: s.pid,
    token: s.token,
    seconds,
    variants: range(2000).map((k) => ({
      method: 'GET',
      path: `${E}/urn:ngsi-ld:Sensor:s${2 + ((k * 7919) % n)}`,
    })),
  });
  figures.push(figure('GET entity by id', get, 'requests/s', 20_000, ['bare node:http GET', baseGet]));

  const upsert = await load({
    url: s.url,
    pid: s.pid,
    token: s.token,
    seconds,
    connections: 4,
    variants: [
      {
        method: 'POST',
        path: '/ngsi-ld/v1/entityOperations/upsert',
        body: JSON.stringify(range(1000).map((k) => sensor(`urn:ngsi-ld:Sensor:u{n}-${k}`, k))),
      },
    ],
  });
  figures.push(
    figure(
      'batch upsert (1,000 entities/request)',
      upsert,
      'entities/s',
      20_000,
      ['bare node:http POST', basePost],
      1000,
      4,
    ),
  );

  const t0 = performance.now();
  await preload(s, 'QSensor', 100_000, 'q');
  const preloadSeconds = (performance.now() - t0) / 1000;
  const query = await warmLoad({
    url: s.url,
    pid: s.pid,
    token: s.token,
    variants: range(5000).map((k) => ({
      method: 'GET',
      path: `${E}?type=QSensor&q=${encodeURIComponent(`category=="c${(k * 31) % 5000}"`)}&limit=20`,
    })),
  });
  figures.push(
    figure('type + q query, 20 of 100,000', query, 'queries/s', 3_000, ['bare node:http GET', baseGet]),
  );

  const nearQuery = (k: number) =>
    `type=QSensor&georel=${encodeURIComponent('near;maxDistance==250')}&geometry=Point&coordinates=${encodeURIComponent(JSON.stringify(point(k)))}`;
  const geo = await warmLoad({
    url: s.url,
    pid: s.pid,
    token: s.token,
    variants: range(5000).map((k) => ({
      method: 'GET',
      path: `${E}?${nearQuery((k * 7919) % 100_000)}&limit=100`,
    })),
  });
  figures.push(
    figure('geo near query, ~20 of 100,000', geo, 'queries/s', 3_000, ['bare node:http GET', baseGet]),
  );

  // Without targets: the common query shapes that no index lookup serves, on the same
  // 100,000 entities (a type alone, a range most entities match, an attribute list alone).
  const shapes: Array<[string, (k: number) => string]> = [
    ['type alone, first 20 of 100,000', () => 'type=QSensor&limit=20'],
    ['type alone, 20 from offset 5,000', () => 'type=QSensor&limit=20&offset=5000'],
    [
      'type + dense range q, 20 of 100,000',
      (k) => `type=QSensor&q=${encodeURIComponent(`temperature>${k % 5}`)}&limit=20`,
    ],
    ['attrs alone, 20 of 100,000', () => 'attrs=temperature&limit=20'],
  ];
  const queryShapes: Array<{
    name: string;
    value: number;
    unit: string;
    latencyP50Ms: number;
    latencyP99Ms: number;
    errors: number;
    serverCpuUsPerItem?: number;
  }> = [];
  for (const [name, qs] of shapes) {
    const r = await load({
      url: s.url,
      pid: s.pid,
      token: s.token,
      seconds: Math.max(3, Math.round(seconds / 2)),
      variants: range(100).map((k) => ({ method: 'GET', path: `${E}?${qs(k)}` })),
    });
    queryShapes.push({
      name,
      value: r.requestsPerSecond,
      unit: 'queries/s',
      latencyP50Ms: r.latencyP50Ms,
      latencyP99Ms: r.latencyP99Ms,
      errors: r.non2xx + r.errors,
      ...(r.serverCpuUsPerRequest === undefined ? {} : { serverCpuUsPerItem: r.serverCpuUsPerRequest }),
    });
  }

  const selectivity = {
    geoNearMatches: await counted(nearQuery(50_158)),
    qMatches: await counted(`type=QSensor&q=${encodeURIComponent('category=="c42"')}`),
    qSensors: await counted('type=QSensor'),
  };
  await s.stop();

  process.stdout.write(
    `${JSON.stringify(
      {
        benchmark: 'broker',
        store: 'sqlite',
        machine: { cpus: os.cpus().length, node: process.version },
        generator: create.generator,
        secondsPerFigure: seconds,
        warmupSeconds,
        preload: { entities: 100_000, seconds: Math.round(preloadSeconds * 10) / 10 },
        selectivity,
        figures,
        queryShapes,
      },
      null,
      2,
    )}\n`,
  );
}

await main();
