// MQTT ingest through the built-in broker (MQTT 3.1.1): device credentials at CONNECT and on
// PUBLISH, every topic form, and a QoS 1 PUBACK that comes only once the measures are stored.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { connectAsync, type MqttClient } from 'mqtt';
import { makeTestApp, storeNames, TEST_TOKEN, type TestApp } from '../support/index.js';
import { entity, provision } from './helpers.js';

const SVC = 'mqttcity';
const ID = 'urn:ngsi-ld:Streetlight:';

for (const name of storeNames()) {
  describe(`IoT MQTT ingest, built-in broker (${name})`, () => {
    let t: TestApp;
    let device: MqttClient;
    before(async () => {
      t = await makeTestApp(name, { DOTHI_MQTT_PORT: '0' });
      await t.app.iot.start();
      await provision(
        t,
        SVC,
        [{ apikey: 'kl', resource: '/iot/json', entity_type: 'Streetlight' }],
        [
          { device_id: 'sl1', attributes: [{ object_id: 'p', name: 'powerState', type: 'Text' }] },
          { device_id: 'sl2', protocol: 'PDI-IoTA-UltraLight' },
        ],
      );
      device = await connectAsync(t.app.iot.mqttUrl, {
        username: 'kl',
        protocolVersion: 4,
        reconnectPeriod: 0,
      });
    });
    after(async () => {
      await device.endAsync();
      await t.app.iot.close();
      await t.dispose();
    });

    it('stores a QoS 1 JSON publish before it acknowledges it', async () => {
      await device.publishAsync('/json/kl/sl1/attrs', JSON.stringify({ p: 'on', lux: 120 }), { qos: 1 });
      const e = await entity(t, SVC, `${ID}sl1`);
      assert.equal(e.powerState, 'on');
      assert.equal(e.lux, 120);
    });

    it('takes UltraLight on /ul/…, the plain topic by device protocol, and a single attribute', async () => {
      await device.publishAsync('/ul/kl/sl2/attrs', 'lux|80', { qos: 1 });
      assert.equal((await entity(t, SVC, `${ID}sl2`)).lux, 80);
      await device.publishAsync('/kl/sl2/attrs', 'lux|81|v|230', { qos: 1 });
      assert.equal((await entity(t, SVC, `${ID}sl2`)).v, 230);
      await device.publishAsync('/kl/sl1/attrs', '{"lux": 5}', { qos: 1 });
      assert.equal((await entity(t, SVC, `${ID}sl1`)).lux, 5);
      await device.publishAsync('/json/kl/sl1/attrs/lux', '7', { qos: 1 });
      assert.equal((await entity(t, SVC, `${ID}sl1`)).lux, 7);
    });

    it('refuses a connection with an unknown apikey or a wrong admin password', async () => {
      await assert.rejects(connectAsync(t.app.iot.mqttUrl, { username: 'nope', reconnectPeriod: 0 }));
      await assert.rejects(
        connectAsync(t.app.iot.mqttUrl, { username: 'dothi', password: 'wrong', reconnectPeriod: 0 }),
      );
      const admin = await connectAsync(t.app.iot.mqttUrl, {
        username: 'dothi',
        password: TEST_TOKEN,
        reconnectPeriod: 0,
      });
      await admin.endAsync();
    });

    it("keeps a publish on another apikey's topic as a dead letter and writes nothing", async () => {
      await provision(t, 'other', [{ apikey: 'kx', resource: '/iot/json', entity_type: 'Thing' }]);
      await device.publishAsync('/json/kx/intruder/attrs', '{"a": 1}', { qos: 1 });
      const r = await t.get('/iot/dead-letters?apikey=kx');
      assert.equal(r.statusCode, 200, r.body);
      assert.equal(r.json().deadLetters[0].code, 'UNAUTHORIZED');
      const e = await t.get(`/ngsi-ld/v1/entities/${encodeURIComponent('urn:ngsi-ld:Thing:intruder')}`, {
        headers: { 'ngsild-tenant': 'other' },
      });
      assert.equal(e.statusCode, 404);
    });

    it('lets a device subscribe to its own command topic only', async () => {
      const own = await device.subscribeAsync('/kl/sl1/cmd', { qos: 1 });
      assert.equal(own[0]?.qos, 1);
      await assert.rejects(device.subscribeAsync('/kx/d/cmd', { qos: 1 }));
    });
  });
}
