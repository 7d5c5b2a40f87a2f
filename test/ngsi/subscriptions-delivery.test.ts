// Subscriptions beyond plain HTTP change notifications (CIM 009 §5.2.12, §5.2.14, §5.11, MQTT
// binding): MQTT endpoints against a real broker (Mosquitto on 127.0.0.1:1883; the test fails
// when it is not running), periodic notifications, throttling and showChanges.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { connectAsync, type MqttClient } from 'mqtt';
import { makeTestApp, type TestApp } from '../support/app.js';
import { storeNames } from '../support/stores.js';
import { waitFor } from '../support/wait.js';
import { NotificationReceiver } from '../support/receiver.js';

const SUBS = '/ngsi-ld/v1/subscriptions';
const ENTITIES = '/ngsi-ld/v1/entities';
const MQTT_BROKER = process.env.DOTHI_TEST_MQTT_URL ?? 'mqtt://127.0.0.1:1883';
const entityUrl = (id: string) => `${ENTITIES}/${encodeURIComponent(id)}`;

type Data = Array<Record<string, unknown> & { id: string }>;
interface Notification {
  id: string;
  type: string;
  subscriptionId: string;
  data: Data;
}

function expectProblem(r: LightMyRequestResponse, status: number, code: string): void {
  assert.equal(r.statusCode, status, r.body);
  assert.equal(r.json().code, code);
}

const room = (id: string, temperature: number, extra: Record<string, unknown> = {}) => ({
  id,
  type: 'Room',
  temperature: { type: 'Property', value: temperature },
  ...extra,
});

const valueOf = (d: Record<string, unknown>, attr: string) => (d[attr] as { value: unknown }).value;

for (const name of storeNames()) {
  describe(`subscription notifications over MQTT (${name})`, () => {
    let t: TestApp;
    let listener: MqttClient;
    const messages: Array<{
      topic: string;
      payload: { metadata: Record<string, string>; body: Notification };
    }> = [];
    before(async () => {
      // No skip: CI runs Mosquitto, and a missing broker must show as a failure.
      listener = await connectAsync(MQTT_BROKER, { connectTimeout: 5000, reconnectPeriod: 0 }, false);
      listener.on('message', (topic, payload) =>
        messages.push({ topic, payload: JSON.parse(payload.toString()) }),
      );
      t = await makeTestApp(name, { DOTHI_NOTIFY_RETRY_MIN_MS: '50', DOTHI_NOTIFY_RETRY_MAX_MS: '500' });
    });
    after(async () => {
      await t.app.ngsi.close();
      await t.dispose();
      await listener.endAsync();
    });

    for (const version of ['mqtt3.1.1', 'mqtt5.0'] as const) {
      it(`publishes a notification with metadata and body to the topic of the endpoint (${version}, QoS 1)`, async () => {
        const topic = `dothi-test/${randomUUID()}`;
        await listener.subscribeAsync(topic, { qos: 1 });
        const id = `urn:ngsi-ld:Room:mqtt-${version}`;
        const created = await t.post(SUBS, {
          type: 'Subscription',
          entities: [{ type: 'Room', id }],
          notification: {
            endpoint: {
              uri: `${MQTT_BROKER}/${topic}`,
              accept: 'application/json',
              receiverInfo: [{ key: 'X-Token', value: 'abc' }],
              notifierInfo: [
                { key: 'MQTT-QoS', value: '1' },
                { key: 'MQTT-Version', value: version },
              ],
            },
          },
        });
        assert.equal(created.statusCode, 201, created.body);
        assert.equal((await t.post(ENTITIES, room(id, 21))).statusCode, 201);
        await waitFor('the MQTT message', () => messages.some((m) => m.topic === topic));
        const { payload } = messages.find((m) => m.topic === topic)!;
        assert.equal(payload.body.type, 'Notification');
        assert.equal(
          payload.body.subscriptionId,
          decodeURIComponent(String(created.headers.location).split('/').pop()!),
        );
        assert.deepEqual(payload.body.data[0]!.temperature, { type: 'Property', value: 21 });
        assert.equal(payload.metadata['content-type'], 'application/json');
        assert.equal(payload.metadata['x-token'], 'abc');
        assert.match(String(payload.metadata.link), /rel="http:\/\/www.w3.org\/ns\/json-ld#context"/);
        await waitFor('the statistics', async () => {
          const n = (await t.get(String(created.headers.location))).json().notification;
          return n.timesSent === 1 && n.timesFailed === 0 && n.lastSuccess !== undefined;
        });
      });
    }

    it('counts failures and keeps the notification while the MQTT broker is unreachable', async () => {
      const created = await t.post(SUBS, {
        type: 'Subscription',
        entities: [{ type: 'Room', id: 'urn:ngsi-ld:Room:mqtt-down' }],
        notification: { endpoint: { uri: 'mqtt://127.0.0.1:9/nobody' } },
      });
      assert.equal(created.statusCode, 201, created.body);
      await t.post(ENTITIES, room('urn:ngsi-ld:Room:mqtt-down', 1));
      await waitFor('two failed attempts', async () => {
        const n = (await t.get(String(created.headers.location))).json().notification;
        return n.timesFailed >= 2;
      });
    });

    const invalid: Array<[string, Record<string, unknown>]> = [
      ['an MQTT endpoint without a topic', { endpoint: { uri: 'mqtt://127.0.0.1:1883' } }],
      [
        'an MQTT-QoS that is not 0, 1 or 2',
        { endpoint: { uri: 'mqtt://127.0.0.1:1883/t', notifierInfo: [{ key: 'MQTT-QoS', value: '3' }] } },
      ],
      [
        'an unknown MQTT-Version',
        {
          endpoint: {
            uri: 'mqtt://127.0.0.1:1883/t',
            notifierInfo: [{ key: 'MQTT-Version', value: 'mqtt4' }],
          },
        },
      ],
      [
        'showChanges with keyValues',
        { format: 'keyValues', showChanges: true, endpoint: { uri: 'http://x/n' } },
      ],
      ['an endpoint of another scheme', { endpoint: { uri: 'ftp://127.0.0.1/n' } }],
    ];
    for (const [what, notification] of invalid) {
      it(`refuses a subscription with ${what}`, async () => {
        const body = { type: 'Subscription', entities: [{ type: 'Room' }], notification };
        expectProblem(await t.post(SUBS, body), 400, 'BAD_REQUEST_DATA');
      });
    }
  });

  describe(`periodic, throttled and showChanges notifications (${name})`, () => {
    let t: TestApp;
    const rx = new NotificationReceiver();
    before(async () => {
      await rx.start();
      t = await makeTestApp(name, { DOTHI_NOTIFY_RETRY_MIN_MS: '50', DOTHI_NOTIFY_RETRY_MAX_MS: '500' });
    });
    after(async () => {
      await t.app.ngsi.close();
      await t.dispose();
      await rx.stop();
    });

    const subscribe = async (path: string, extra: Record<string, unknown>) => {
      const r = await t.post(SUBS, {
        type: 'Subscription',
        notification: { endpoint: { uri: `${rx.url}${path}` } },
        ...extra,
      });
      assert.equal(r.statusCode, 201, r.body);
      return String(r.headers.location);
    };

    it('notifies the current state of every matching entity every timeInterval, in one notification', async () => {
      await t.post(ENTITIES, room('urn:ngsi-ld:Room:per1', 10));
      await t.post(ENTITIES, room('urn:ngsi-ld:Room:per2', 20));
      await t.post(ENTITIES, room('urn:ngsi-ld:Room:other', 30));
      await subscribe('/periodic', {
        entities: [{ type: 'Room', idPattern: '^urn:ngsi-ld:Room:per' }],
        timeInterval: 1,
      });
      await waitFor('a periodic notification', () => rx.bodies('/periodic').length >= 1);
      const first = rx.bodies('/periodic')[0]!;
      assert.deepEqual(first.data.map((d) => d.id).sort(), [
        'urn:ngsi-ld:Room:per1',
        'urn:ngsi-ld:Room:per2',
      ]);
      await t.patch(entityUrl('urn:ngsi-ld:Room:per1'), { temperature: { type: 'Property', value: 11 } });
      await waitFor('a periodic notification with the new state', () =>
        rx
          .bodies('/periodic')
          .some((n) =>
            n.data.some((d) => d.id === 'urn:ngsi-ld:Room:per1' && valueOf(d, 'temperature') === 11),
          ),
      );
      // Every notification is periodic: the update itself triggered none with one entity only.
      assert.ok(rx.bodies('/periodic').every((n) => n.data.length === 2));
    });

    it('throttles a subscription and coalesces changes in between into the latest state of each entity', async () => {
      await subscribe('/throttled', {
        entities: [{ type: 'Room', idPattern: '^urn:ngsi-ld:Room:thr' }],
        throttling: 2,
      });
      await t.post(ENTITIES, room('urn:ngsi-ld:Room:thr1', 1));
      await waitFor('the first notification', () => rx.bodies('/throttled').length >= 1);
      for (const v of [2, 3, 4]) {
        await t.patch(entityUrl('urn:ngsi-ld:Room:thr1'), { temperature: { type: 'Property', value: v } });
      }
      await t.post(ENTITIES, room('urn:ngsi-ld:Room:thr2', 9));
      await waitFor('the latest state of both entities', () => {
        const last = rx.bodies('/throttled').at(-1)!;
        const byId = new Map(last.data.map((d) => [d.id, valueOf(d, 'temperature')]));
        return byId.get('urn:ngsi-ld:Room:thr1') === 4 && byId.get('urn:ngsi-ld:Room:thr2') === 9;
      });
      // Five changes, at most one notification per period: the four after the first were coalesced.
      assert.equal(rx.bodies('/throttled').length, 2);
      const ids = rx
        .bodies('/throttled')
        .at(-1)!
        .data.map((d) => d.id);
      assert.equal(new Set(ids).size, ids.length);
    });

    it('shows the previous value of updated properties and relationships with showChanges', async () => {
      const id = 'urn:ngsi-ld:Room:chg1';
      await t.post(
        ENTITIES,
        room(id, 20, { isIn: { type: 'Relationship', object: 'urn:ngsi-ld:Building:a' } }),
      );
      await subscribe('/changes', {
        entities: [{ type: 'Room', id }],
        notification: { showChanges: true, endpoint: { uri: `${rx.url}/changes` } },
      });
      await t.patch(entityUrl(id), {
        temperature: { type: 'Property', value: 21 },
        isIn: { type: 'Relationship', object: 'urn:ngsi-ld:Building:b' },
      });
      await waitFor('the notification', () => rx.bodies('/changes').length === 1);
      const data = rx.bodies('/changes')[0]!.data[0]!;
      assert.deepEqual(data.temperature, { type: 'Property', value: 21, previousValue: 20 });
      assert.deepEqual(data.isIn, {
        type: 'Relationship',
        object: 'urn:ngsi-ld:Building:b',
        previousObject: 'urn:ngsi-ld:Building:a',
      });
    });

    it('uses notifierInfo to configure delivery without sending it to an HTTP receiver', async () => {
      await subscribe('/notifier-info', {
        entities: [{ type: 'Room', id: 'urn:ngsi-ld:Room:ni1' }],
        notification: {
          endpoint: {
            uri: `${rx.url}/notifier-info`,
            notifierInfo: [{ key: 'X-Private', value: 'secret' }],
          },
        },
      });
      await t.post(ENTITIES, room('urn:ngsi-ld:Room:ni1', 5));
      await waitFor('the notification', () => rx.bodies('/notifier-info').length === 1);
      const got = rx.got.find((r) => r.path === '/notifier-info')!;
      assert.equal(got.headers['x-private'], undefined);
    });
  });
}
