// In-process subscriptions (watches): dothi's own modules subscribe with the members of a
// subscription body, matched by the subscription matcher and delivered after the commit, with the
// notification data rendered as for an HTTP endpoint.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isDothiError } from '../../src/kernel/index.js';
import type { WatchNotification, WatchSpec } from '../../src/ngsi/index.js';
import { makeTestApp, type TestApp } from '../support/app.js';
import { storeNames } from '../support/stores.js';

const ENTITIES = '/ngsi-ld/v1/entities';
const entityUrl = (id: string) => `${ENTITIES}/${encodeURIComponent(id)}`;
// The default tenant (no NGSILD-Tenant header).
const TENANT = '';

const room = (id: string, temperature: number, extra: Record<string, unknown> = {}) => ({
  id,
  type: 'Room',
  temperature: { type: 'Property', value: temperature },
  ...extra,
});

for (const name of storeNames()) {
  describe(`in-process subscriptions (${name})`, () => {
    let t: TestApp;
    before(async () => {
      t = await makeTestApp(name);
    });
    after(async () => {
      await t.app.ngsi.close();
      await t.dispose();
    });

    /** Watches `spec`; returns what it received and its removal. */
    function watch(spec: WatchSpec): { got: WatchNotification[]; stop: () => void } {
      const got: WatchNotification[] = [];
      const stop = t.app.ngsi.subscriptions.watch(TENANT, spec, (n) => got.push(n));
      return { got, stop };
    }

    it('delivers a matching change with its data rendered as an HTTP notification would be', async () => {
      const w = watch({ entities: [{ type: 'Room', idPattern: '^urn:ngsi-ld:Room:w1-' }] });
      assert.equal((await t.post(ENTITIES, room('urn:ngsi-ld:Room:w1-a', 20))).statusCode, 201);
      assert.equal((await t.post(ENTITIES, room('urn:ngsi-ld:Room:other', 20))).statusCode, 201);
      assert.equal(w.got.length, 1);
      const n = w.got[0]!;
      assert.equal(n.type, 'Notification');
      assert.match(n.subscriptionId, /^urn:ngsi-ld:Subscription:/);
      assert.deepEqual(n.data, [
        { id: 'urn:ngsi-ld:Room:w1-a', type: 'Room', temperature: { type: 'Property', value: 20 } },
      ]);
      w.stop();
    });

    it('applies watchedAttributes, triggers, q and the notification format and attributes', async () => {
      const w = watch({
        entities: [{ type: 'Room' }],
        watchedAttributes: ['temperature'],
        notificationTrigger: ['attributeUpdated'],
        q: 'temperature>25',
        notification: { format: 'keyValues', attributes: ['temperature'] },
      });
      const id = 'urn:ngsi-ld:Room:w2';
      await t.post(ENTITIES, room(id, 30, { humidity: { type: 'Property', value: 50 } }));
      assert.equal(w.got.length, 0, 'a creation is not an attributeUpdated');
      await t.patch(`${entityUrl(id)}/attrs`, { humidity: { type: 'Property', value: 51 } });
      assert.equal(w.got.length, 0, 'humidity is not watched');
      await t.patch(`${entityUrl(id)}/attrs`, { temperature: { type: 'Property', value: 20 } });
      assert.equal(w.got.length, 0, 'q is not met by the new state');
      await t.patch(`${entityUrl(id)}/attrs`, { temperature: { type: 'Property', value: 27 } });
      assert.deepEqual(
        w.got.map((n) => n.data),
        [[{ id, type: 'Room', temperature: 27 }]],
      );
      w.stop();
    });

    it('matches a geoQ and notifies a deletion by id and type', async () => {
      const w = watch({
        entities: [{ type: 'Kiosk' }],
        notificationTrigger: ['entityCreated', 'entityDeleted'],
        geoQ: { georel: 'near;maxDistance==1000', geometry: 'Point', coordinates: [105.85, 21.02] },
      });
      const at = (id: string, lng: number) => ({
        id,
        type: 'Kiosk',
        location: { type: 'GeoProperty', value: { type: 'Point', coordinates: [lng, 21.02] } },
      });
      await t.post(ENTITIES, at('urn:ngsi-ld:Kiosk:near', 105.851));
      await t.post(ENTITIES, at('urn:ngsi-ld:Kiosk:far', 106.5));
      await t.del(entityUrl('urn:ngsi-ld:Kiosk:near'));
      assert.deepEqual(
        w.got.map((n) => [n.data[0]!.id, Object.keys(n.data[0]!).length]),
        [
          ['urn:ngsi-ld:Kiosk:near', 3],
          ['urn:ngsi-ld:Kiosk:near', 2],
        ],
      );
      w.stop();
    });

    it('delivers after the commit: the listener reads the new state', async () => {
      const id = 'urn:ngsi-ld:Room:w4';
      const seen: Array<Promise<unknown>> = [];
      const stop = t.app.ngsi.subscriptions.watch(TENANT, { entities: [{ type: 'Room', id }] }, () =>
        seen.push(t.app.ngsi.entities.retrieve(TENANT, id).then((e) => e.attrs)),
      );
      await t.post(ENTITIES, room(id, 11));
      assert.equal(seen.length, 1);
      assert.equal(Object.keys((await seen[0]!) as object).length, 1);
      stop();
    });

    it('delivers the entities of a batch that succeeded, and none of those refused', async () => {
      const w = watch({ entities: [{ type: 'Room', idPattern: ':w5-' }] });
      await t.post(ENTITIES, room('urn:ngsi-ld:Room:w5-old', 1));
      const r = await t.post('/ngsi-ld/v1/entityOperations/create', [
        room('urn:ngsi-ld:Room:w5-new', 2),
        room('urn:ngsi-ld:Room:w5-old', 3),
      ]);
      assert.equal(r.statusCode, 207, r.body);
      assert.deepEqual(
        w.got.map((n) => n.data[0]!.id),
        ['urn:ngsi-ld:Room:w5-old', 'urn:ngsi-ld:Room:w5-new'],
      );
      w.stop();
    });

    it('stops delivering once removed, and keeps tenants apart', async () => {
      const w = watch({ entities: [{ type: 'Room', idPattern: ':w6-' }] });
      await t.post(ENTITIES, room('urn:ngsi-ld:Room:w6-a', 1), { headers: { 'ngsild-tenant': 'other' } });
      assert.equal(w.got.length, 0);
      w.stop();
      await t.post(ENTITIES, room('urn:ngsi-ld:Room:w6-b', 1));
      assert.equal(w.got.length, 0);
    });

    it('keeps delivering to the others when a listener throws', async () => {
      const stop = t.app.ngsi.subscriptions.watch(TENANT, { entities: [{ type: 'Room' }] }, () => {
        throw new Error('listener bug');
      });
      const w = watch({ entities: [{ type: 'Room', id: 'urn:ngsi-ld:Room:w7' }] });
      assert.equal((await t.post(ENTITIES, room('urn:ngsi-ld:Room:w7', 1))).statusCode, 201);
      assert.equal(w.got.length, 1);
      stop();
      w.stop();
    });

    it('refuses a spec a subscription would refuse, and what a watch cannot have', () => {
      const refused: WatchSpec[] = [
        { entities: [{ type: 'Room' }], notificationTrigger: ['entityTouched'] },
        { entities: [{ type: 'Room' }], q: 'temperature>>' },
        { watchedAttributes: ['temperature'], timeInterval: 10 },
        { entities: [{ type: 'Room' }], throttling: 5 },
        { entities: [{ type: 'Room' }], notification: { endpoint: { uri: 'http://x.test/' } } },
        { notification: {} },
      ];
      for (const spec of refused) {
        assert.throws(
          () => t.app.ngsi.subscriptions.watch(TENANT, spec, () => undefined),
          (err: unknown) => isDothiError(err) && err.code === 'BAD_REQUEST_DATA',
          JSON.stringify(spec),
        );
      }
    });
  });
}

for (const name of storeNames()) {
  describe(`type expressions in subscription entity selectors (${name})`, () => {
    let t: TestApp;
    before(async () => (t = await makeTestApp(name)));
    after(async () => {
      await t.app.ngsi.close();
      await t.dispose();
    });

    it('stores an expression with the names of the request @context and shows it again', async () => {
      const body = {
        type: 'Subscription',
        entities: [{ type: '(Room;Office)|Kiosk' }],
        notification: { endpoint: { uri: 'http://127.0.0.1:9/n' } },
        '@context': [{ Office: 'https://example.org/Office' }],
      };
      const r = await t.post('/ngsi-ld/v1/subscriptions', body, {
        headers: { 'content-type': 'application/ld+json' },
      });
      assert.equal(r.statusCode, 201, r.body);
      const plain = (await t.get(String(r.headers.location))).json();
      assert.deepEqual(plain.entities, [{ type: '(Room;https://example.org/Office),Kiosk' }]);
    });

    it('notifies entities whose types satisfy the expression', async () => {
      const got: string[] = [];
      const stop = t.app.ngsi.subscriptions.watch(
        TENANT,
        { entities: [{ type: '(Room;Office),Kiosk' }], notificationTrigger: ['entityCreated'] },
        (n) => got.push(String(n.data[0]!.id)),
      );
      const make = (id: string, type: string | string[]) => t.post(ENTITIES, { id, type });
      await make('urn:ngsi-ld:Thing:room', 'Room');
      await make('urn:ngsi-ld:Thing:room-office', ['Room', 'Office']);
      await make('urn:ngsi-ld:Thing:kiosk', 'Kiosk');
      await make('urn:ngsi-ld:Thing:office', 'Office');
      assert.deepEqual(got, ['urn:ngsi-ld:Thing:room-office', 'urn:ngsi-ld:Thing:kiosk']);
      stop();
    });

    it('refuses a malformed type expression with a coded 400 and stores nothing', async () => {
      const r = await t.post('/ngsi-ld/v1/subscriptions', {
        type: 'Subscription',
        entities: [{ type: '(Room;Office' }],
        notification: { endpoint: { uri: 'http://127.0.0.1:9/n' } },
      });
      assert.equal(r.statusCode, 400, r.body);
      assert.equal(r.json().code, 'BAD_REQUEST_DATA');
      assert.equal(
        (await t.get('/ngsi-ld/v1/subscriptions?count=true')).headers['ngsild-results-count'],
        '1',
      );
    });
  });
}
