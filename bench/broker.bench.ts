// NGSI-LD broker throughput on the default SQLite store, next to a bare node:http baseline
// measured with the same load generator in the same run. Prints one JSON document.
import os from 'node:os';
import { load, post, startBaseline, startDothi, type LoadResult, type Served } from './harness.js';

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const E = '/ngsi-ld/v1/entities';

function sensor(id: string, i: number) {
  return {
    id,
    type: 'Sensor',
    temperature: { type: 'Property', value: 20 + (i % 150) / 10, unitCode: 'CEL' },
    category: { type: 'Property', value: `c${i % 5000}` },
    location: {
      type: 'GeoProperty',
      value: { type: 'Point', coordinates: [106.6 + (i % 316) * 0.000915, 10.7 + Math.floor(i / 316) * 0.0009] },
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
  baseline: { name: string; requestsPerSecond: number };
}

function figure(name: string, r: LoadResult, unit: string, target: number, base: [string, LoadResult], scale = 1): Figure {
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
    baseline: { name: base[0], requestsPerSecond: base[1].requestsPerSecond },
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

async function main() {
  const baseline = await startBaseline(19_001);
  const baseGet = await load({ url: baseline.url, seconds, request: () => ({ method: 'GET', path: `${E}/x` }) });
  const basePost = await load({
    url: baseline.url,
    seconds,
    request: (i) => ({ method: 'POST', path: E, body: JSON.stringify(sensor(`urn:ngsi-ld:Sensor:b${i}`, i)) }),
  });
  await baseline.stop();

  const s = await startDothi(19_002);
  const figures: Figure[] = [];
  const created = { n: 0 };
  const create = await load({
    url: s.url,
    token: s.token,
    seconds,
    request: (i) => {
      created.n = i + 1;
      return { method: 'POST', path: E, body: JSON.stringify(sensor(`urn:ngsi-ld:Sensor:s${i}`, i)) };
    },
  });
  figures.push(figure('entity create', create, 'entities/s', 10_000, ['bare node:http POST', basePost]));
  const n = Math.max(1, Math.min(created.n - 100, 10_000));

  const patch = await load({
    url: s.url,
    token: s.token,
    seconds,
    request: (i) => ({
      method: 'PATCH',
      path: `${E}/urn:ngsi-ld:Sensor:s${i % n}/attrs`,
      body: JSON.stringify({ temperature: { type: 'Property', value: i % 40 } }),
    }),
  });
  figures.push(figure('attribute PATCH', patch, 'updates/s', 10_000, ['bare node:http POST', basePost]));

  const get = await load({
    url: s.url,
    token: s.token,
    seconds,
    request: (i) => ({ method: 'GET', path: `${E}/urn:ngsi-ld:Sensor:s${(i * 7919) % n}` }),
  });
  figures.push(figure('GET entity by id', get, 'requests/s', 20_000, ['bare node:http GET', baseGet]));

  const upsert = await load({
    url: s.url,
    token: s.token,
    seconds,
    connections: 4,
    request: (i) => ({
      method: 'POST',
      path: '/ngsi-ld/v1/entityOperations/upsert',
      body: JSON.stringify(Array.from({ length: 1000 }, (_, k) => sensor(`urn:ngsi-ld:Sensor:u${i}-${k}`, k))),
    }),
  });
  figures.push(figure('batch upsert (1,000 entities/request)', upsert, 'entities/s', 20_000, ['bare node:http POST', basePost], 1000));

  await preload(s, 'QSensor', 100_000, 'q');
  const query = await load({
    url: s.url,
    token: s.token,
    seconds,
    request: (i) => ({ method: 'GET', path: `${E}?type=QSensor&q=${encodeURIComponent(`category=="c${(i * 31) % 5000}"`)}&limit=20` }),
  });
  figures.push(figure('type + q query, 20 of 100,000', query, 'queries/s', 3_000, ['bare node:http GET', baseGet]));

  const geo = await load({
    url: s.url,
    token: s.token,
    seconds,
    request: (i) => {
      const k = (i * 7919) % 100_000;
      const c = sensor('x', k).location.value.coordinates;
      const qs = `type=QSensor&georel=${encodeURIComponent('near;maxDistance==250')}&geometry=Point&coordinates=${encodeURIComponent(JSON.stringify(c))}&limit=100`;
      return { method: 'GET', path: `${E}?${qs}` };
    },
  });
  figures.push(figure('geo near query, ~20 of 100,000', geo, 'queries/s', 3_000, ['bare node:http GET', baseGet]));
  const check = await fetch(
    `${s.url}${E}?type=QSensor&georel=${encodeURIComponent('near;maxDistance==250')}&geometry=Point&coordinates=${encodeURIComponent(JSON.stringify(sensor('x', 50_158).location.value.coordinates))}&limit=100&count=true`,
    { headers: { authorization: `Bearer ${s.token}` } },
  );
  const qcheck = await fetch(`${s.url}${E}?type=QSensor&q=${encodeURIComponent('category=="c42"')}&count=true&limit=0`, {
    headers: { authorization: `Bearer ${s.token}` },
  });
  await s.stop();

  process.stdout.write(
    `${JSON.stringify(
      {
        benchmark: 'broker',
        store: 'sqlite',
        machine: { cpus: os.cpus().length, node: process.version },
        secondsPerFigure: seconds,
        selectivity: {
          geoNearMatches: Number(check.headers.get('ngsild-results-count')),
          qMatches: Number(qcheck.headers.get('ngsild-results-count')),
        },
        figures,
      },
      null,
      2,
    )}\n`,
  );
}

await main();
