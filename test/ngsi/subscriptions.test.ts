// Subscriptions over HTTP (CIM 009 §5.8, §5.11, §6.10-§6.11): CRUD with coded validation errors,
// and notifications delivered to a real HTTP receiver, durably, through the outbox.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { createApp, type App } from '../../src/app.js';
import { loadConfig, silentLogger } from '../../src/kernel/index.js';
import { makeTestApp, TEST_TOKEN, type TestApp } from '../support/app.js';
import { makeStore, storeNames } from '../support/stores.js';
import { waitFor } from '../support/wait.js';
import { NotificationReceiver } from '../support/receiver.js';

const SUBS = '/ngsi-ld/v1/subscriptions';
const ENTITIES = '/ngsi-ld/v1/entities';
const subUrl = (id: string) => `${SUBS}/${encodeURIComponent(id)}`;
const entityUrl = (id: string) => `${ENTITIES}/${encodeURIComponent(id)}`;
const tenant = (name: string) => ({ headers: { 'ngsild-tenant': name } });

function expectProblem(r: LightMyRequestResponse, status: number, code: string): void {
  assert.equal(r.statusCode, status, r.body);
  assert.equal(r.json().code, code);
}

const sub = (endpoint: string, extra: Record<string, unknown> = {}) => ({
  type: 'Subscription',
  entities: [{ type: 'Room' }],
  notification: { endpoint: { uri: endpoint } },
  ...extra,
});

const room = (id: string, temperature: number, extra: Record<string, unknown> = {}) => ({
  id,
  type: 'Room',
  temperature: { type: 'Property', value: temperature },
  ...extra,
});

for (const name of storeNames()) {
  describe(`subscriptions API (${name})`, () => {
    let t: TestApp;
    before(async () => (t = await makeTestApp(name)));
    after(async () => {
      await t.app.ngsi.close();
      await t.dispose();
    });

    it('creates a subscription with a generated id and shows it with defaults and status', async () => {
      const r = await t.post(SUBS, sub('http://127.0.0.1:9/n', { watchedAttributes: ['temperature'] }));
      assert.equal(r.statusCode, 201, r.body);
      const location = String(r.headers.location);
      assert.match(location, /urn%3Angsi-ld%3ASubscription%3A/);
      const got = (await t.get(location)).json();
      assert.equal(got.type, 'Subscription');
      assert.deepEqual(got.watchedAttributes, ['temperature']);
      assert.deepEqual(got.entities, [{ type: 'Room' }]);
      assert.deepEqual(got.notificationTrigger, ['attributeCreated', 'attributeUpdated']);
      assert.equal(got.status, 'active');
      assert.equal(got.notification.format, 'normalized');
      assert.equal(got.notification.endpoint.accept, 'application/json');
      assert.equal(got.notification.timesSent, 0);
    });

    it('lists subscriptions with limit, offset and count, and refuses a duplicate id', async () => {
      for (const i of [1, 2]) {
        const r = await t.post(
          SUBS,
          sub('http://127.0.0.1:9/n', { id: `urn:ngsi-ld:Subscription:list-${i}` }),
          tenant('lists'),
        );
        assert.equal(r.statusCode, 201, r.body);
      }
      const dup = await t.post(
        SUBS,
        sub('http://127.0.0.1:9/n', { id: 'urn:ngsi-ld:Subscription:list-1' }),
        tenant('lists'),
      );
      expectProblem(dup, 409, 'ALREADY_EXISTS');
      const page = await t.get(`${SUBS}?limit=1&offset=1&count=true`, tenant('lists'));
      assert.equal(page.headers['ngsild-results-count'], '2');
      assert.deepEqual(
        page.json().map((s: { id: string }) => s.id),
        ['urn:ngsi-ld:Subscription:list-2'],
      );
      assert.deepEqual((await t.get(SUBS, tenant('elsewhere'))).json(), []);
    });

    it('updates a subscription with PATCH and deletes it', async () => {
      const id = 'urn:ngsi-ld:Subscription:patched';
      assert.equal((await t.post(SUBS, sub('http://127.0.0.1:9/n', { id }))).statusCode, 201);
      const p = await t.patch(subUrl(id), { isActive: false, notification: { format: 'keyValues' } });
      assert.equal(p.statusCode, 204, p.body);
      const got = (await t.get(subUrl(id))).json();
      assert.equal(got.status, 'paused');
      assert.equal(got.notification.format, 'keyValues');
      assert.equal(got.notification.endpoint.uri, 'http://127.0.0.1:9/n');
      expectProblem(
        await t.patch(subUrl(id), { notificationTrigger: ['sometimes'] }),
        400,
        'BAD_REQUEST_DATA',
      );
      assert.equal((await t.del(subUrl(id))).statusCode, 204);
      expectProblem(await t.get(subUrl(id)), 404, 'RESOURCE_NOT_FOUND');
      expectProblem(await t.del(subUrl(id)), 404, 'RESOURCE_NOT_FOUND');
    });

    const invalid: Array<[string, Record<string, unknown>]> = [
      ['an unknown trigger', sub('http://127.0.0.1:9/n', { notificationTrigger: ['entityExploded'] })],
      ['a malformed q', sub('http://127.0.0.1:9/n', { q: 'temperature>>' })],
      ['an endpoint that is not a URI', sub('not a uri')],
      [
        'timeInterval with watchedAttributes',
        sub('http://127.0.0.1:9/n', { timeInterval: 10, watchedAttributes: ['a'] }),
      ],
      [
        'neither entities nor watchedAttributes',
        { type: 'Subscription', notification: { endpoint: { uri: 'http://127.0.0.1:9/n' } } },
      ],
      [
        'a bad geoQ',
        sub('http://127.0.0.1:9/n', { geoQ: { georel: 'near', geometry: 'Point', coordinates: [1, 2] } }),
      ],
      [
        'an unknown format',
        sub('http://127.0.0.1:9/n', { notification: { format: 'xml', endpoint: { uri: 'http://x/' } } }),
      ],
    ];
    for (const [what, body] of invalid) {
      it(`refuses a subscription with ${what} and stores nothing`, async () => {
        expectProblem(await t.post(SUBS, body, tenant('invalid')), 400, 'BAD_REQUEST_DATA');
        assert.deepEqual((await t.get(SUBS, tenant('invalid'))).json(), []);
      });
    }
  });

  describe(`subscription notifications (${name})`, () => {
    let t: TestApp;
    const rx = new NotificationReceiver();
    before(async () => {
      await rx.start();
      t = await makeTestApp(name);
    });
    after(async () => {
      await t.app.ngsi.close();
      await t.dispose();
      await rx.stop();
    });

    const subscribe = async (path: string, extra: Record<string, unknown> = {}, opts = {}) => {
      const r = await t.post(SUBS, sub(`${rx.url}${path}`, extra), opts);
      assert.equal(r.statusCode, 201, r.body);
      return String(r.headers.location);
    };

    it('notifies creation, update and deletion by the chosen triggers', async () => {
      await subscribe('/triggers', {
        entities: [{ type: 'Room', idPattern: '^urn:ngsi-ld:Room:trig' }],
        notificationTrigger: ['entityCreated', 'entityUpdated', 'entityDeleted'],
      });
      const id = 'urn:ngsi-ld:Room:trig1';
      assert.equal((await t.post(ENTITIES, room(id, 20))).statusCode, 201);
      assert.equal(
        (await t.patch(entityUrl(id), { temperature: { type: 'Property', value: 21 } })).statusCode,
        204,
      );
      assert.equal((await t.del(entityUrl(id))).statusCode, 204);
      await waitFor('three notifications', () => rx.at('/triggers').length === 3);
      const [created, updated, deleted] = rx.at('/triggers').map((r) => r.body);
      assert.equal(created!.type, 'Notification');
      assert.deepEqual(created!.data[0]!.temperature, { type: 'Property', value: 20 });
      assert.deepEqual(updated!.data[0]!.temperature, { type: 'Property', value: 21 });
      assert.deepEqual(deleted!.data[0], { id, type: 'Room' });
      assert.match(
        String(rx.at('/triggers')[0]!.headers.link),
        /rel="http:\/\/www.w3.org\/ns\/json-ld#context"/,
      );
      assert.equal(rx.at('/triggers')[0]!.headers['content-type'], 'application/json');
    });

    it('notifies only changes of watched attributes that satisfy q', async () => {
      await subscribe('/watched', {
        entities: [{ type: 'Room', id: 'urn:ngsi-ld:Room:w1' }],
        watchedAttributes: ['temperature'],
        q: 'temperature>25',
      });
      const id = 'urn:ngsi-ld:Room:w1';
      await t.post(ENTITIES, room(id, 20, { name: { type: 'Property', value: 'a' } }));
      await t.patch(entityUrl(id), { name: { type: 'Property', value: 'b' } });
      await t.patch(entityUrl(id), { temperature: { type: 'Property', value: 30 } });
      await waitFor('one notification', () => rx.at('/watched').length >= 1);
      await t.patch(entityUrl(id), { temperature: { type: 'Property', value: 31 } });
      await waitFor('a second notification', () => rx.at('/watched').length >= 2);
      assert.deepEqual(
        rx.at('/watched').map((r) => (r.body.data[0]!.temperature as { value: number }).value),
        [30, 31],
      );
    });

    it('projects notification.attributes in keyValues and sends @context with application/ld+json', async () => {
      await subscribe('/projected', {
        entities: [{ type: 'Room', id: 'urn:ngsi-ld:Room:p1' }],
        notification: {
          format: 'keyValues',
          attributes: ['temperature'],
          endpoint: {
            uri: `${rx.url}/projected`,
            accept: 'application/ld+json',
            receiverInfo: [{ key: 'X-Token', value: 'abc' }],
          },
        },
      });
      await t.post(
        ENTITIES,
        room('urn:ngsi-ld:Room:p1', 22, { name: { type: 'Property', value: 'kitchen' } }),
      );
      await waitFor('the notification', () => rx.at('/projected').length === 1);
      const got = rx.at('/projected')[0]!;
      assert.deepEqual(got.body.data, [{ id: 'urn:ngsi-ld:Room:p1', type: 'Room', temperature: 22 }]);
      assert.ok(got.body['@context'] !== undefined);
      assert.equal(got.headers['content-type'], 'application/ld+json');
      assert.equal(got.headers['x-token'], 'abc');
    });

    it('retries a failing receiver and counts failures while another subscription keeps receiving', async () => {
      let failures = 0;
      rx.status = (path) => (path === '/flaky' && failures++ < 2 ? 500 : 200);
      const flaky = await subscribe('/flaky', { entities: [{ type: 'Room', id: 'urn:ngsi-ld:Room:f1' }] });
      await subscribe('/steady', { entities: [{ type: 'Room', id: 'urn:ngsi-ld:Room:f1' }] });
      await t.post(ENTITIES, room('urn:ngsi-ld:Room:f1', 18));
      await waitFor('the steady notification', () => rx.at('/steady').length === 1);
      await waitFor('the flaky notification after retries', () => rx.at('/flaky').length === 1);
      // The statistics are committed after the receiver answered.
      await waitFor(
        'the statistics of the delivery',
        async () => (await t.get(flaky)).json().notification.lastSuccess !== undefined,
      );
      const stats = (await t.get(flaky)).json().notification;
      assert.equal(stats.timesFailed, 2);
      assert.equal(stats.timesSent, 3);
      assert.ok(stats.lastFailure !== undefined && stats.lastSuccess !== undefined);
      rx.status = () => 200;
    });

    it('does not notify subscriptions of another tenant, paused or expired subscriptions', async () => {
      await subscribe('/other-tenant', { entities: [{ type: 'Room' }] }, tenant('elsewhere'));
      await subscribe('/paused', { isActive: false });
      await subscribe('/expired', { expiresAt: '2020-01-01T00:00:00Z' });
      await subscribe('/control', { entities: [{ type: 'Room', id: 'urn:ngsi-ld:Room:iso' }] });
      await t.post(ENTITIES, room('urn:ngsi-ld:Room:iso', 10));
      await waitFor('the control notification', () => rx.at('/control').length === 1);
      await t.post(ENTITIES, room('urn:ngsi-ld:Room:iso2', 10), tenant('elsewhere'));
      await waitFor('the other tenant notification', () => rx.at('/other-tenant').length === 1);
      assert.equal(rx.at('/other-tenant')[0]!.headers['ngsild-tenant'], 'elsewhere');
      assert.deepEqual(
        rx.at('/other-tenant')[0]!.body.data.map((d) => d.id),
        ['urn:ngsi-ld:Room:iso2'],
      );
      assert.equal(rx.at('/paused').length, 0);
      assert.equal(rx.at('/expired').length, 0);
    });
  });

  describe(`subscription outbox across a restart (${name})`, () => {
    it('delivers notifications left pending when the broker stopped once it starts again', async () => {
      const rx = new NotificationReceiver();
      await rx.start();
      rx.status = () => 500;
      const store = await makeStore(name);
      const config = loadConfig({ DOTHI_ADMIN_TOKEN: TEST_TOKEN, DOTHI_LOG_LEVEL: 'silent' });
      const open = async () => {
        const app = await createApp(config, { store, log: silentLogger });
        await app.http.ready();
        return app;
      };
      const inject = (app: App, method: 'GET' | 'POST', url: string, body?: unknown) =>
        app.http.inject({
          method,
          url,
          headers: { authorization: `Bearer ${TEST_TOKEN}`, 'content-type': 'application/json' },
          ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
        });
      const first = await open();
      const created = await inject(first, 'POST', SUBS, sub(`${rx.url}/restart`));
      const location = String(created.headers.location);
      await inject(first, 'POST', ENTITIES, room('urn:ngsi-ld:Room:r1', 5));
      await waitFor(
        'a failed attempt',
        async () => (await inject(first, 'GET', location)).json().notification.timesFailed >= 1,
      );
      await first.http.close();
      await first.ngsi.close();
      rx.status = () => 200;
      const second = await open();
      try {
        await waitFor('the pending notification', () => rx.at('/restart').length === 1);
        assert.deepEqual(rx.at('/restart')[0]!.body.data[0]!.id, 'urn:ngsi-ld:Room:r1');
        await waitFor(
          'an empty outbox',
          async () => (await store.read.all('SELECT seq FROM subscription_outbox')).length === 0,
        );
      } finally {
        await second.http.close();
        await second.ngsi.close();
        await store.dispose();
        await rx.stop();
      }
    });
  });
}
