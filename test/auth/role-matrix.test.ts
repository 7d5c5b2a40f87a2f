// Every role against every API family, allowed and denied with the right status: NGSI-LD entities,
// batch, discovery, subscriptions, temporal, @context, health and the admin APIs. Agency staff are
// limited to their entity types (ParkingSpot), also through queries, subscriptions and temporal.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { makeTestApp, storeNames, type TestApp } from '../support/index.js';
import { roleKeys, testRoles, type RoleHeaders, type TestRole } from './roles.js';

const E = '/ngsi-ld/v1/entities';
const spot = (id: string) => ({ id, type: 'ParkingSpot', status: { type: 'Property', value: 'free' } });
const air = (id: string) => ({ id, type: 'AirQualityObserved', pm25: { type: 'Property', value: 12 } });

interface Row {
  what: string;
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  url: (role: TestRole) => string;
  body?: (role: TestRole) => unknown;
  expect: Record<TestRole, number>;
}

const ok = (status: number, denied: TestRole[], exceptions: Partial<Record<TestRole, number>> = {}) =>
  Object.fromEntries(
    testRoles.map((r) => [r, exceptions[r] ?? (r === 'public' ? 401 : denied.includes(r) ? 403 : status)]),
  ) as Record<TestRole, number>;

const rows: Row[] = [
  {
    what: 'query entities of a type',
    method: 'GET',
    url: () => `${E}?type=ParkingSpot`,
    expect: ok(200, ['citizen']),
  },
  { what: 'retrieve an entity', method: 'GET', url: () => `${E}/urn:p:1`, expect: ok(200, ['citizen']) },
  {
    what: 'retrieve an entity of a type outside the scope',
    method: 'GET',
    url: () => `${E}/urn:a:1`,
    expect: ok(200, ['citizen', 'agency']),
  },
  {
    what: 'create an entity',
    method: 'POST',
    url: () => E,
    body: (r) => spot(`urn:p:new-${r}`),
    expect: ok(201, ['citizen', 'analyst']),
  },
  {
    what: 'create an entity of a type outside the scope',
    method: 'POST',
    url: () => E,
    body: (r) => air(`urn:a:new-${r}`),
    expect: ok(201, ['citizen', 'analyst', 'agency']),
  },
  {
    what: 'update an attribute',
    method: 'PATCH',
    url: () => `${E}/urn:p:1/attrs`,
    body: () => ({ status: { type: 'Property', value: 'taken' } }),
    expect: ok(204, ['citizen', 'analyst']),
  },
  {
    what: 'update an entity outside the scope',
    method: 'PATCH',
    url: () => `${E}/urn:a:1/attrs`,
    body: () => ({ pm25: { type: 'Property', value: 99 } }),
    expect: ok(204, ['citizen', 'analyst', 'agency']),
  },
  {
    what: 'batch query',
    method: 'POST',
    url: () => '/ngsi-ld/v1/entityOperations/query',
    body: () => ({ type: 'Query', entities: [{ type: 'ParkingSpot' }] }),
    expect: ok(200, ['citizen']),
  },
  { what: 'list entity types', method: 'GET', url: () => '/ngsi-ld/v1/types', expect: ok(200, ['citizen']) },
  {
    what: 'list subscriptions',
    method: 'GET',
    url: () => '/ngsi-ld/v1/subscriptions',
    expect: ok(200, ['citizen']),
  },
  {
    what: 'subscribe to a type',
    method: 'POST',
    url: () => '/ngsi-ld/v1/subscriptions',
    body: (r) => sub(`urn:s:${r}`, 'ParkingSpot'),
    expect: ok(201, ['citizen', 'analyst']),
  },
  {
    what: 'subscribe to a type outside the scope',
    method: 'POST',
    url: () => '/ngsi-ld/v1/subscriptions',
    body: (r) => sub(`urn:s:air-${r}`, 'AirQualityObserved'),
    expect: ok(201, ['citizen', 'analyst', 'agency']),
  },
  {
    what: 'subscribe to every type by attribute',
    method: 'POST',
    url: () => '/ngsi-ld/v1/subscriptions',
    body: (r) => ({
      id: `urn:s:any-${r}`,
      type: 'Subscription',
      watchedAttributes: ['status'],
      notification: { endpoint: { uri: 'http://127.0.0.1:9/n' } },
    }),
    expect: ok(201, ['citizen', 'analyst', 'agency']),
  },
  {
    what: "retrieve another owner's subscription of every type",
    method: 'GET',
    url: () => '/ngsi-ld/v1/subscriptions/urn:s:all',
    expect: ok(200, ['citizen', 'agency']),
  },
  {
    what: 'temporal query',
    method: 'GET',
    url: () => '/ngsi-ld/v1/temporal/entities?type=ParkingSpot',
    expect: ok(200, ['citizen']),
  },
  {
    what: 'temporal retrieval outside the scope',
    method: 'GET',
    url: () => '/ngsi-ld/v1/temporal/entities/urn:a:1',
    expect: ok(200, ['citizen', 'agency']),
  },
  {
    what: 'temporal query (POST)',
    method: 'POST',
    url: () => '/ngsi-ld/v1/temporal/entityOperations/query',
    body: () => ({
      type: 'Query',
      entities: [{ type: 'ParkingSpot' }],
      temporalQ: { timerel: 'after', timeAt: '2000-01-01T00:00:00Z' },
    }),
    expect: ok(200, ['citizen']),
  },
  {
    what: 'temporal provision',
    method: 'POST',
    url: () => '/ngsi-ld/v1/temporal/entities',
    body: (r) => ({
      id: `urn:p:t-${r}`,
      type: 'ParkingSpot',
      status: [{ type: 'Property', value: 'free', observedAt: '2026-01-01T00:00:00Z' }],
    }),
    expect: ok(201, ['citizen', 'analyst', 'agency']),
  },
  { what: 'list @contexts', method: 'GET', url: () => '/ngsi-ld/v1/jsonldContexts', expect: ok(200, []) },
  {
    what: 'add a @context',
    method: 'POST',
    url: () => '/ngsi-ld/v1/jsonldContexts',
    body: () => ({ '@context': { x: 'urn:x' } }),
    expect: ok(201, ['citizen', 'analyst', 'agency']),
  },
  { what: 'health', method: 'GET', url: () => '/health', expect: ok(200, [], { public: 200 }) },
  {
    what: 'list users',
    method: 'GET',
    url: () => '/auth/users',
    expect: ok(200, ['operator', 'agency', 'analyst', 'citizen']),
  },
  {
    what: 'create an API key',
    method: 'POST',
    url: () => '/auth/apikeys',
    body: (r) => ({ name: `k-${r}`, roles: 'operator' }),
    expect: ok(201, ['operator', 'agency', 'analyst', 'citizen']),
  },
  {
    what: 'read the audit log',
    method: 'GET',
    url: () => '/auth/audit',
    expect: ok(200, ['operator', 'agency', 'analyst', 'citizen']),
  },
  {
    what: 'read security events',
    method: 'GET',
    url: () => '/auth/security-events',
    expect: ok(200, ['operator', 'agency', 'analyst', 'citizen']),
  },
  { what: 'who am I', method: 'GET', url: () => '/auth/me', expect: ok(200, []) },
];

function sub(id: string, type: string) {
  return {
    id,
    type: 'Subscription',
    entities: [{ type }],
    notification: { endpoint: { uri: 'http://127.0.0.1:9/n' } },
  };
}

for (const name of storeNames()) {
  describe(`access by role and API family (${name})`, () => {
    let t: TestApp;
    let keys: RoleHeaders;
    before(async () => {
      t = await makeTestApp(name);
      keys = await roleKeys(t);
      for (const e of [spot('urn:p:1'), air('urn:a:1')]) assert.equal((await t.post(E, e)).statusCode, 201);
      const all = {
        id: 'urn:s:all',
        type: 'Subscription',
        watchedAttributes: ['status'],
        notification: { endpoint: { uri: 'http://127.0.0.1:9/n' } },
      };
      assert.equal((await t.post('/ngsi-ld/v1/subscriptions', all)).statusCode, 201);
    });
    after(() => t.dispose());

    for (const row of rows) {
      it(`${row.what}: ${testRoles.map((r) => `${r} ${row.expect[r]}`).join(', ')}`, async () => {
        for (const role of testRoles) {
          const body = row.body?.(role);
          const r = await t.request(row.method, row.url(role), {
            headers: keys[role],
            anonymous: true,
            ...(body === undefined ? {} : { body }),
          });
          assert.equal(r.statusCode, row.expect[role], `${role}: ${r.body}`);
          if (r.statusCode === 401) assert.equal(r.json().code, 'UNAUTHORIZED');
          if (r.statusCode === 403) assert.equal(r.json().code, 'FORBIDDEN');
        }
      });
    }

    it('narrows a query without a type to the agency types', async () => {
      const r = await t.get(`${E}?q=status!="x"|pm25>0`, { headers: keys.agency, anonymous: true });
      assert.equal(r.statusCode, 200);
      const types = new Set((r.json() as Array<{ type: string }>).map((e) => e.type));
      assert.deepEqual([...types], ['ParkingSpot']);
      const all = await t.get(`${E}?q=status!="x"|pm25>0`);
      assert.ok((all.json() as unknown[]).length > (r.json() as unknown[]).length);
    });

    it('answers a query for a type outside the scope with no entities', async () => {
      for (const url of [
        `${E}?type=AirQualityObserved`,
        '/ngsi-ld/v1/temporal/entities?type=AirQualityObserved',
      ]) {
        const r = await t.get(url, { headers: keys.agency, anonymous: true });
        assert.equal(r.statusCode, 200);
        assert.deepEqual(r.json(), []);
      }
    });

    it('lets an agency discover only the types and attributes of its scope', async () => {
      const as = { headers: keys.agency, anonymous: true };
      const station = { ...air('urn:a:status'), status: { type: 'Property', value: 'ok' } };
      assert.equal((await t.post(E, station)).statusCode, 201);
      const typeList = async (opts = {}) => (await t.get('/ngsi-ld/v1/types', opts)).json().typeList;
      assert.deepEqual(await typeList(as), ['ParkingSpot']);
      assert.deepEqual(await typeList(), ['AirQualityObserved', 'ParkingSpot']);
      const details = (await t.get('/ngsi-ld/v1/types?details=true', as)).json() as Array<{
        typeName: string;
      }>;
      assert.deepEqual(
        details.map((d) => d.typeName),
        ['ParkingSpot'],
      );
      assert.equal((await t.get('/ngsi-ld/v1/types/AirQualityObserved', as)).statusCode, 404);
      const spots = (await t.get('/ngsi-ld/v1/types/ParkingSpot')).json().entityCount as number;
      assert.equal((await t.get('/ngsi-ld/v1/types/ParkingSpot', as)).json().entityCount, spots);

      const attributeList = async (opts = {}) =>
        (await t.get('/ngsi-ld/v1/attributes', opts)).json().attributeList as string[];
      assert.ok((await attributeList()).includes('pm25'));
      assert.ok(!(await attributeList(as)).includes('pm25'));
      assert.ok((await attributeList(as)).includes('status'));
      assert.equal((await t.get('/ngsi-ld/v1/attributes/pm25', as)).statusCode, 404);
      const status = (await t.get('/ngsi-ld/v1/attributes/status')).json();
      const narrowed = (await t.get('/ngsi-ld/v1/attributes/status', as)).json();
      assert.deepEqual(status.typeNames, ['AirQualityObserved', 'ParkingSpot']);
      assert.deepEqual(narrowed.typeNames, ['ParkingSpot']);
      assert.equal(narrowed.attributeCount, status.attributeCount - 1);
    });

    it('lists only the subscriptions an agency may read', async () => {
      const r = await t.get('/ngsi-ld/v1/subscriptions', { headers: keys.agency, anonymous: true });
      const ids = (r.json() as Array<{ id: string }>).map((s) => s.id);
      assert.ok(ids.includes('urn:s:agency'));
      assert.ok(!ids.includes('urn:s:all'));
    });

    it('refuses a write to another tenant for a key scoped to one tenant', async () => {
      const k = await t.post('/auth/apikeys', { name: 'tenant-a', roles: 'operator', tenants: 'a' });
      const headers = { authorization: `Bearer ${(k.json() as { key: string }).key}` };
      const inA = await t.post(E, spot('urn:p:ta'), {
        headers: { ...headers, 'ngsild-tenant': 'a' },
        anonymous: true,
      });
      assert.equal(inA.statusCode, 201);
      const inB = await t.post(E, spot('urn:p:tb'), {
        headers: { ...headers, 'ngsild-tenant': 'b' },
        anonymous: true,
      });
      assert.equal(inB.statusCode, 403);
    });
  });
}
