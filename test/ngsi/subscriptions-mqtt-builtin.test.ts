// Subscription notifications to dothi's built-in MQTT broker (MQTT binding of CIM 009): the
// notifier publishes to mqtt://dothi:<admin token>@<built-in broker>/<topic> like to any broker.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { connectAsync, type MqttClient } from 'mqtt';
import { makeTestApp, TEST_TOKEN, type TestApp } from '../support/app.js';
import { storeNames } from '../support/stores.js';
import { waitFor } from '../support/wait.js';

for (const name of storeNames()) {
  describe(`subscription notifications to the built-in MQTT broker (${name})`, () => {
    let t: TestApp;
    let listener: MqttClient;
    const messages: Array<{
      topic: string;
      payload: { metadata: Record<string, string>; body: Record<string, unknown> };
    }> = [];
    before(async () => {
      t = await makeTestApp(name, { DOTHI_MQTT_PORT: '0' });
      await t.app.iot.start();
      listener = await connectAsync(t.app.iot.mqttUrl, {
        username: 'dothi',
        password: TEST_TOKEN,
        protocolVersion: 4,
        reconnectPeriod: 0,
      });
      listener.on('message', (topic, payload) =>
        messages.push({ topic, payload: JSON.parse(payload.toString()) }),
      );
    });
    after(async () => {
      await listener.endAsync();
      await t.app.iot.close();
      await t.dispose();
    });

    it('publishes a notification with metadata and body, QoS 1', async () => {
      const topic = `dothi-test/${randomUUID()}`;
      await listener.subscribeAsync(topic, { qos: 1 });
      const broker = new URL(t.app.iot.mqttUrl);
      const uri = `mqtt://dothi:${encodeURIComponent(TEST_TOKEN)}@${broker.host}/${topic}`;
      const id = 'urn:ngsi-ld:Room:builtin-mqtt';
      const created = await t.post('/ngsi-ld/v1/subscriptions', {
        type: 'Subscription',
        entities: [{ type: 'Room', id }],
        notification: {
          endpoint: { uri, accept: 'application/json', notifierInfo: [{ key: 'MQTT-QoS', value: '1' }] },
        },
      });
      assert.equal(created.statusCode, 201, created.body);
      const room = { id, type: 'Room', temperature: { type: 'Property', value: 21 } };
      assert.equal((await t.post('/ngsi-ld/v1/entities', room)).statusCode, 201);
      await waitFor('the MQTT message', () => messages.some((m) => m.topic === topic));
      const { payload } = messages.find((m) => m.topic === topic)!;
      assert.equal(payload.body.type, 'Notification');
      assert.deepEqual((payload.body.data as Array<Record<string, unknown>>)[0]!.temperature, {
        type: 'Property',
        value: 21,
      });
      assert.equal(payload.metadata['content-type'], 'application/json');
    });
  });
}
