// HTTP ingest of the IoT Agents: `POST /iot/json?k=&i=` (JSON) and `POST /iot/d?k=&i=`
// (UltraLight 2.0). Each measure becomes an attribute update of the device's entity, with history.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { makeTestApp, storeNames, type TestApp } from '../support/index.js';
import { entity, expectProblem, normalized, provision } from './helpers.js';

const SVC = 'hcmc';

for (const name of storeNames()) {
  describe(`IoT HTTP ingest (${name})`, () => {
    let t: TestApp;
    const send = (path: string, k: string, i: string, payload: string, type = 'application/json') =>
      t.request('POST', `${path}?k=${k}&i=${i}`, {
        payload,
        anonymous: true,
        headers: { 'content-type': type },
      });

    before(async () => {
      t = await makeTestApp(name);
      await provision(
        t,
        SVC,
        [
          { apikey: 'kj', resource: '/iot/json', entity_type: 'WeatherObserved' },
          { apikey: 'ku', resource: '/iot/d', entity_type: 'NoiseLevelObserved', autoprovision: false },
        ],
        [
          {
            device_id: 'ws1',
            apikey: 'kj',
            attributes: [
              { object_id: 't', name: 'temperature', type: 'Number' },
              { object_id: 'f', name: 'temperatureF', type: 'Number', expression: 'f * 1.8 + 32' },
            ],
          },
          {
            device_id: 'nl1',
            apikey: 'ku',
            protocol: 'PDI-IoTA-UltraLight',
            attributes: [{ object_id: 'l', name: 'LAeq', type: 'Number' }],
          },
        ],
      );
    });
    after(() => t.dispose());

    it('writes a JSON measure to the entity, renamed by object_id and scaled by an expression', async () => {
      const r = await send('/iot/json', 'kj', 'ws1', JSON.stringify({ t: 21.5, f: 10, h: 40 }));
      assert.equal(r.statusCode, 200, r.body);
      const e = await entity(t, SVC, 'urn:ngsi-ld:WeatherObserved:ws1');
      assert.equal(e.temperature, 21.5);
      assert.equal(e.temperatureF, 50);
      assert.equal(e.h, 40);
    });

    it('sets observedAt from a TimeInstant measure', async () => {
      const at = '2026-01-02T03:04:05.000Z';
      const r = await send('/iot/json', 'kj', 'ws1', JSON.stringify({ t: 22, TimeInstant: at }));
      assert.equal(r.statusCode, 200, r.body);
      const e = await normalized(t, SVC, 'urn:ngsi-ld:WeatherObserved:ws1');
      assert.equal(e.temperature.observedAt, at);
    });

    it('writes UltraLight measure groups (#) in order, each one into history', async () => {
      const r = await send('/iot/d', 'ku', 'nl1', 'l|60#l|65|c|3', 'text/plain');
      assert.equal(r.statusCode, 200, r.body);
      const e = await entity(t, SVC, 'urn:ngsi-ld:NoiseLevelObserved:nl1');
      assert.equal(e.LAeq, 65);
      assert.equal(e.c, 3);
      const h = await t.get(
        `/ngsi-ld/v1/temporal/entities/${encodeURIComponent('urn:ngsi-ld:NoiseLevelObserved:nl1')}?attrs=LAeq&options=temporalValues`,
        { headers: { 'ngsild-tenant': SVC } },
      );
      assert.equal(h.statusCode, 200, h.body);
      assert.deepEqual(
        h.json().LAeq.values.map((v: [number, string]) => v[0]),
        [60, 65],
      );
    });

    it('autoprovisions an unknown device of a group that allows it', async () => {
      const r = await send('/iot/json', 'kj', 'ws-new', JSON.stringify({ t: 30 }));
      assert.equal(r.statusCode, 200, r.body);
      assert.equal((await entity(t, SVC, 'urn:ngsi-ld:WeatherObserved:ws-new')).t, 30);
      const d = await t.get('/iot/devices/ws-new', {
        headers: { 'fiware-service': SVC, 'fiware-servicepath': '/' },
      });
      assert.equal(d.statusCode, 200, d.body);
      assert.equal(d.json().silent, false);
      assert.equal(d.json().measureCount, 1);
    });

    it('refuses an unknown device of a group without autoprovision, and an unknown apikey', async () => {
      expectProblem(await send('/iot/d', 'ku', 'nobody', 'l|1', 'text/plain'), 404, 'DEVICE_NOT_FOUND');
      expectProblem(
        await send('/iot/d', 'no-such-key', 'nl1', 'l|1', 'text/plain'),
        404,
        'DEVICE_GROUP_NOT_FOUND',
      );
      expectProblem(await send('/iot/json', 'kj', 'ws1', '{"t": 1'), 400, 'INVALID_MEASURE');
    });

    it('notifies NGSI-LD subscribers of an ingested measure', async () => {
      const got: unknown[] = [];
      const receiver = createServer((req, res) => {
        let text = '';
        req.on('data', (c: Buffer) => (text += c.toString()));
        req.on('end', () => {
          got.push(JSON.parse(text));
          res.writeHead(204).end();
        });
      });
      await new Promise<void>((ok) => receiver.listen(0, '127.0.0.1', ok));
      try {
        const uri = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/notify`;
        const sub = await t.post(
          '/ngsi-ld/v1/subscriptions',
          {
            type: 'Subscription',
            entities: [{ type: 'WeatherObserved' }],
            watchedAttributes: ['temperature'],
            notification: { endpoint: { uri, accept: 'application/json' }, format: 'keyValues' },
          },
          { headers: { 'ngsild-tenant': SVC } },
        );
        assert.equal(sub.statusCode, 201, sub.body);
        assert.equal((await send('/iot/json', 'kj', 'ws1', JSON.stringify({ t: 33.5 }))).statusCode, 200);
        while (got.length === 0) await new Promise((r) => setTimeout(r, 20));
        const n = got[0] as { data: Array<{ id: string; temperature: number }> };
        assert.equal(n.data[0]!.id, 'urn:ngsi-ld:WeatherObserved:ws1');
        assert.equal(n.data[0]!.temperature, 33.5);
      } finally {
        receiver.closeAllConnections();
        await new Promise((ok) => receiver.close(ok));
      }
    });

    it('needs the k and i parameters', async () => {
      expectProblem(
        await t.request('POST', '/iot/json?k=kj', {
          payload: '{}',
          anonymous: true,
          headers: { 'content-type': 'application/json' },
        }),
        400,
        'BAD_REQUEST_DATA',
      );
    });
  });
}
