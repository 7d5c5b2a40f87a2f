// Reads through subscriptions: an agency's subscription notifies only what the agency may read,
// and a subscription cannot be turned into a window on other types.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { makeTestApp, storeNames, type TestApp } from '../support/index.js';
import { roleKeys, type RoleHeaders } from './roles.js';
import { waitFor } from '../support/wait.js';

const E = '/ngsi-ld/v1/entities';
const SUBS = '/ngsi-ld/v1/subscriptions';

async function receiver(): Promise<{
  url: string;
  got: Array<{ data: Array<{ id: string }> }>;
  close(): Promise<void>;
}> {
  const got: Array<{ data: Array<{ id: string }> }> = [];
  const server: Server = createServer((req, res) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString()));
    req.on('end', () => {
      got.push(JSON.parse(text) as { data: Array<{ id: string }> });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/n`,
    got,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((ok) => server.close(() => ok()));
    },
  };
}

for (const name of storeNames()) {
  describe(`notifications carry only what the subscriber may read (${name})`, () => {
    let t: TestApp;
    let keys: RoleHeaders;
    let rx: Awaited<ReturnType<typeof receiver>>;
    before(async () => {
      t = await makeTestApp(name);
      keys = await roleKeys(t);
      rx = await receiver();
    });
    after(async () => {
      await t.dispose();
      await rx.close();
    });

    it('notifies the agency of its types and of nothing else, in order', async () => {
      const sub = {
        id: 'urn:s:agency',
        type: 'Subscription',
        entities: [{ type: 'ParkingSpot' }],
        notification: { endpoint: { uri: rx.url } },
      };
      assert.equal((await t.post(SUBS, sub, { headers: keys.agency, anonymous: true })).statusCode, 201);
      // A change of another type first, then one of the agency's type: per-subscription order
      // means a leak of the first would arrive before the second.
      const air = { id: 'urn:a:1', type: 'AirQualityObserved', status: { type: 'Property', value: 'x' } };
      assert.equal((await t.post(E, air)).statusCode, 201);
      const spot = { id: 'urn:p:1', type: 'ParkingSpot', status: { type: 'Property', value: 'free' } };
      assert.equal((await t.post(E, spot)).statusCode, 201);
      await waitFor('a notification', () => rx.got.length > 0);
      assert.deepEqual(
        rx.got.flatMap((n) => n.data.map((d) => d.id)),
        ['urn:p:1'],
      );
    });

    it('refuses to widen an agency subscription to other types', async () => {
      const patch = { entities: [{ type: 'AirQualityObserved' }] };
      const r = await t.patch(`${SUBS}/urn:s:agency`, patch, { headers: keys.agency, anonymous: true });
      assert.equal(r.statusCode, 403);
      assert.equal(r.json().code, 'FORBIDDEN');
    });

    it("refuses to redirect another owner's subscription of every type", async () => {
      const all = {
        id: 'urn:s:all',
        type: 'Subscription',
        watchedAttributes: ['status'],
        notification: { endpoint: { uri: 'http://127.0.0.1:9/n' } },
      };
      assert.equal((await t.post(SUBS, all)).statusCode, 201);
      const redirect = { notification: { endpoint: { uri: rx.url } } };
      const r = await t.patch(`${SUBS}/urn:s:all`, redirect, { headers: keys.agency, anonymous: true });
      assert.equal(r.statusCode, 403);
      const del = await t.del(`${SUBS}/urn:s:all`, { headers: keys.agency, anonymous: true });
      assert.equal(del.statusCode, 403);
    });
  });
}
