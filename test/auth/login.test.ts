// Password login: sessions in secure cookies, lockout after repeated failures with a security
// event, and the right user back in after the lockout period (a controllable clock, no sleeps).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fixedClock } from '../../src/kernel/index.js';
import { makeTestApp, storeNames, type TestApp } from '../support/index.js';

const PASSWORD = 'Correct-Horse-42';

for (const name of storeNames()) {
  describe(`login and lockout (${name})`, () => {
    const clock = fixedClock(Date.parse('2026-03-01T08:00:00Z'));
    let t: TestApp;
    before(async () => {
      t = await makeTestApp(name, { DOTHI_LOGIN_MAX_FAILURES: '3', DOTHI_LOCKOUT_S: '600' }, clock);
      const r = await t.post('/auth/users', { username: 'lan', password: PASSWORD, roles: 'operator' });
      assert.equal(r.statusCode, 201, r.body);
    });
    after(() => t.dispose());

    const login = (password: string) =>
      t.post('/auth/login', { username: 'lan', password }, { anonymous: true });

    it('refuses a password that breaks the policy', async () => {
      const r = await t.post('/auth/users', { username: 'weak', password: 'short', roles: 'operator' });
      assert.equal(r.statusCode, 400);
      assert.equal(r.json().code, 'BAD_REQUEST_DATA');
      assert.equal((await t.get('/auth/users')).json().length, 1);
    });

    it('opens a session in an HttpOnly, SameSite cookie that works as a credential', async () => {
      const r = await login(PASSWORD);
      assert.equal(r.statusCode, 200, r.body);
      const cookie = r.cookies.find((c) => c.name === 'dothi_session');
      assert.ok(cookie);
      assert.equal(cookie.httpOnly, true);
      assert.equal(cookie.sameSite, 'Strict');
      const me = await t.get('/auth/me', {
        anonymous: true,
        headers: { cookie: `dothi_session=${cookie.value}` },
      });
      assert.equal(me.statusCode, 200);
      assert.equal(me.json().id, 'user:lan');
      const out = await t.post(
        '/auth/logout',
        {},
        { anonymous: true, headers: { cookie: `dothi_session=${cookie.value}` } },
      );
      assert.equal(out.statusCode, 204);
      const after = await t.get('/auth/me', {
        anonymous: true,
        headers: { cookie: `dothi_session=${cookie.value}` },
      });
      assert.equal(after.statusCode, 401);
    });

    it('locks the account after repeated failures, even against the right password', async () => {
      for (let i = 0; i < 3; i++) {
        const r = await login(`Wrong-password-${i}`);
        assert.equal(r.statusCode, 401);
        assert.equal(r.json().code, 'UNAUTHORIZED');
      }
      const locked = await login(PASSWORD);
      assert.equal(locked.statusCode, 423);
      assert.equal(locked.json().code, 'ACCOUNT_LOCKED');
    });

    it('raises security events for the failures and the lockout', async () => {
      const failed = (await t.get('/auth/security-events?kind=login.failed')).json() as Array<{
        actor: string;
      }>;
      assert.ok(failed.filter((e) => e.actor === 'user:lan').length >= 4);
      const locks = (await t.get('/auth/security-events?kind=account.locked')).json() as Array<{
        actor: string;
        source: string;
      }>;
      assert.equal(locks.length, 1);
      assert.equal(locks[0]!.actor, 'user:lan');
      assert.ok(locks[0]!.source);
    });

    it('lets the right user in once the lockout period has passed', async () => {
      clock.advance(599_000);
      assert.equal((await login(PASSWORD)).statusCode, 423);
      clock.advance(2_000);
      const r = await login(PASSWORD);
      assert.equal(r.statusCode, 200, r.body);
      const token = (r.json() as { token: string }).token;
      const q = await t.get('/ngsi-ld/v1/entities?type=X', {
        anonymous: true,
        headers: { authorization: `Bearer ${token}` },
      });
      assert.equal(q.statusCode, 200);
    });

    it('ends a session when its lifetime is over', async () => {
      const r = await login(PASSWORD);
      const token = (r.json() as { token: string }).token;
      clock.advance(8 * 3600 * 1000 + 1);
      const q = await t.get('/auth/me', { anonymous: true, headers: { authorization: `Bearer ${token}` } });
      assert.equal(q.statusCode, 401);
    });
  });
}
