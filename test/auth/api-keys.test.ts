// API keys for devices and applications: stored hashed, scoped, expiring and revocable. Expired
// and revoked keys are refused and raise security events.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fixedClock } from '../../src/kernel/index.js';
import { makeTestApp, storeNames, type TestApp } from '../support/index.js';

const URL = '/ngsi-ld/v1/entities?type=ParkingSpot';

for (const name of storeNames()) {
  describe(`API keys (${name})`, () => {
    const clock = fixedClock(Date.parse('2026-03-01T08:00:00Z'));
    let t: TestApp;
    before(async () => {
      t = await makeTestApp(name, {}, clock);
    });
    after(() => t.dispose());

    const create = async (body: Record<string, unknown>) => {
      const r = await t.post('/auth/apikeys', body);
      assert.equal(r.statusCode, 201, r.body);
      return r.json() as { id: string; key: string };
    };
    const use = (key: string) => t.get(URL, { anonymous: true, headers: { authorization: `Bearer ${key}` } });

    it('keeps only a hash of the key', async () => {
      const k = await create({ name: 'sensor-gw', roles: 'operator' });
      const rows = await t.app.store.read.all<{ secret_hash: string }>(
        'SELECT secret_hash FROM auth_api_keys',
      );
      assert.ok(rows.every((r) => !k.key.includes(r.secret_hash)));
      assert.ok(!JSON.stringify((await t.get('/auth/apikeys')).json()).includes(k.key.split('.')[1]!));
    });

    it('accepts a key until it expires, then refuses it with a security event', async () => {
      const k = await create({ name: 'temp', roles: 'analyst', expiresIn: 3600 });
      assert.equal((await use(k.key)).statusCode, 200);
      assert.equal((await t.get(URL, { anonymous: true, headers: { 'x-api-key': k.key } })).statusCode, 200);
      clock.advance(3600 * 1000);
      const r = await use(k.key);
      assert.equal(r.statusCode, 401);
      assert.equal(r.json().code, 'UNAUTHORIZED');
      const events = (await t.get('/auth/security-events?kind=apikey.expired')).json() as Array<{
        actor: string;
      }>;
      assert.deepEqual(
        events.map((e) => e.actor),
        [`apikey:${k.id}`],
      );
    });

    it('refuses a revoked key at once, with a security event', async () => {
      const k = await create({ name: 'gone', roles: 'operator' });
      assert.equal((await use(k.key)).statusCode, 200);
      assert.equal((await t.del(`/auth/apikeys/${k.id}`)).statusCode, 204);
      assert.equal((await use(k.key)).statusCode, 401);
      const events = (await t.get('/auth/security-events?kind=apikey.revoked')).json() as Array<{
        actor: string;
      }>;
      assert.deepEqual(
        events.map((e) => e.actor),
        [`apikey:${k.id}`],
      );
      assert.equal((await t.del(`/auth/apikeys/${k.id}`)).statusCode, 404);
    });

    it('refuses a key with a wrong secret, and an unknown bearer token', async () => {
      const k = await create({ name: 'real', roles: 'operator' });
      assert.equal((await use(`${k.key.split('.')[0]}.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`)).statusCode, 401);
      assert.equal((await use('not-a-token-at-all')).statusCode, 401);
      const events = (await t.get('/auth/security-events?kind=credentials.invalid')).json() as unknown[];
      assert.ok(events.length >= 2);
    });

    it('refuses a key with an unknown role and changes nothing', async () => {
      const before = (await t.get('/auth/apikeys')).json() as unknown[];
      const r = await t.post('/auth/apikeys', { name: 'bad', roles: 'superuser' });
      assert.equal(r.statusCode, 400);
      assert.equal(r.json().code, 'BAD_REQUEST_DATA');
      assert.equal(((await t.get('/auth/apikeys')).json() as unknown[]).length, before.length);
    });
  });
}
