// MQTT ingest through an external broker (the Mosquitto on 127.0.0.1:1883, MQTT_URL): MQTT 5 and
// 3.1.1 devices, measures and commands. Apikeys are unique per run, as the broker is shared.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { connectAsync, type MqttClient } from 'mqtt';
import { makeTestApp, storeNames, type TestApp } from '../support/index.js';
import { entity, provision, unique } from './helpers.js';

const SVC = 'extcity';
const MOSQUITTO = 'mqtt://127.0.0.1:1883';

for (const name of storeNames()) {
  describe(`IoT MQTT ingest, external broker (${name})`, () => {
    const key = unique('ext');
    let t: TestApp;
    let v5: MqttClient;
    let v311: MqttClient;
    before(async () => {
      t = await makeTestApp(name, {
        MQTT_URL: MOSQUITTO,
        DOTHI_MQTT_APIKEYS: key,
        DOTHI_MQTT_SUBSCRIBERS: '2',
      });
      await t.app.iot.start();
      await provision(
        t,
        SVC,
        [{ apikey: key, resource: '/iot/json', entity_type: 'ParkingSpot' }],
        [
          { device_id: 'ps1', commands: [{ name: 'reserve' }] },
          { device_id: 'ps2', protocol: 'IoTA-UL' },
        ],
      );
      v5 = await connectAsync(MOSQUITTO, { protocolVersion: 5, reconnectPeriod: 0 });
      v311 = await connectAsync(MOSQUITTO, { protocolVersion: 4, reconnectPeriod: 0 });
    });
    after(async () => {
      await v5.endAsync();
      await v311.endAsync();
      await t.app.iot.close();
      await t.dispose();
    });

    async function eventually(id: string, attr: string, value: unknown): Promise<void> {
      for (;;) {
        const r = await t.get(`/ngsi-ld/v1/entities/${encodeURIComponent(id)}?options=keyValues`, {
          headers: { 'ngsild-tenant': SVC },
        });
        if (r.statusCode === 200 && (r.json() as Record<string, unknown>)[attr] === value) return;
        await new Promise((res) => setTimeout(res, 20));
      }
    }

    it('ingests a JSON measure from an MQTT 5 device', async () => {
      await v5.publishAsync(`/json/${key}/ps1/attrs`, JSON.stringify({ status: 'occupied' }), { qos: 1 });
      await eventually('urn:ngsi-ld:ParkingSpot:ps1', 'status', 'occupied');
    });

    it('ingests UltraLight from an MQTT 3.1.1 device on the plain topic', async () => {
      await v311.publishAsync(`/${key}/ps2/attrs`, 'status|free', { qos: 1 });
      await eventually('urn:ngsi-ld:ParkingSpot:ps2', 'status', 'free');
    });

    it('keeps a message for an unprovisioned device group as a dead letter', async () => {
      await v5.publishAsync(`/json/${key}/ps1/attrs`, '{"status": ', { qos: 1 });
      for (;;) {
        const r = await t.get(`/iot/dead-letters?apikey=${key}`);
        if (r.json().count > 0) {
          assert.equal(r.json().deadLetters[0].code, 'INVALID_MEASURE');
          return;
        }
        await new Promise((res) => setTimeout(res, 20));
      }
    });

    it('sends a command through the external broker and takes its answer from /cmdexe', async () => {
      const got = new Promise<string>((resolve) => v5.once('message', (_t, p) => resolve(p.toString())));
      await v5.subscribeAsync(`/${key}/ps1/cmd`, { qos: 1 });
      const r = await t.patch(
        `/ngsi-ld/v1/entities/${encodeURIComponent('urn:ngsi-ld:ParkingSpot:ps1')}/attrs/reserve`,
        { value: 'car-42' },
        { headers: { 'ngsild-tenant': SVC } },
      );
      assert.equal(r.statusCode, 204, r.body);
      assert.equal(await got, '{"reserve":"car-42"}');
      await v5.publishAsync(`/${key}/ps1/cmdexe`, JSON.stringify({ reserve: 'reserved' }), { qos: 1 });
      await eventually('urn:ngsi-ld:ParkingSpot:ps1', 'reserve_status', 'OK');
      assert.equal((await entity(t, SVC, 'urn:ngsi-ld:ParkingSpot:ps1')).reserve_info, 'reserved');
    });
  });
}
