import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { roleKeys, type RoleHeaders } from './auth/roles.js';
import { makeTestApp, storeNames, type TestApp } from './support/index.js';

// GET /admin/store/write-stats: where the writer thread's time goes, per statement, for
// administrators; DELETE starts counting over. Off unless DOTHI_SQLITE_WRITE_STATS is on.

const PATH = '/admin/store/write-stats';

interface Stats {
  since: string;
  groups: number;
  commits: number;
  statements: Array<{ sql: string; runs: number; rows: number; totalMs: number }>;
}

describe('store write statistics over HTTP (sqlite, DOTHI_SQLITE_WRITE_STATS=true)', () => {
  let t: TestApp;
  let roles: RoleHeaders;
  before(async () => {
    t = await makeTestApp('sqlite', { DOTHI_SQLITE_WRITE_STATS: 'true' });
    roles = await roleKeys(t);
  });
  after(() => t.dispose());

  it('counts the statements of entity writes, and starts over on DELETE', async () => {
    assert.equal((await t.del(PATH)).statusCode, 204);
    const created = await t.post('/ngsi-ld/v1/entityOperations/create', [
      ...Array.from({ length: 12 }, (_, i) => ({
        id: `urn:ngsi-ld:Sensor:ws${i}`,
        type: 'Sensor',
        temperature: { type: 'Property', value: 20 + i },
      })),
    ]);
    assert.equal(created.statusCode, 201, created.body);
    const r = await t.get(PATH);
    assert.equal(r.statusCode, 200, r.body);
    const s = r.json() as Stats;
    const inserts = s.statements.find((x) => x.sql.startsWith('INSERT INTO entities '));
    assert.equal(inserts?.rows, 12, JSON.stringify(s.statements.map((x) => x.sql)));
    assert.ok(s.groups >= 1 && s.commits >= 1);
    const totals = s.statements.map((x) => x.totalMs);
    assert.deepEqual(
      totals,
      [...totals].sort((a, b) => b - a),
      'most time first',
    );

    assert.equal((await t.del(PATH)).statusCode, 204);
    const again = (await t.get(PATH)).json() as Stats;
    assert.equal(
      again.statements.find((x) => x.sql.startsWith('INSERT INTO entities ')),
      undefined,
    );
    assert.ok(again.since >= s.since);
  });

  it('is for administrators only', async () => {
    assert.equal((await t.get(PATH, { headers: roles.admin })).statusCode, 200);
    for (const role of ['operator', 'analyst', 'agency'] as const) {
      const r = await t.get(PATH, { headers: roles[role] });
      assert.equal(r.statusCode, 403, `${role}: ${r.body}`);
      assert.equal((await t.del(PATH, { headers: roles[role] })).statusCode, 403);
    }
    assert.equal((await t.get(PATH, { anonymous: true })).statusCode, 401);
  });
});

for (const store of storeNames()) {
  describe(`store write statistics, not kept (${store})`, () => {
    let t: TestApp;
    before(async () => {
      t = await makeTestApp(store);
    });
    after(() => t.dispose());

    it('answers 409 WriteStatsOff with how to get them', async () => {
      for (const method of ['GET', 'DELETE'] as const) {
        const r = await t.request(method, PATH);
        assert.equal(r.statusCode, 409, r.body);
        assert.match(r.headers['content-type'] as string, /application\/problem\+json/);
        const p = r.json() as { type: string; detail: string };
        assert.equal(p.type, 'urn:dothi:problem:WriteStatsOff');
        assert.match(p.detail, store === 'sqlite' ? /DOTHI_SQLITE_WRITE_STATS=true/ : /pg_stat_statements/);
      }
    });
  });
}
