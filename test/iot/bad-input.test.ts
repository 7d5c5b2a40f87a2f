// Bad device input, over the real MQTT broker and real HTTP: truncated UltraLight, JSON with wrong
// types, a 1 MB payload, an unknown apikey and one flooding device. Each is rejected, counted and
// kept as a dead letter with its reason; the entity is unchanged and other devices are unaffected.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { connectAsync, type MqttClient } from 'mqtt';
import { fixedClock } from '../../src/kernel/index.js';
import { makeTestApp, storeNames, TEST_TOKEN, type TestApp } from '../support/index.js';
import { entity, expectProblem, fiware, provision } from './helpers.js';

const SVC = 'badcity';
const id = (d: string) => `urn:ngsi-ld:WaterQualityObserved:${d}`;

for (const name of storeNames()) {
  describe(`IoT bad input (${name})`, () => {
    let t: TestApp;
    let mqtt: MqttClient;
    // A clock that stands still: token buckets do not refill, so the flood test is exact.
    const clock = fixedClock(Date.parse('2026-04-01T00:00:00Z'));
    const post = (path: string, k: string, i: string, payload: string) =>
      t.request('POST', `${path}?k=${k}&i=${i}`, {
        payload,
        anonymous: true,
        headers: { 'content-type': 'text/plain' },
      });
    const counts = async (device: string) => {
      const r = await t.get(`/iot/dead-letters/counts?device=${device}`);
      assert.equal(r.statusCode, 200, r.body);
      return Object.fromEntries(
        (r.json().counts as Array<{ code: string; count: number }>).map((c) => [c.code, c.count]),
      );
    };
    const healthy = async (device: string, value: number) => {
      await mqtt.publishAsync(`/json/kw/${device}/attrs`, JSON.stringify({ ph: value }), { qos: 1 });
      assert.equal((await entity(t, SVC, id(device))).ph, value);
    };

    before(async () => {
      t = await makeTestApp(
        name,
        { DOTHI_MQTT_PORT: '0', DOTHI_IOT_RATE: '5', DOTHI_IOT_BURST: '10' },
        clock,
      );
      await t.app.iot.start();
      const attributes = [{ object_id: 'ph', name: 'ph', type: 'Number' }];
      await provision(
        t,
        SVC,
        [{ apikey: 'kw', resource: '/iot/d', entity_type: 'WaterQualityObserved' }],
        ['good', 'trunc', 'typed', 'big', 'flood'].map((device_id) => ({ device_id, attributes })),
      );
      mqtt = await connectAsync(t.app.iot.mqttUrl, { username: 'kw', reconnectPeriod: 0 });
      await healthy('good', 7);
    });
    after(async () => {
      await mqtt.endAsync();
      await t.app.iot.close();
      await t.dispose();
    });

    it('rejects truncated UltraLight, over HTTP and MQTT, and counts it against the device', async () => {
      expectProblem(await post('/iot/d', 'kw', 'trunc', 'ph|7|temp'), 400, 'INVALID_MEASURE');
      await mqtt.publishAsync('/ul/kw/trunc/attrs', 'ph|7|temp', { qos: 1 });
      assert.deepEqual(await counts('trunc'), { INVALID_MEASURE: 2 });
      const d = await t.get('/iot/devices/trunc', fiware(SVC));
      assert.equal(d.json().errorCount, 2);
      assert.equal((await entity(t, SVC, id('trunc'))).ph, undefined);
      await healthy('good', 7.1);
    });

    it('rejects JSON with the wrong types and leaves the entity as it was', async () => {
      await mqtt.publishAsync('/json/kw/typed/attrs', JSON.stringify({ ph: 6.5 }), { qos: 1 });
      await mqtt.publishAsync('/json/kw/typed/attrs', JSON.stringify({ ph: 'acid' }), { qos: 1 });
      await mqtt.publishAsync('/json/kw/typed/attrs', JSON.stringify([1, 2]), { qos: 1 });
      expectProblem(
        await post('/iot/json', 'kw', 'typed', JSON.stringify({ ph: { v: 1 } })),
        400,
        'INVALID_MEASURE',
      );
      assert.deepEqual(await counts('typed'), { INVALID_MEASURE: 3 });
      const dl = (await t.get('/iot/dead-letters?device=typed&limit=1')).json();
      assert.equal(dl.count, 3);
      assert.equal(dl.deadLetters.length, 1);
      assert.match(dl.deadLetters[0].sample, /acid|\{"ph":\{"v":1\}\}|\[1,2\]/);
      assert.equal((await entity(t, SVC, id('typed'))).ph, 6.5);
      await healthy('good', 7.2);
    });

    it('rejects a 1 MB payload over HTTP (413) and MQTT, keeping only its start', async () => {
      const big = `ph|${'9'.repeat(1024 * 1024)}`;
      expectProblem(await post('/iot/d', 'kw', 'big', big), 413, 'PAYLOAD_TOO_LARGE');
      await mqtt.publishAsync('/ul/kw/big/attrs', big, { qos: 1 });
      assert.deepEqual(await counts('big'), { PAYLOAD_TOO_LARGE: 2 });
      const dl = (await t.get('/iot/dead-letters?device=big')).json();
      assert.equal(dl.deadLetters[0].size, big.length);
      assert.ok(dl.deadLetters[0].sample.length <= 1024);
      await healthy('good', 7.3);
    });

    it('rejects an unknown apikey at MQTT CONNECT, over HTTP and on a trusted connection', async () => {
      await assert.rejects(connectAsync(t.app.iot.mqttUrl, { username: 'stolen', reconnectPeriod: 0 }));
      expectProblem(await post('/iot/d', 'stolen', 'good', 'ph|1'), 404, 'DEVICE_GROUP_NOT_FOUND');
      const admin = await connectAsync(t.app.iot.mqttUrl, {
        username: 'dothi',
        password: TEST_TOKEN,
        reconnectPeriod: 0,
      });
      await admin.publishAsync('/ul/stolen/good/attrs', 'ph|1', { qos: 1 });
      await admin.endAsync();
      const r = await t.get('/iot/dead-letters/counts?apikey=stolen');
      assert.deepEqual(
        r.json().counts.map((c: { code: string; count: number }) => [c.code, c.count]),
        [['DEVICE_GROUP_NOT_FOUND', 2]],
      );
      assert.equal((await entity(t, SVC, id('good'))).ph, 7.3);
    });

    it('limits a flooding device to its rate and burst while another device gets through', async () => {
      const sends = Array.from({ length: 100 }, (_, i) =>
        mqtt.publishAsync('/json/kw/flood/attrs', JSON.stringify({ ph: i }), { qos: 1 }),
      );
      await Promise.all(sends);
      assert.deepEqual(await counts('flood'), { RATE_LIMITED: 90 });
      const history = await t.get(
        `/ngsi-ld/v1/temporal/entities/${encodeURIComponent(id('flood'))}?attrs=ph&options=temporalValues&lastN=100`,
        { headers: { 'ngsild-tenant': SVC } },
      );
      assert.equal(history.json().ph.values.length, 10);
      await healthy('good', 7.4);
    });
  });
}
