// External identities: bearer JWTs from a real OpenID Connect provider (a separate process on a
// free port), found by discovery and verified against its JWKS; roles from the token's claim.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { makeTestApp, storeNames, type TestApp } from '../support/index.js';

async function startProvider(): Promise<{ issuer: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/auth/oidc-provider.ts'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const line = await new Promise<string>((ok, fail) => {
    createInterface({ input: child.stdout! }).once('line', ok);
    child.once('exit', (code) => fail(new Error(`the OpenID provider exited (${code})`)));
  });
  return { issuer: (JSON.parse(line) as { issuer: string }).issuer, child };
}

async function accessToken(issuer: string, role: string): Promise<string> {
  const res = await fetch(`${issuer}/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`${role}-app:secret`).toString('base64')}`,
    },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      scope: 'api',
      resource: 'urn:dothi:api',
    }),
  });
  const body = (await res.json()) as { access_token?: string };
  assert.equal(res.status, 200, JSON.stringify(body));
  return body.access_token!;
}

/** Follows the provider's redirects and submits its login and consent forms, as a browser would. */
async function signIn(start: string, login: string): Promise<URL> {
  const jar = new Map<string, string>();
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  let url = new URL(start);
  let init: RequestInit = {};
  for (let step = 0; step < 20; step++) {
    if (url.pathname === '/auth/oidc/callback') return url;
    const res = await fetch(url, {
      redirect: 'manual',
      ...init,
      headers: { ...init.headers, cookie: cookie() },
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const eq = pair!.indexOf('=');
      jar.set(pair!.slice(0, eq), pair!.slice(eq + 1));
    }
    init = {};
    const location = res.headers.get('location');
    if (location !== null) {
      url = new URL(location, url);
      continue;
    }
    const html = await res.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    const prompt = /name="prompt" value="([^"]+)"/.exec(html)?.[1];
    assert.ok(action !== undefined && prompt !== undefined, `no form at ${url.href}: ${res.status}`);
    url = new URL(action.replace(/&amp;/g, '&'), url);
    init = {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ prompt, login, password: 'any password' }).toString(),
    };
  }
  throw new Error('too many steps in the login');
}

for (const name of storeNames()) {
  describe(`OpenID Connect login and bearer tokens (${name})`, () => {
    let provider: { issuer: string; child: ChildProcess };
    let t: TestApp;
    before(async () => {
      provider = await startProvider();
      t = await makeTestApp(name, {
        DOTHI_OIDC_ISSUER: provider.issuer,
        DOTHI_OIDC_AUDIENCE: 'urn:dothi:api',
        DOTHI_OIDC_CLIENT_ID: 'dothi-web',
        DOTHI_OIDC_CLIENT_SECRET: 'secret',
      });
    });
    // The provider goes even when the app never started: a child left running keeps the file's
    // process, and so the whole test run, from ending.
    after(async () => {
      provider?.child.kill();
      await t?.dispose();
    });

    const as = (token: string) => ({ anonymous: true, headers: { authorization: `Bearer ${token}` } });

    it('identifies the holder of a provider token with the roles of its claim', async () => {
      const token = await accessToken(provider.issuer, 'analyst');
      const me = await t.get('/auth/me', as(token));
      assert.equal(me.statusCode, 200, me.body);
      assert.equal(me.json().kind, 'oidc');
      assert.deepEqual(me.json().roles, ['analyst']);
      assert.match(me.json().id, /^oidc:http:\/\/127\.0\.0\.1:\d+#analyst-app$/);
      assert.equal((await t.get('/ngsi-ld/v1/entities?type=ParkingSpot', as(token))).statusCode, 200);
      const write = await t.post('/ngsi-ld/v1/entities', { id: 'urn:p:o', type: 'ParkingSpot' }, as(token));
      assert.equal(write.statusCode, 403);
    });

    it('gives a token without a known role the default role (citizen)', async () => {
      const token = await accessToken(provider.issuer, 'superuser');
      assert.deepEqual((await t.get('/auth/me', as(token))).json().roles, ['citizen']);
      assert.equal((await t.get('/ngsi-ld/v1/entities?type=ParkingSpot', as(token))).statusCode, 403);
    });

    it('refuses a token whose signature does not verify', async () => {
      const token = await accessToken(provider.issuer, 'operator');
      const [h, p, s] = token.split('.') as [string, string, string];
      const claims = JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>;
      const forged = Buffer.from(JSON.stringify({ ...claims, roles: ['admin'] })).toString('base64url');
      const r = await t.get('/auth/users', as(`${h}.${forged}.${s}`));
      assert.equal(r.statusCode, 401);
      const events = (await t.get('/auth/security-events?kind=credentials.invalid')).json() as unknown[];
      assert.equal(events.length, 1);
    });

    it('logs a person in through the provider and opens a session with the roles of the id token', async () => {
      const start = await t.get('/auth/oidc/login', { anonymous: true });
      assert.equal(start.statusCode, 302);
      const flow = start.cookies.find((c) => c.name === 'dothi_oidc')!;
      assert.equal(flow.httpOnly, true);
      const callback = await signIn(start.headers.location as string, 'lan');
      const done = await t.get(`${callback.pathname}${callback.search}`, {
        anonymous: true,
        headers: { cookie: `dothi_oidc=${flow.value}` },
      });
      assert.equal(done.statusCode, 302, `${callback.href} ${done.body}`);
      const session = done.cookies.find((c) => c.name === 'dothi_session')!;
      assert.equal(session.httpOnly, true);
      const me = await t.get('/auth/me', {
        anonymous: true,
        headers: { cookie: `dothi_session=${session.value}` },
      });
      assert.equal(me.statusCode, 200);
      assert.match(me.json().id, /^oidc:http:\/\/127\.0\.0\.1:\d+#lan$/);
      assert.deepEqual(me.json().roles, ['operator']);
    });

    it('refuses a callback whose state is not the one the login started with', async () => {
      const start = await t.get('/auth/oidc/login', { anonymous: true });
      const callback = await signIn(start.headers.location as string, 'lan');
      const r = await t.get(`${callback.pathname}${callback.search}`, {
        anonymous: true,
        headers: { cookie: 'dothi_oidc=forged.nonce.verifier' },
      });
      assert.equal(r.statusCode, 401);
      assert.equal(
        r.cookies.find((c) => c.name === 'dothi_session'),
        undefined,
      );
    });
  });
}
