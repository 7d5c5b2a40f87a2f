// The demo city end to end: the simulator provisions its devices through the IoT Agent API and
// publishes through the real HTTP ingest of a listening dothi; after N simulated minutes the
// broker holds the entities and the history of every domain.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { domainPacks, loadCityPack } from '../../src/domains/index.js';
import { fixedClock, silentLogger } from '../../src/kernel/index.js';
import {
  createSimulator,
  httpTransport,
  mqttTransport,
  type SimTransport,
  type Simulator,
} from '../../src/sim/index.js';
import { makeTestApp, storeNames, TEST_TOKEN, type TestApp } from '../support/index.js';

const START = Date.UTC(2026, 5, 1, 1); // Monday 08:00 in HCMC
const MINUTES = 20;

const APIKEY = 'sim-e2e';
// A corner of the city keeps the test fast; the whole pack's entities are checked in
// src/domains/city/city-pack.test.ts and loaded by `npm start`.
const full = loadCityPack();
const city = { ...full, wards: full.wards.slice(0, 30), roads: full.roads.slice(0, 60) };

for (const [name, via] of storeNames().flatMap((n) => [[n, 'HTTP'] as const, [n, 'MQTT'] as const])) {
  describe(`demo city through the ${via} ingest (${name})`, () => {
    let t: TestApp;
    let sim: Simulator;
    let transport: SimTransport;

    before(async () => {
      t = await makeTestApp(name, { DOTHI_MQTT_PORT: '0' });
      const baseUrl = await t.app.http.listen({ host: '127.0.0.1', port: 0 });
      const http = httpTransport({ baseUrl, token: TEST_TOKEN });
      if (via === 'MQTT') {
        await t.app.iot.start();
        await http.provisionGroup({ apikey: APIKEY, resource: '/iot/json' });
        transport = await mqttTransport({ url: t.app.iot.mqttUrl, apikey: APIKEY, http });
      } else transport = http;
      sim = createSimulator({
        transport,
        apikey: APIKEY,
        measureTransport: via,
        city,
        clock: fixedClock(START),
        log: silentLogger,
        devices: 60,
        seed: 3,
        speed: 60,
        start: START,
        concurrency: 8,
      });
      await sim.setup();
      if (via === 'HTTP') await sim.loadCity(); // the city's own entities: once per store is enough
      await sim.advance(MINUTES);
    });
    after(async () => {
      await transport.close();
      await t.app.iot.close();
      await t.dispose();
    });

    it('accepts every measure the devices sent', () => {
      const s = sim.stats();
      assert.equal(s.failed, 0);
      const expected = sim.devices.reduce((n, d) => n + 1 + Math.floor(MINUTES / d.intervalMin), 0);
      assert.equal(s.published, expected);
    });

    it('holds the entities of every domain with their latest measures', async () => {
      for (const pack of domainPacks) {
        const devices = sim.devices.filter((d) => pack.entityTypes.includes(d.entityType));
        assert.ok(devices.length > 0, pack.name);
        for (const type of new Set(devices.map((d) => d.entityType))) {
          const r = await t.get(`/ngsi-ld/v1/entities?type=${type}&count=true&limit=1`);
          assert.equal(r.statusCode, 200, r.body);
          const want = devices.filter((d) => d.entityType === type).length;
          assert.equal(Number(r.headers['ngsild-results-count']), want, `${pack.name}: ${type}`);
        }
        const sample = devices[0]!;
        const e = (
          await t.get(`/ngsi-ld/v1/entities/${encodeURIComponent(sample.entityId)}?format=keyValues`)
        ).json();
        for (const a of sample.attributes) {
          if (a.object_id === 'em') continue; // dateLastEmptying: only after a collection round
          assert.ok(e[a.name] !== undefined, `${sample.entityId} has no ${a.name}`);
        }
        assert.ok(e.location !== undefined, `${sample.entityId} has no location`);
      }
    });

    it('keeps the history of every domain, stamped with simulated time', async () => {
      for (const pack of domainPacks) {
        const d = sim.devices.find((x) => pack.entityTypes.includes(x.entityType))!;
        const attr = d.attributes.find((a) => a.name !== 'location')!.name;
        const url = `/ngsi-ld/v1/temporal/entities/${encodeURIComponent(d.entityId)}?attrs=${attr}&timerel=after&timeAt=${new Date(START - 1).toISOString()}`;
        const r = await t.get(url);
        assert.equal(r.statusCode, 200, r.body);
        const raw: unknown = r.json()[attr];
        const instances = Array.isArray(raw) ? raw : [raw];
        assert.equal(
          instances.length,
          1 + Math.floor(MINUTES / d.intervalMin),
          `${pack.name}: ${d.entityId}.${attr}`,
        );
        const last = instances
          .map((i: { observedAt: string }) => Date.parse(i.observedAt))
          .sort((a, b) => b - a)[0]!;
        assert.ok(last <= START + MINUTES * 60_000 && last >= START, new Date(last).toISOString());
      }
    });

    it('lets an operator start a scenario in the running city, with credentials only', async () => {
      t.app.sim.attach(sim);
      const anonymous = await t.request('POST', '/sim/scenario', {
        body: { name: 'rainstorm' },
        anonymous: true,
      });
      assert.equal(anonymous.statusCode, 401);
      const r = await t.post('/sim/scenario', { name: 'rainstorm' });
      assert.equal(r.statusCode, 202, r.body);
      assert.equal((await t.get('/sim')).json().scenario, 'rainstorm');
      t.app.sim.attach(undefined);
      assert.equal((await t.get('/sim')).json().code, 'SIM_NOT_RUNNING');
    });

    if (via === 'HTTP') {
      it('loads the city: areas, agencies with jurisdictions, roads', async () => {
        const count = async (q: string) =>
          Number(
            (await t.get(`/ngsi-ld/v1/entities?${q}&count=true&limit=1`)).headers['ngsild-results-count'],
          );
        const areas = 1 + city.districts.length + city.wards.length;
        assert.equal(await count('type=AdministrativeArea'), areas);
        assert.equal(await count('type=Organization&q=jurisdiction'), areas - 1 + city.agencies.length);
        assert.equal(await count('type=Road'), city.roads.length);
      });
    }
  });
}
