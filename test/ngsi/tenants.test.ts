// Tenants over HTTP (CIM 009 §4.14, §6.3.14): the NGSILD-Tenant header isolates entities, a tenant
// comes into being with its first write, and reading one that never was is NonexistentTenant.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { createApp } from '../../src/app.js';
import { loadConfig, silentLogger } from '../../src/kernel/index.js';
import { makeTestApp, TEST_TOKEN, type TestApp } from '../support/app.js';
import { storeNames } from '../support/stores.js';

const ENTITIES = '/ngsi-ld/v1/entities';
const OPS = '/ngsi-ld/v1/entityOperations';
const ID = 'urn:ngsi-ld:Building:shared';

const url = (id: string) => `${ENTITIES}/${encodeURIComponent(id)}`;
const tenant = (name: string) => ({ headers: { 'ngsild-tenant': name } });

function expectProblem(r: LightMyRequestResponse, status: number, code: string): void {
  assert.equal(r.statusCode, status, r.body);
  assert.match(String(r.headers['content-type']), /^application\/problem\+json/);
  assert.equal(r.json().code, code);
}

for (const name of storeNames()) {
  describe(`tenants (${name})`, () => {
    let t: TestApp;
    before(async () => {
      t = await makeTestApp(name);
      for (const [tn, floors] of [
        ['hanoi', 10],
        ['hue', 3],
      ] as const) {
        const r = await t.post(
          ENTITIES,
          { id: ID, type: 'Building', floors: { type: 'Property', value: floors } },
          tenant(tn),
        );
        assert.equal(r.statusCode, 201, r.body);
      }
    });
    after(async () => t.dispose());

    describe('isolation', () => {
      it('keeps an entity with the same id apart in two tenants', async () => {
        const hanoi = await t.get(url(ID), tenant('hanoi'));
        const hue = await t.get(url(ID), tenant('hue'));
        assert.equal(hanoi.statusCode, 200, hanoi.body);
        assert.equal(hue.statusCode, 200, hue.body);
        assert.deepEqual(hanoi.json().floors, { type: 'Property', value: 10 });
        assert.deepEqual(hue.json().floors, { type: 'Property', value: 3 });
      });

      it('answers a query with the entities of its tenant only', async () => {
        await t.post(ENTITIES, { id: 'urn:ngsi-ld:Building:hue-only', type: 'Building' }, tenant('hue'));
        const hanoi = await t.get(`${ENTITIES}?type=Building&count=true`, tenant('hanoi'));
        assert.equal(hanoi.statusCode, 200, hanoi.body);
        assert.equal(hanoi.headers['ngsild-results-count'], '1');
        assert.deepEqual(
          hanoi.json().map((e: { id: string }) => e.id),
          [ID],
        );
        const hue = await t.get(`${ENTITIES}?type=Building&q=floors==3`, tenant('hue'));
        assert.deepEqual(
          hue.json().map((e: { id: string }) => e.id),
          [ID],
        );
      });

      it('does not show tenant entities in the default tenant', async () => {
        expectProblem(await t.get(url(ID)), 404, 'RESOURCE_NOT_FOUND');
        const r = await t.get(`${ENTITIES}?type=Building`);
        assert.equal(r.statusCode, 200, r.body);
        assert.deepEqual(r.json(), []);
      });

      it('changes and deletes the entity of its own tenant only', async () => {
        const id = 'urn:ngsi-ld:Building:twin';
        for (const tn of ['hanoi', 'hue']) await t.post(ENTITIES, { id, type: 'Building', a: 1 }, tenant(tn));
        const patched = await t.patch(url(id), { a: 2 }, tenant('hanoi'));
        assert.equal(patched.statusCode, 204, patched.body);
        assert.deepEqual((await t.get(url(id), tenant('hue'))).json().a, { type: 'Property', value: 1 });
        const deleted = await t.del(url(id), tenant('hanoi'));
        assert.equal(deleted.statusCode, 204, deleted.body);
        expectProblem(await t.get(url(id), tenant('hanoi')), 404, 'RESOURCE_NOT_FOUND');
        assert.equal((await t.get(url(id), tenant('hue'))).statusCode, 200);
      });

      it('applies a batch to its own tenant only', async () => {
        const id = 'urn:ngsi-ld:Building:batch';
        for (const tn of ['hanoi', 'hue']) await t.post(ENTITIES, { id, type: 'Building' }, tenant(tn));
        const r = await t.post(`${OPS}/delete`, [id], tenant('hue'));
        assert.equal(r.statusCode, 204, r.body);
        assert.equal((await t.get(url(id), tenant('hanoi'))).statusCode, 200);
        expectProblem(await t.get(url(id), tenant('hue')), 404, 'RESOURCE_NOT_FOUND');
      });
    });

    describe('tenant lifecycle', () => {
      it('answers a retrieve in an unknown tenant with 404 NONEXISTENT_TENANT', async () => {
        const r = await t.get(url(ID), tenant('atlantis'));
        expectProblem(r, 404, 'NONEXISTENT_TENANT');
        assert.equal(r.json().type, 'https://uri.etsi.org/ngsi-ld/errors/NonexistentTenant');
      });

      it('answers a query in an unknown tenant with 404 NONEXISTENT_TENANT', async () => {
        expectProblem(
          await t.get(`${ENTITIES}?type=Building`, tenant('atlantis')),
          404,
          'NONEXISTENT_TENANT',
        );
        expectProblem(
          await t.post(
            `${OPS}/query`,
            { type: 'Query', entities: [{ type: 'Building' }] },
            tenant('atlantis'),
          ),
          404,
          'NONEXISTENT_TENANT',
        );
      });

      it('creates a tenant with its first write', async () => {
        expectProblem(await t.get(`${ENTITIES}?type=Building`, tenant('danang')), 404, 'NONEXISTENT_TENANT');
        const created = await t.post(
          ENTITIES,
          { id: 'urn:ngsi-ld:Building:d1', type: 'Building' },
          tenant('danang'),
        );
        assert.equal(created.statusCode, 201, created.body);
        const r = await t.get(`${ENTITIES}?type=Building`, tenant('danang'));
        assert.equal(r.statusCode, 200, r.body);
        assert.deepEqual(
          r.json().map((e: { id: string }) => e.id),
          ['urn:ngsi-ld:Building:d1'],
        );
      });

      it('creates a tenant with a batch upsert', async () => {
        const r = await t.post(
          `${OPS}/upsert`,
          [{ id: 'urn:ngsi-ld:Building:c1', type: 'Building' }],
          tenant('cantho'),
        );
        assert.equal(r.statusCode, 201, r.body);
        assert.equal((await t.get(url('urn:ngsi-ld:Building:c1'), tenant('cantho'))).statusCode, 200);
      });

      it('keeps a tenant after its last entity is deleted', async () => {
        const id = 'urn:ngsi-ld:Building:last';
        await t.post(ENTITIES, { id, type: 'Building' }, tenant('vinh'));
        assert.equal((await t.del(url(id), tenant('vinh'))).statusCode, 204);
        const r = await t.get(`${ENTITIES}?type=Building`, tenant('vinh'));
        assert.equal(r.statusCode, 200, r.body);
        assert.deepEqual(r.json(), []);
      });

      it('does not create a tenant with a write that is refused', async () => {
        const r = await t.post(ENTITIES, { id: 'not a uri', type: 'Building' }, tenant('haiphong'));
        expectProblem(r, 400, 'BAD_REQUEST_DATA');
        expectProblem(
          await t.get(`${ENTITIES}?type=Building`, tenant('haiphong')),
          404,
          'NONEXISTENT_TENANT',
        );
      });

      it('does not create a tenant with a batch in which every entity fails', async () => {
        const r = await t.post(
          `${OPS}/create`,
          [{ id: 'urn:ngsi-ld:Building:x', type: 'Building', a: { type: 'Property' } }],
          tenant('quynhon'),
        );
        assert.equal(r.statusCode, 207, r.body);
        expectProblem(await t.get(`${ENTITIES}?type=Building`, tenant('quynhon')), 404, 'NONEXISTENT_TENANT');
      });

      it('keeps a tenant whose first write failed readable after a restart once a later write succeeds', async () => {
        const h = tenant('fragile');
        // A NUL character: stored by SQLite, refused by PostgreSQL text (a failed unit of work there).
        const first = await t.post(
          ENTITIES,
          { id: 'urn:ngsi-ld:Building:nul', type: 'Building', note: 'a\u0000b' },
          h,
        );
        if (first.statusCode !== 201) {
          assert.ok(first.statusCode >= 400, first.body);
          expectProblem(await t.get(`${ENTITIES}?type=Building`, h), 404, 'NONEXISTENT_TENANT');
        }
        const ok = await t.post(ENTITIES, { id: 'urn:ngsi-ld:Building:f1', type: 'Building' }, h);
        assert.equal(ok.statusCode, 201, ok.body);
        // A second broker on the same store starts with an empty tenant cache, as after a restart.
        const config = loadConfig({ DOTHI_ADMIN_TOKEN: TEST_TOKEN, DOTHI_LOG_LEVEL: 'silent' });
        const restarted = await createApp(config, { store: t.app.store, log: silentLogger });
        try {
          const r = await restarted.http.inject({
            method: 'GET',
            url: url('urn:ngsi-ld:Building:f1'),
            headers: { authorization: `Bearer ${TEST_TOKEN}`, 'ngsild-tenant': 'fragile' },
          });
          assert.equal(r.statusCode, 200, r.body);
        } finally {
          await restarted.http.close();
        }
      });

      it('answers an update in an unknown tenant with 404 and does not create the tenant', async () => {
        const r = await t.patch(url(ID), { floors: 1 }, tenant('nhatrang'));
        assert.equal(r.statusCode, 404, r.body);
        assert.ok(['NONEXISTENT_TENANT', 'RESOURCE_NOT_FOUND'].includes(r.json().code));
        expectProblem(
          await t.get(`${ENTITIES}?type=Building`, tenant('nhatrang')),
          404,
          'NONEXISTENT_TENANT',
        );
      });
    });

    describe('tenant names', () => {
      for (const bad of ['bad name', 'semi;colon', 'a/b', '-leading-dash', 'x'.repeat(65)]) {
        it(`refuses the tenant name ${JSON.stringify(bad.length > 20 ? `${bad.slice(0, 10)}…` : bad)} with 400 BAD_REQUEST_DATA on read and write`, async () => {
          expectProblem(await t.get(url(ID), tenant(bad)), 400, 'BAD_REQUEST_DATA');
          expectProblem(
            await t.post(ENTITIES, { id: 'urn:ngsi-ld:Building:bad', type: 'Building' }, tenant(bad)),
            400,
            'BAD_REQUEST_DATA',
          );
        });
      }

      it('treats an empty NGSILD-Tenant header as the default tenant', async () => {
        const r = await t.get(`${ENTITIES}?type=Building`, tenant(''));
        assert.equal(r.statusCode, 200, r.body);
      });
    });
  });
}
