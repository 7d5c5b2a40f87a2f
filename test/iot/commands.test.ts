// Commands end to end: a PATCH of a command attribute through the NGSI-LD API reaches the device
// over MQTT (or HTTP push to its endpoint); `<command>_status` goes PENDING, then OK or ERROR on
// the device's answer, or EXPIRED after the timeout (a controllable clock here).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connectAsync, type MqttClient } from 'mqtt';
import { fixedClock } from '../../src/kernel/index.js';
import { makeTestApp, storeNames, type TestApp } from '../support/index.js';
import { entity, provision } from './helpers.js';

const SVC = 'cmdcity';
const LAMP = 'urn:ngsi-ld:Streetlight:lamp1';
const PUSH = 'urn:ngsi-ld:Streetlight:lamp2';

for (const name of storeNames()) {
  describe(`IoT commands (${name})`, () => {
    let t: TestApp;
    let device: MqttClient;
    let http: Server;
    const clock = fixedClock(Date.parse('2026-03-01T00:00:00Z'));
    const received: Array<{ topic: string; payload: string }> = [];
    const patch = (id: string, attr: string, value: unknown) =>
      t.patch(
        `/ngsi-ld/v1/entities/${encodeURIComponent(id)}/attrs/${attr}`,
        { value },
        { headers: { 'ngsild-tenant': SVC } },
      );

    before(async () => {
      http = createServer((req, res) => {
        let body = '';
        req.on('data', (c: Buffer) => (body += c.toString()));
        req.on('end', () => {
          const cmd = JSON.parse(body) as Record<string, unknown>;
          res.writeHead(cmd.dim === 'fail' ? 500 : 200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ dim: `set ${String(cmd.dim)}` }));
        });
      });
      await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
      const port = (http.address() as AddressInfo).port;
      t = await makeTestApp(name, { DOTHI_MQTT_PORT: '0', DOTHI_IOT_CMD_TIMEOUT_S: '30' }, clock);
      await t.app.iot.start();
      await provision(
        t,
        SVC,
        [{ apikey: 'kc', resource: '/iot/json', entity_type: 'Streetlight' }],
        [
          { device_id: 'lamp1', protocol: 'IoTA-JSON', commands: [{ name: 'dim', type: 'command' }] },
          {
            device_id: 'lamp2',
            endpoint: `http://127.0.0.1:${port}/cmd`,
            transport: 'HTTP',
            commands: [{ name: 'dim' }],
          },
        ],
      );
      device = await connectAsync(t.app.iot.mqttUrl, { username: 'kc', reconnectPeriod: 0 });
      device.on('message', (topic, payload) => received.push({ topic, payload: payload.toString() }));
      await device.subscribeAsync('/kc/lamp1/cmd', { qos: 1 });
    });
    after(async () => {
      await device.endAsync();
      await t.app.iot.close();
      await t.dispose();
      await new Promise((r) => http.close(r));
    });

    async function until(check: () => boolean): Promise<void> {
      while (!check()) await new Promise((r) => setImmediate(r));
    }

    it('publishes a PATCHed command to the device over MQTT; the status is PENDING, then OK with the answer', async () => {
      const r = await patch(LAMP, 'dim', 40);
      assert.equal(r.statusCode, 204, r.body);
      await t.app.iot.commands.idle();
      await until(() => received.length > 0);
      assert.deepEqual(received[0], { topic: '/kc/lamp1/cmd', payload: '{"dim":40}' });
      assert.equal((await entity(t, SVC, LAMP)).dim_status, 'PENDING');
      await device.publishAsync('/kc/lamp1/cmdexe', JSON.stringify({ dim: 'dimmed to 40' }), { qos: 1 });
      const e = await entity(t, SVC, LAMP);
      assert.equal(e.dim_status, 'OK');
      assert.equal(e.dim_info, 'dimmed to 40');
    });

    it('marks an error answer ERROR', async () => {
      await patch(LAMP, 'dim', 200);
      await t.app.iot.commands.idle();
      await device.publishAsync('/kc/lamp1/cmdexe', JSON.stringify({ dim: { error: 'out of range' } }), {
        qos: 1,
      });
      assert.equal((await entity(t, SVC, LAMP)).dim_status, 'ERROR');
    });

    it('marks an unanswered command EXPIRED once its timeout has passed, and not before', async () => {
      await patch(LAMP, 'dim', 10);
      await t.app.iot.commands.idle();
      clock.advance(29_000);
      assert.equal(await t.app.iot.commands.expire(), 0);
      clock.advance(2_000);
      assert.equal(await t.app.iot.commands.expire(), 1);
      assert.equal((await entity(t, SVC, LAMP)).dim_status, 'EXPIRED');
      await device.publishAsync('/kc/lamp1/cmdexe', JSON.stringify({ dim: 'late' }), { qos: 1 });
      assert.equal((await entity(t, SVC, LAMP)).dim_status, 'EXPIRED');
    });

    it('pushes a command to a device endpoint over HTTP and keeps its answer', async () => {
      await patch(PUSH, 'dim', 70);
      await t.app.iot.commands.idle();
      const e = await entity(t, SVC, PUSH);
      assert.equal(e.dim_status, 'OK');
      assert.deepEqual(e.dim_info, { dim: 'set 70' });
      await patch(PUSH, 'dim', 'fail');
      await t.app.iot.commands.idle();
      assert.equal((await entity(t, SVC, PUSH)).dim_status, 'ERROR');
    });

    it('does not treat measures or other attributes as commands', async () => {
      const before = received.length;
      await patch(LAMP, 'dim_status', 'OK');
      await t.app.iot.commands.idle();
      assert.equal(received.length, before);
    });
  });
}
