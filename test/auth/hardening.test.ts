// Hardening: rate limits per key and per address (with a security event), security headers,
// CORS only for configured origins, configuration changes as security events.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { makeTestApp, storeNames, waitFor, type TestApp } from '../support/index.js';

for (const name of storeNames()) {
  describe(`hardening (${name})`, () => {
    let t: TestApp;
    before(async () => {
      t = await makeTestApp(name, { DOTHI_RATE_LIMIT: '3', DOTHI_CORS_ORIGINS: 'https://ioc.example.vn' });
    });
    after(() => t.dispose());

    it('limits the requests of one key, answers 429 and raises a security event', async () => {
      const k = await t.post('/auth/apikeys', { name: 'busy', roles: 'analyst' });
      const headers = { authorization: `Bearer ${(k.json() as { key: string }).key}` };
      const codes = [];
      for (let i = 0; i < 4; i++) {
        codes.push((await t.get('/ngsi-ld/v1/entities?type=X', { headers, anonymous: true })).statusCode);
      }
      assert.deepEqual(codes, [200, 200, 200, 429]);
      const last = await t.get('/ngsi-ld/v1/entities?type=X', { headers, anonymous: true });
      assert.equal(last.json().code, 'RATE_LIMITED');
      // The event is written beside the refusal, not before it: wait for its commit.
      const limited = async () =>
        ((await t.get('/auth/security-events?kind=rate.limited')).json() as Array<{ actor: string }>).some(
          (e) => e.actor.startsWith('apikey:'),
        );
      await waitFor('the rate.limited security event', limited);
    });

    it('limits anonymous callers by address', async () => {
      const codes = [];
      for (let i = 0; i < 4; i++) codes.push((await t.get('/health', { anonymous: true })).statusCode);
      assert.deepEqual(codes, [200, 200, 200, 429]);
    });

    it('sends security headers on every answer, refusals included', async () => {
      const r = await t.get('/ngsi-ld/v1/entities?type=X', { anonymous: true });
      assert.equal(r.statusCode, 401);
      assert.equal(r.headers['x-content-type-options'], 'nosniff');
      assert.equal(r.headers['x-frame-options'], 'DENY');
      assert.equal(r.headers['content-security-policy'], "frame-ancestors 'none'");
    });

    it('allows cross-origin calls from configured origins only', async () => {
      const pre = (origin: string) =>
        t.request('OPTIONS', '/ngsi-ld/v1/entities', {
          anonymous: true,
          headers: { origin, 'access-control-request-method': 'GET' },
        });
      assert.equal(
        (await pre('https://ioc.example.vn')).headers['access-control-allow-origin'],
        'https://ioc.example.vn',
      );
      assert.equal((await pre('https://evil.example')).headers['access-control-allow-origin'], undefined);
    });

    it('records the configuration of a start that differs from the last one', async () => {
      const events = (await t.get('/auth/security-events?kind=config.changed')).json() as Array<{
        detail: { changed: string[]; config: Record<string, string> };
      }>;
      assert.equal(events.length, 1);
      assert.ok(events[0]!.detail.changed.includes('DOTHI_RATE_LIMIT'));
      assert.match(events[0]!.detail.config.DOTHI_ADMIN_TOKEN!, /^sha256:/);
      assert.ok(!JSON.stringify(events).includes('test-admin-token'));
    });
  });
}
