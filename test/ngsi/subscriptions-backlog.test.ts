// A subscription's backlog (CIM 009 §5.11): notifications that waited for a receiver go in few
// notifications, each entity at most once per notification, every state in order; statistics
// count notifications; a failing endpoint keeps its rows and does not hold back the others.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { makeTestApp, type TestApp } from '../support/app.js';
import { storeNames } from '../support/stores.js';
import { waitFor } from '../support/wait.js';
import { NotificationReceiver } from '../support/receiver.js';

const SUBS = '/ngsi-ld/v1/subscriptions';
const ENTITIES = '/ngsi-ld/v1/entities';
const entityUrl = (id: string) => `${ENTITIES}/${encodeURIComponent(id)}`;

const room = (id: string, temperature: number) => ({
  id,
  type: 'Room',
  temperature: { type: 'Property', value: temperature },
});

for (const name of storeNames()) {
  describe(`a subscription's backlog (${name})`, () => {
    let t: TestApp;
    const rx = new NotificationReceiver();
    before(async () => {
      await rx.start();
      t = await makeTestApp(name, { DOTHI_NOTIFY_RETRY_MIN_MS: '50', DOTHI_NOTIFY_RETRY_MAX_MS: '100' });
    });
    after(async () => {
      await t.app.ngsi.close();
      await t.dispose();
      await rx.stop();
    });

    const subscribe = async (uri: string, idPattern: string) => {
      const r = await t.post(SUBS, {
        type: 'Subscription',
        entities: [{ type: 'Room', idPattern }],
        notification: { endpoint: { uri } },
      });
      assert.equal(r.statusCode, 201, r.body);
      return String(r.headers.location);
    };
    const statistics = async (location: string) =>
      (await t.get(location)).json().notification as { timesSent: number; timesFailed: number };
    const outboxRows = async () => (await t.app.store.read.all('SELECT seq FROM subscription_outbox')).length;

    it('delivers a backlog in fewer notifications, every state in order and each entity once per notification', async () => {
      let down = true;
      rx.status = (path) => (path === '/backlog' && down ? 503 : 204);
      const location = await subscribe(`${rx.url}/backlog`, '^urn:ngsi-ld:Room:bl');
      const changes: Array<[string, number]> = [];
      for (let i = 1; i <= 5; i++) {
        assert.equal((await t.post(ENTITIES, room(`urn:ngsi-ld:Room:bl${i}`, i))).statusCode, 201);
        changes.push([`urn:ngsi-ld:Room:bl${i}`, i]);
      }
      await t.patch(entityUrl('urn:ngsi-ld:Room:bl1'), { temperature: { type: 'Property', value: 10 } });
      changes.push(['urn:ngsi-ld:Room:bl1', 10]);
      await waitFor('a failed attempt', async () => (await statistics(location)).timesFailed >= 1);
      down = false;

      await waitFor('every change', () => rx.bodies('/backlog').flatMap((n) => n.data).length >= 6);
      const notifications = rx.bodies('/backlog');
      assert.deepEqual(
        notifications.flatMap((n) => n.data.map((d) => [d.id, (d.temperature as { value: unknown }).value])),
        changes,
      );
      // Bl1's two states cannot share a notification; an attempt under way when the receiver came
      // back may have carried the first rows only.
      assert.ok(notifications.length >= 2 && notifications.length <= 3, `${notifications.length}`);
      for (const n of notifications) assert.equal(new Set(n.data.map((d) => d.id)).size, n.data.length);

      await waitFor('an empty outbox', async () => (await outboxRows()) === 0);
      const stats = await statistics(location);
      // timesSent counts notifications, whatever number of entities each carried.
      assert.equal(stats.timesSent - stats.timesFailed, notifications.length);
      assert.equal(stats.timesFailed, rx.got.filter((r) => r.path === '/backlog' && r.status >= 300).length);
    });

    it('sends a notification again with the same id when it failed', async () => {
      let failures = 0;
      rx.status = (path) => (path === '/again' && failures++ < 2 ? 500 : 204);
      await subscribe(`${rx.url}/again`, '^urn:ngsi-ld:Room:again');
      await t.post(ENTITIES, room('urn:ngsi-ld:Room:again1', 1));
      await waitFor('the delivery', () => rx.bodies('/again').length === 1);
      const ids = rx.got.filter((r) => r.path === '/again').map((r) => r.body.id);
      assert.equal(ids.length, 3);
      assert.equal(new Set(ids).size, 1);
      assert.match(ids[0]!, /^urn:ngsi-ld:Notification:[0-9a-f-]{36}$/);
    });

    it('keeps retrying a dead endpoint while a live one on the same entities receives every change', async () => {
      rx.status = () => 204;
      // Port 1 on loopback: nothing listens, the connection is refused.
      const dead = await subscribe('http://127.0.0.1:1/dead', '^urn:ngsi-ld:Room:dd');
      await subscribe(`${rx.url}/alive`, '^urn:ngsi-ld:Room:dd');
      for (let v = 1; v <= 4; v++) {
        await t.post(ENTITIES, room(`urn:ngsi-ld:Room:dd${v}`, v));
      }
      await waitFor('every change at the live endpoint', () =>
        rx.bodies('/alive').some((n) => n.data.some((d) => d.id === 'urn:ngsi-ld:Room:dd4')),
      );
      await waitFor('retries of the dead endpoint', async () => (await statistics(dead)).timesFailed >= 2);
      const stats = await statistics(dead);
      assert.equal(stats.timesSent, stats.timesFailed);
      const rows = await t.app.store.read.all(
        'SELECT entity_id FROM subscription_outbox WHERE subscription_id = ? ORDER BY seq',
        [decodeURIComponent(dead.split('/').pop()!)],
      );
      assert.deepEqual(
        rows.map((r) => r.entity_id),
        [1, 2, 3, 4].map((v) => `urn:ngsi-ld:Room:dd${v}`),
      );
      // Its rows go once it answers: deleting the subscription takes them with it instead.
      assert.equal((await t.del(dead)).statusCode, 204);
      await waitFor('an empty outbox', async () => (await outboxRows()) === 0);
    });
  });
}
