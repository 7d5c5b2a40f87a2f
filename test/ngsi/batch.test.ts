// Batch operations over HTTP (CIM 009 §5.6.7-§5.6.10, §5.6.20; §6.14-§6.18, §6.31): each entity
// succeeds or fails on its own; all-success statuses, 207 BatchOperationResult bodies, limits.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { makeTestApp, type TestApp } from '../support/app.js';
import { storeNames } from '../support/stores.js';

const ENTITIES = '/ngsi-ld/v1/entities';
const OPS = '/ngsi-ld/v1/entityOperations';

interface BatchOperationResult {
  success: string[];
  errors: Array<{ entityId: string; error: { type: string; status: number; code: string; title: string } }>;
}

const url = (id: string) => `${ENTITIES}/${encodeURIComponent(id)}`;

function expectProblem(r: LightMyRequestResponse, status: number, code: string): void {
  assert.equal(r.statusCode, status, r.body);
  assert.match(String(r.headers['content-type']), /^application\/problem\+json/);
  assert.equal(r.json().code, code);
}

function expectNoContent(r: LightMyRequestResponse): void {
  assert.equal(r.statusCode, 204, r.body);
  assert.equal(r.body, '');
}

/** The 207 body, checked for shape: every error a problem document with an NGSI-LD code. */
function multiStatus(r: LightMyRequestResponse): BatchOperationResult {
  assert.equal(r.statusCode, 207, r.body);
  const body = r.json() as BatchOperationResult;
  assert.ok(Array.isArray(body.success));
  assert.ok(Array.isArray(body.errors));
  for (const e of body.errors) {
    assert.equal(typeof e.entityId, 'string');
    assert.equal(typeof e.error.type, 'string');
    assert.equal(typeof e.error.title, 'string');
    assert.equal(typeof e.error.status, 'number');
  }
  return body;
}

const codesById = (b: BatchOperationResult) => b.errors.map((e) => [e.entityId, e.error.code]);

const thing = (id: string, attrs: Record<string, unknown> = {}) => ({ id, type: 'Thing', ...attrs });
const prop = (value: unknown) => ({ type: 'Property', value });

for (const name of storeNames()) {
  describe(`batch operations (${name})`, () => {
    let t: TestApp;
    let seq = 0;
    before(async () => {
      t = await makeTestApp(name);
    });
    after(async () => t.dispose());

    const ids = (n: number) => Array.from({ length: n }, () => `urn:ngsi-ld:Thing:b${++seq}`);
    const create = async (...entities: Array<Record<string, unknown>>) => {
      const r = await t.post(`${OPS}/create`, entities);
      assert.equal(r.statusCode, 201, r.body);
    };
    const read = async (id: string) => {
      const r = await t.get(url(id));
      assert.equal(r.statusCode, 200, r.body);
      return r.json() as Record<string, unknown>;
    };
    const expectMissing = async (id: string) =>
      expectProblem(await t.get(url(id)), 404, 'RESOURCE_NOT_FOUND');

    describe('batch create (§5.6.7)', () => {
      it('answers 201 with the ids of the created entities when all are created', async () => {
        const [a, b] = ids(2) as [string, string];
        const r = await t.post(`${OPS}/create`, [thing(a, { x: prop(1) }), thing(b)]);
        assert.equal(r.statusCode, 201, r.body);
        assert.deepEqual([...(r.json() as string[])].sort(), [a, b].sort());
        assert.deepEqual((await read(a)).x, prop(1));
        await read(b);
      });

      it('creates the valid entities and reports each failure with its code in a 207', async () => {
        const [existing, ok, bad] = ids(3) as [string, string, string];
        await create(thing(existing, { x: prop('old') }));
        const r = await t.post(`${OPS}/create`, [
          thing(ok, { x: prop(1) }),
          thing(existing, { x: prop('new') }),
          thing(bad, { x: { type: 'Property' } }),
          { id: 'not a uri', type: 'Thing' },
        ]);
        const body = multiStatus(r);
        assert.deepEqual(body.success, [ok]);
        assert.deepEqual(codesById(body), [
          [existing, 'ALREADY_EXISTS'],
          [bad, 'BAD_REQUEST_DATA'],
          ['not a uri', 'BAD_REQUEST_DATA'],
        ]);
        const conflict = body.errors[0]!.error;
        assert.equal(conflict.status, 409);
        assert.equal(conflict.type, 'https://uri.etsi.org/ngsi-ld/errors/AlreadyExists');
        assert.deepEqual((await read(ok)).x, prop(1));
        assert.deepEqual((await read(existing)).x, prop('old'));
        await expectMissing(bad);
      });

      it('answers 207 with an empty success list when every entity fails', async () => {
        const [a] = ids(1) as [string];
        await create(thing(a));
        const body = multiStatus(await t.post(`${OPS}/create`, [thing(a)]));
        assert.deepEqual(body.success, []);
        assert.deepEqual(codesById(body), [[a, 'ALREADY_EXISTS']]);
      });

      it('creates the first of two entities with the same id and reports the second as ALREADY_EXISTS', async () => {
        const [a] = ids(1) as [string];
        const body = multiStatus(
          await t.post(`${OPS}/create`, [thing(a, { x: prop('first') }), thing(a, { x: prop('second') })]),
        );
        assert.deepEqual(body.success, [a]);
        assert.deepEqual(codesById(body), [[a, 'ALREADY_EXISTS']]);
        assert.deepEqual((await read(a)).x, prop('first'));
      });
    });

    describe('batch upsert (§5.6.8)', () => {
      it('answers 201 with only the ids of the entities it created', async () => {
        const [existing, fresh] = ids(2) as [string, string];
        await create(thing(existing, { x: prop(1) }));
        const r = await t.post(`${OPS}/upsert`, [
          thing(existing, { y: prop(2) }),
          thing(fresh, { y: prop(3) }),
        ]);
        assert.equal(r.statusCode, 201, r.body);
        assert.deepEqual(r.json(), [fresh]);
        assert.deepEqual((await read(fresh)).y, prop(3));
      });

      it('answers 204 when every entity already existed', async () => {
        const [a, b] = ids(2) as [string, string];
        await create(thing(a), thing(b));
        expectNoContent(await t.post(`${OPS}/upsert`, [thing(a, { x: prop(1) }), thing(b, { x: prop(2) })]));
        assert.deepEqual((await read(b)).x, prop(2));
      });

      it('replaces existing entities by default, dropping attributes not given', async () => {
        const [a] = ids(1) as [string];
        await create(thing(a, { x: prop(1), y: prop(2) }));
        expectNoContent(await t.post(`${OPS}/upsert`, [thing(a, { y: prop(20), z: prop(30) })]));
        assert.deepEqual(await read(a), { id: a, type: 'Thing', y: prop(20), z: prop(30) });
      });

      it('updates existing entities with options=update, keeping attributes not given', async () => {
        const [a] = ids(1) as [string];
        await create(thing(a, { x: prop(1), y: prop(2) }));
        expectNoContent(
          await t.post(`${OPS}/upsert?options=update`, [thing(a, { y: prop(20), z: prop(30) })]),
        );
        assert.deepEqual(await read(a), { id: a, type: 'Thing', x: prop(1), y: prop(20), z: prop(30) });
      });

      it('refuses options=replace together with options=update with 400 BAD_REQUEST_DATA', async () => {
        const [a] = ids(1) as [string];
        expectProblem(
          await t.post(`${OPS}/upsert?options=replace,update`, [thing(a)]),
          400,
          'BAD_REQUEST_DATA',
        );
        await expectMissing(a);
      });

      it('writes the valid entities and reports the invalid ones in a 207', async () => {
        const [ok, bad] = ids(2) as [string, string];
        const body = multiStatus(
          await t.post(`${OPS}/upsert`, [
            thing(ok, { x: prop(1) }),
            thing(bad, { r: { type: 'Relationship', object: 'nope' } }),
          ]),
        );
        assert.deepEqual(body.success, [ok]);
        assert.deepEqual(codesById(body), [[bad, 'BAD_REQUEST_DATA']]);
        await expectMissing(bad);
      });

      it('applies repeated ids in order: with replace the last one wins', async () => {
        const [a, b] = ids(2) as [string, string];
        const r = await t.post(`${OPS}/upsert`, [
          thing(a, { p: prop('first'), x: prop(1) }),
          thing(b),
          thing(a, { p: prop('second') }),
        ]);
        assert.equal(r.statusCode, 201, r.body);
        assert.deepEqual([...(r.json() as string[])].sort(), [a, b].sort());
        assert.deepEqual(await read(a), { id: a, type: 'Thing', p: prop('second') });
      });

      it('applies repeated ids in order: with update the attributes accumulate', async () => {
        const [a] = ids(1) as [string];
        const r = await t.post(`${OPS}/upsert?options=update`, [
          thing(a, { p: prop('first'), x: prop(1) }),
          thing(a, { p: prop('second'), y: prop(2) }),
        ]);
        assert.equal(r.statusCode, 201, r.body);
        assert.deepEqual(r.json(), [a]);
        assert.deepEqual(await read(a), { id: a, type: 'Thing', p: prop('second'), x: prop(1), y: prop(2) });
      });
    });

    describe('batch update (§5.6.9)', () => {
      it('appends and overwrites attributes of existing entities, answering 204', async () => {
        const [a, b] = ids(2) as [string, string];
        await create(thing(a, { x: prop(1) }), thing(b, { x: prop(1) }));
        expectNoContent(await t.post(`${OPS}/update`, [thing(a, { x: prop(2) }), thing(b, { y: prop(3) })]));
        assert.deepEqual(await read(a), { id: a, type: 'Thing', x: prop(2) });
        assert.deepEqual(await read(b), { id: b, type: 'Thing', x: prop(1), y: prop(3) });
      });

      it('keeps existing attributes with options=noOverwrite and still adds new ones', async () => {
        const [a] = ids(1) as [string];
        await create(thing(a, { x: prop(1) }));
        expectNoContent(
          await t.post(`${OPS}/update?options=noOverwrite`, [thing(a, { x: prop(2), y: prop(3) })]),
        );
        assert.deepEqual(await read(a), { id: a, type: 'Thing', x: prop(1), y: prop(3) });
      });

      it('reports entities that do not exist as RESOURCE_NOT_FOUND in a 207 and creates nothing', async () => {
        const [a, missing] = ids(2) as [string, string];
        await create(thing(a, { x: prop(1) }));
        const body = multiStatus(
          await t.post(`${OPS}/update`, [thing(a, { x: prop(2) }), thing(missing, { x: prop(3) })]),
        );
        assert.deepEqual(body.success, [a]);
        assert.deepEqual(codesById(body), [[missing, 'RESOURCE_NOT_FOUND']]);
        assert.deepEqual((await read(a)).x, prop(2));
        await expectMissing(missing);
      });
    });

    describe('batch merge (§5.6.20)', () => {
      it('merges into existing entities, deleting attributes set to urn:ngsi-ld:null, answering 204', async () => {
        const [a] = ids(1) as [string];
        await create(thing(a, { x: { type: 'Property', value: 1, unitCode: 'MTR' }, gone: prop('x') }));
        expectNoContent(
          await t.post(`${OPS}/merge`, [thing(a, { x: { value: 2 }, y: prop(3), gone: 'urn:ngsi-ld:null' })]),
        );
        assert.deepEqual(await read(a), {
          id: a,
          type: 'Thing',
          x: { type: 'Property', value: 2, unitCode: 'MTR' },
          y: prop(3),
        });
      });

      it('reports entities that do not exist as RESOURCE_NOT_FOUND in a 207 and creates nothing', async () => {
        const [a, missing] = ids(2) as [string, string];
        await create(thing(a));
        const body = multiStatus(
          await t.post(`${OPS}/merge`, [thing(a, { y: prop(1) }), thing(missing, { y: prop(1) })]),
        );
        assert.deepEqual(body.success, [a]);
        assert.deepEqual(codesById(body), [[missing, 'RESOURCE_NOT_FOUND']]);
        assert.deepEqual((await read(a)).y, prop(1));
        await expectMissing(missing);
      });
    });

    describe('batch delete (§5.6.10)', () => {
      it('deletes every entity listed, answering 204', async () => {
        const [a, b] = ids(2) as [string, string];
        await create(thing(a), thing(b));
        expectNoContent(await t.post(`${OPS}/delete`, [a, b]));
        await expectMissing(a);
        await expectMissing(b);
      });

      it('deletes the existing entities and reports missing ones and non-URIs in a 207', async () => {
        const [a, missing] = ids(2) as [string, string];
        await create(thing(a));
        const body = multiStatus(await t.post(`${OPS}/delete`, [a, missing, 'not a uri']));
        assert.deepEqual(body.success, [a]);
        assert.deepEqual(codesById(body), [
          [missing, 'RESOURCE_NOT_FOUND'],
          ['not a uri', 'BAD_REQUEST_DATA'],
        ]);
        await expectMissing(a);
      });

      it('deletes an id listed twice once and reports the second as RESOURCE_NOT_FOUND', async () => {
        const [a] = ids(1) as [string];
        await create(thing(a));
        const body = multiStatus(await t.post(`${OPS}/delete`, [a, a]));
        assert.deepEqual(body.success, [a]);
        assert.deepEqual(codesById(body), [[a, 'RESOURCE_NOT_FOUND']]);
      });
    });

    describe('batch shape and limits', () => {
      for (const op of ['create', 'upsert', 'update', 'merge', 'delete']) {
        it(`refuses an empty ${op} batch with 400 BAD_REQUEST_DATA`, async () => {
          expectProblem(await t.post(`${OPS}/${op}`, []), 400, 'BAD_REQUEST_DATA');
        });

        it(`refuses a ${op} body that is not an array with 400 BAD_REQUEST_DATA`, async () => {
          const [a] = ids(1) as [string];
          const body = op === 'delete' ? { id: a } : thing(a);
          expectProblem(await t.post(`${OPS}/${op}`, body), 400, 'BAD_REQUEST_DATA');
          await expectMissing(a);
        });
      }

      it('reports an entity carrying @context in an application/json batch as BAD_REQUEST_DATA', async () => {
        const [a, b] = ids(2) as [string, string];
        const context = 'https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.8.jsonld';
        const body = multiStatus(
          await t.post(`${OPS}/create`, [thing(a), { ...thing(b), '@context': context }]),
        );
        assert.deepEqual(body.success, [a]);
        assert.deepEqual(codesById(body), [[b, 'BAD_REQUEST_DATA']]);
        await expectMissing(b);
      });

      it('parses each entity of an application/ld+json batch with its own @context', async () => {
        const [a, b] = ids(2) as [string, string];
        const r = await t.request('POST', `${OPS}/create`, {
          payload: JSON.stringify([
            { ...thing(a, { x: 1 }), '@context': { x: 'https://example.org/first#x' } },
            { ...thing(b, { x: 2 }), '@context': { x: 'https://example.org/second#x' } },
          ]),
          headers: { 'content-type': 'application/ld+json' },
        });
        assert.equal(r.statusCode, 201, r.body);
        assert.deepEqual((await read(a))['https://example.org/first#x'], prop(1));
        assert.deepEqual((await read(b))['https://example.org/second#x'], prop(2));
      });

      it('refuses malformed JSON with 400 INVALID_REQUEST', async () => {
        const r = await t.request('POST', `${OPS}/create`, {
          payload: '[{"id": "urn:ngsi-ld:Thing:x", ',
          headers: { 'content-type': 'application/json' },
        });
        expectProblem(r, 400, 'INVALID_REQUEST');
      });

      describe('with DOTHI_BATCH_MAX=5', () => {
        let small: TestApp;
        before(async () => {
          small = await makeTestApp(name, { DOTHI_BATCH_MAX: '5' });
        });
        after(async () => small.dispose());

        it('accepts a batch of exactly the maximum', async () => {
          const list = ids(5);
          const r = await small.post(
            `${OPS}/create`,
            list.map((id) => thing(id)),
          );
          assert.equal(r.statusCode, 201, r.body);
          assert.equal((r.json() as string[]).length, 5);
        });

        for (const op of ['create', 'upsert', 'delete']) {
          it(`refuses a ${op} batch over the maximum with 400 BAD_REQUEST_DATA and writes none of it`, async () => {
            const list = ids(6);
            const body = op === 'delete' ? list : list.map((id) => thing(id));
            expectProblem(await small.post(`${OPS}/${op}`, body), 400, 'BAD_REQUEST_DATA');
            for (const id of list) expectProblem(await small.get(url(id)), 404, 'RESOURCE_NOT_FOUND');
          });
        }
      });
    });
  });
}
