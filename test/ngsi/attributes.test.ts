// Attributes of one entity over HTTP (CIM 009 §5.6.2-§5.6.5, §5.6.19; §6.6, §6.7): append,
// update, partial update, replace and delete, and what each does to createdAt and modifiedAt.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { fixedClock } from '../../src/kernel/index.js';
import { makeTestApp, type TestApp } from '../support/app.js';
import { storeNames } from '../support/stores.js';

const ENTITIES = '/ngsi-ld/v1/entities';
const T0 = Date.parse('2024-06-01T00:00:00.000Z');
const RADAR = 'urn:ngsi-ld:Dataset:radar';
const GPS = 'urn:ngsi-ld:Dataset:gps';

const url = (id: string, path = '') => `${ENTITIES}/${encodeURIComponent(id)}${path}`;

function expectProblem(r: LightMyRequestResponse, status: number, code: string): void {
  assert.equal(r.statusCode, status, r.body);
  assert.match(String(r.headers['content-type']), /^application\/problem\+json/);
  assert.equal(r.json().code, code);
}

function expectNoContent(r: LightMyRequestResponse): void {
  assert.equal(r.statusCode, 204, r.body);
  assert.equal(r.body, '');
}

for (const name of storeNames()) {
  describe(`entity attributes (${name})`, () => {
    const clock = fixedClock(T0);
    let t: TestApp;
    let seq = 0;
    before(async () => {
      t = await makeTestApp(name, {}, clock);
    });
    after(async () => t.dispose());

    /** Creates a fresh entity with `attrs` and returns its id. */
    const fresh = async (attrs: Record<string, unknown>): Promise<string> => {
      const id = `urn:ngsi-ld:Thing:a${++seq}`;
      const r = await t.post(ENTITIES, { id, type: 'Thing', ...attrs });
      assert.equal(r.statusCode, 201, r.body);
      return id;
    };
    const read = async (id: string, query = '') => {
      const r = await t.get(url(id, query));
      assert.equal(r.statusCode, 200, r.body);
      return r.json() as Record<string, unknown>;
    };

    describe('append attributes (POST …/attrs, §5.6.3)', () => {
      it('adds new attributes and overwrites existing ones, answering 204', async () => {
        const id = await fresh({ a: { type: 'Property', value: 1 }, b: { type: 'Property', value: 'b' } });
        expectNoContent(
          await t.post(url(id, '/attrs'), {
            a: { type: 'Property', value: 2 },
            c: { type: 'Relationship', object: 'urn:ngsi-ld:Thing:c' },
          }),
        );
        assert.deepEqual(await read(id), {
          id,
          type: 'Thing',
          a: { type: 'Property', value: 2 },
          b: { type: 'Property', value: 'b' },
          c: { type: 'Relationship', object: 'urn:ngsi-ld:Thing:c' },
        });
      });

      it('keeps existing attributes with options=noOverwrite and reports them in a 207 notUpdated', async () => {
        const id = await fresh({ a: { type: 'Property', value: 1 } });
        const r = await t.post(url(id, '/attrs?options=noOverwrite'), {
          a: { type: 'Property', value: 2 },
          c: { type: 'Property', value: 3 },
        });
        assert.equal(r.statusCode, 207, r.body);
        const body = r.json();
        assert.deepEqual(body.updated, ['c']);
        assert.equal(body.notUpdated.length, 1);
        assert.equal(body.notUpdated[0].attributeName, 'a');
        assert.equal(typeof body.notUpdated[0].reason, 'string');
        const e = await read(id);
        assert.deepEqual(e.a, { type: 'Property', value: 1 });
        assert.deepEqual(e.c, { type: 'Property', value: 3 });
      });

      it('adds a new datasetId instance beside the existing ones with options=noOverwrite, answering 204', async () => {
        const id = await fresh({ speed: { type: 'Property', value: 1 } });
        expectNoContent(
          await t.post(url(id, '/attrs?options=noOverwrite'), {
            speed: { type: 'Property', value: 2, datasetId: RADAR },
          }),
        );
        assert.deepEqual((await read(id)).speed, [
          { type: 'Property', value: 1 },
          { type: 'Property', value: 2, datasetId: RADAR },
        ]);
      });

      it('answers 404 RESOURCE_NOT_FOUND for an entity that does not exist', async () => {
        expectProblem(
          await t.post(url('urn:ngsi-ld:Thing:none', '/attrs'), { a: { type: 'Property', value: 1 } }),
          404,
          'RESOURCE_NOT_FOUND',
        );
      });

      it('refuses an invalid attribute with 400 BAD_REQUEST_DATA and appends nothing', async () => {
        const id = await fresh({ a: { type: 'Property', value: 1 } });
        const r = await t.post(url(id, '/attrs'), {
          b: { type: 'Property', value: 2 },
          c: { type: 'Relationship', object: 'not a uri' },
        });
        expectProblem(r, 400, 'BAD_REQUEST_DATA');
        assert.deepEqual(await read(id), { id, type: 'Thing', a: { type: 'Property', value: 1 } });
      });
    });

    describe('update attributes (PATCH …/attrs, §5.6.2)', () => {
      it('replaces existing attributes, answering 204', async () => {
        const id = await fresh({
          a: { type: 'Property', value: 1, unitCode: 'MTR' },
          b: { type: 'Property', value: 'b' },
        });
        expectNoContent(await t.patch(url(id, '/attrs'), { a: { type: 'Property', value: 5 } }));
        assert.deepEqual(await read(id), {
          id,
          type: 'Thing',
          a: { type: 'Property', value: 5 },
          b: { type: 'Property', value: 'b' },
        });
      });

      it('does not add attributes that do not exist and answers 207 naming them in notUpdated', async () => {
        const id = await fresh({ a: { type: 'Property', value: 1 } });
        const r = await t.patch(url(id, '/attrs'), {
          a: { type: 'Property', value: 2 },
          missing: { type: 'Property', value: 3 },
        });
        assert.equal(r.statusCode, 207, r.body);
        assert.deepEqual(r.json().updated, ['a']);
        assert.deepEqual(
          r.json().notUpdated.map((n: { attributeName: string }) => n.attributeName),
          ['missing'],
        );
        assert.deepEqual(await read(id), { id, type: 'Thing', a: { type: 'Property', value: 2 } });
      });

      it('answers 207 with nothing updated when no attribute exists', async () => {
        const id = await fresh({ a: { type: 'Property', value: 1 } });
        const r = await t.patch(url(id, '/attrs'), { z: { type: 'Property', value: 3 } });
        assert.equal(r.statusCode, 207, r.body);
        assert.deepEqual(r.json().updated, []);
        assert.deepEqual(await read(id), { id, type: 'Thing', a: { type: 'Property', value: 1 } });
      });

      it('updates only the instance with the datasetId given', async () => {
        const id = await fresh({
          speed: [
            { type: 'Property', value: 1 },
            { type: 'Property', value: 2, datasetId: RADAR },
          ],
        });
        expectNoContent(
          await t.patch(url(id, '/attrs'), { speed: { type: 'Property', value: 20, datasetId: RADAR } }),
        );
        assert.deepEqual((await read(id)).speed, [
          { type: 'Property', value: 1 },
          { type: 'Property', value: 20, datasetId: RADAR },
        ]);
      });

      it('answers 404 RESOURCE_NOT_FOUND for an entity that does not exist', async () => {
        expectProblem(
          await t.patch(url('urn:ngsi-ld:Thing:none', '/attrs'), { a: { type: 'Property', value: 1 } }),
          404,
          'RESOURCE_NOT_FOUND',
        );
      });
    });

    describe('partial attribute update (PATCH …/attrs/{attrId}, §5.6.4)', () => {
      it('changes only the members given and keeps the others', async () => {
        const id = await fresh({
          level: { type: 'Property', value: 3, unitCode: 'MTR', observedAt: '2024-01-01T00:00:00.000Z' },
        });
        expectNoContent(await t.patch(url(id, '/attrs/level'), { value: 4 }));
        assert.deepEqual((await read(id)).level, {
          type: 'Property',
          value: 4,
          unitCode: 'MTR',
          observedAt: '2024-01-01T00:00:00.000Z',
        });
      });

      it('changes observedAt alone when only observedAt is given', async () => {
        const id = await fresh({
          level: { type: 'Property', value: 3, observedAt: '2024-01-01T00:00:00.000Z' },
        });
        expectNoContent(await t.patch(url(id, '/attrs/level'), { observedAt: '2024-02-01T00:00:00Z' }));
        assert.deepEqual((await read(id)).level, {
          type: 'Property',
          value: 3,
          observedAt: '2024-02-01T00:00:00.000Z',
        });
      });

      it('merges sub-attributes by name, removing one set to urn:ngsi-ld:null', async () => {
        const id = await fresh({
          level: {
            type: 'Property',
            value: 3,
            accuracy: { type: 'Property', value: 0.1 },
            source: { type: 'Property', value: 'manual' },
            checkedBy: { type: 'Relationship', object: 'urn:ngsi-ld:Person:1' },
          },
        });
        expectNoContent(
          await t.patch(url(id, '/attrs/level'), {
            accuracy: { type: 'Property', value: 0.2 },
            source: 'urn:ngsi-ld:null',
            method: { type: 'Property', value: 'laser' },
          }),
        );
        assert.deepEqual((await read(id)).level, {
          type: 'Property',
          value: 3,
          accuracy: { type: 'Property', value: 0.2 },
          checkedBy: { type: 'Relationship', object: 'urn:ngsi-ld:Person:1' },
          method: { type: 'Property', value: 'laser' },
        });
      });

      it('patches the instance selected by datasetId and leaves the others', async () => {
        const id = await fresh({
          speed: [
            { type: 'Property', value: 1, unitCode: 'KMH' },
            { type: 'Property', value: 2, unitCode: 'KMH', datasetId: RADAR },
          ],
        });
        expectNoContent(await t.patch(url(id, '/attrs/speed'), { value: 22, datasetId: RADAR }));
        assert.deepEqual((await read(id)).speed, [
          { type: 'Property', value: 1, unitCode: 'KMH' },
          { type: 'Property', value: 22, unitCode: 'KMH', datasetId: RADAR },
        ]);
      });

      it('answers 404 RESOURCE_NOT_FOUND for a datasetId the attribute does not have, changing nothing', async () => {
        const id = await fresh({ speed: { type: 'Property', value: 1 } });
        expectProblem(
          await t.patch(url(id, '/attrs/speed'), { value: 9, datasetId: GPS }),
          404,
          'RESOURCE_NOT_FOUND',
        );
        assert.deepEqual((await read(id)).speed, { type: 'Property', value: 1 });
      });

      it('checks a fragment without type against the stored attribute type', async () => {
        const id = await fresh({
          owner: { type: 'Relationship', object: 'urn:ngsi-ld:Person:1' },
          area: { type: 'GeoProperty', value: { type: 'Point', coordinates: [1, 2] } },
        });
        expectProblem(await t.patch(url(id, '/attrs/owner'), { value: 'x' }), 400, 'BAD_REQUEST_DATA');
        expectProblem(
          await t.patch(url(id, '/attrs/area'), { value: 'not a geometry' }),
          400,
          'BAD_REQUEST_DATA',
        );
        expectNoContent(await t.patch(url(id, '/attrs/owner'), { object: 'urn:ngsi-ld:Person:2' }));
        expectNoContent(
          await t.patch(url(id, '/attrs/area'), { value: { type: 'Point', coordinates: [3, 4] } }),
        );
        const e = await read(id);
        assert.deepEqual(e.owner, { type: 'Relationship', object: 'urn:ngsi-ld:Person:2' });
        assert.deepEqual(e.area, { type: 'GeoProperty', value: { type: 'Point', coordinates: [3, 4] } });
      });

      it('answers 404 RESOURCE_NOT_FOUND for an attribute the entity does not have', async () => {
        const id = await fresh({ a: { type: 'Property', value: 1 } });
        expectProblem(await t.patch(url(id, '/attrs/nope'), { value: 1 }), 404, 'RESOURCE_NOT_FOUND');
        assert.deepEqual(await read(id), { id, type: 'Thing', a: { type: 'Property', value: 1 } });
      });

      it('answers 404 RESOURCE_NOT_FOUND for an entity that does not exist', async () => {
        expectProblem(
          await t.patch(url('urn:ngsi-ld:Thing:none', '/attrs/a'), { value: 1 }),
          404,
          'RESOURCE_NOT_FOUND',
        );
      });
    });

    describe('replace attribute (PUT …/attrs/{attrId}, §5.6.19)', () => {
      it('replaces the attribute as a whole, dropping members and sub-attributes not given', async () => {
        const id = await fresh({
          level: { type: 'Property', value: 3, unitCode: 'MTR', accuracy: { type: 'Property', value: 0.1 } },
          other: { type: 'Property', value: 'x' },
        });
        expectNoContent(await t.put(url(id, '/attrs/level'), { type: 'Property', value: 7 }));
        assert.deepEqual(await read(id), {
          id,
          type: 'Thing',
          level: { type: 'Property', value: 7 },
          other: { type: 'Property', value: 'x' },
        });
      });

      it('may change the attribute type', async () => {
        const id = await fresh({ link: { type: 'Property', value: 'urn:ngsi-ld:Thing:x' } });
        expectNoContent(
          await t.put(url(id, '/attrs/link'), { type: 'Relationship', object: 'urn:ngsi-ld:Thing:x' }),
        );
        assert.deepEqual((await read(id)).link, { type: 'Relationship', object: 'urn:ngsi-ld:Thing:x' });
      });

      it('answers 404 RESOURCE_NOT_FOUND for an attribute the entity does not have, adding nothing', async () => {
        const id = await fresh({ a: { type: 'Property', value: 1 } });
        expectProblem(
          await t.put(url(id, '/attrs/b'), { type: 'Property', value: 2 }),
          404,
          'RESOURCE_NOT_FOUND',
        );
        assert.deepEqual(await read(id), { id, type: 'Thing', a: { type: 'Property', value: 1 } });
      });

      it('refuses an attribute without a value with 400 BAD_REQUEST_DATA, changing nothing', async () => {
        const id = await fresh({ a: { type: 'Property', value: 1 } });
        expectProblem(await t.put(url(id, '/attrs/a'), { type: 'Property' }), 400, 'BAD_REQUEST_DATA');
        assert.deepEqual((await read(id)).a, { type: 'Property', value: 1 });
      });
    });

    describe('delete attribute (DELETE …/attrs/{attrId}, §5.6.5)', () => {
      const multi = () => ({
        speed: [
          { type: 'Property', value: 1 },
          { type: 'Property', value: 2, datasetId: RADAR },
          { type: 'Property', value: 3, datasetId: GPS },
        ],
        other: { type: 'Property', value: 'x' },
      });

      it('deletes the default instance only, without parameters', async () => {
        const id = await fresh(multi());
        expectNoContent(await t.del(url(id, '/attrs/speed')));
        assert.deepEqual((await read(id)).speed, [
          { type: 'Property', value: 2, datasetId: RADAR },
          { type: 'Property', value: 3, datasetId: GPS },
        ]);
      });

      it('deletes the instance named by datasetId only', async () => {
        const id = await fresh(multi());
        expectNoContent(await t.del(url(id, `/attrs/speed?datasetId=${encodeURIComponent(RADAR)}`)));
        assert.deepEqual((await read(id)).speed, [
          { type: 'Property', value: 1 },
          { type: 'Property', value: 3, datasetId: GPS },
        ]);
      });

      it('deletes every instance with deleteAll=true', async () => {
        const id = await fresh(multi());
        expectNoContent(await t.del(url(id, '/attrs/speed?deleteAll=true')));
        assert.deepEqual(await read(id), { id, type: 'Thing', other: { type: 'Property', value: 'x' } });
      });

      it('removes the attribute when its last instance is deleted', async () => {
        const id = await fresh({ a: { type: 'Property', value: 1 }, b: { type: 'Property', value: 2 } });
        expectNoContent(await t.del(url(id, '/attrs/a')));
        assert.deepEqual(await read(id), { id, type: 'Thing', b: { type: 'Property', value: 2 } });
      });

      it('answers 404 RESOURCE_NOT_FOUND for a datasetId the attribute does not have', async () => {
        const id = await fresh({ a: { type: 'Property', value: 1 } });
        expectProblem(
          await t.del(url(id, `/attrs/a?datasetId=${encodeURIComponent(GPS)}`)),
          404,
          'RESOURCE_NOT_FOUND',
        );
        assert.deepEqual((await read(id)).a, { type: 'Property', value: 1 });
      });

      it('answers 404 RESOURCE_NOT_FOUND for an attribute the entity does not have', async () => {
        const id = await fresh({ a: { type: 'Property', value: 1 } });
        expectProblem(await t.del(url(id, '/attrs/b')), 404, 'RESOURCE_NOT_FOUND');
      });

      it('refuses datasetId together with deleteAll=true with 400 BAD_REQUEST_DATA, deleting nothing', async () => {
        const id = await fresh(multi());
        const r = await t.del(url(id, `/attrs/speed?deleteAll=true&datasetId=${encodeURIComponent(RADAR)}`));
        expectProblem(r, 400, 'BAD_REQUEST_DATA');
        assert.equal(((await read(id)).speed as unknown[]).length, 3);
      });
    });

    describe('system attributes', () => {
      it('moves modifiedAt of the entity and of the changed attribute on every change, and keeps createdAt', async () => {
        clock.set(T0);
        const id = await fresh({ a: { type: 'Property', value: 1 }, b: { type: 'Property', value: 2 } });
        const t0 = new Date(T0).toISOString();
        const steps: Array<[string, () => Promise<LightMyRequestResponse>]> = [
          ['append', () => t.post(url(id, '/attrs'), { a: { type: 'Property', value: 10 } })],
          ['update', () => t.patch(url(id, '/attrs'), { a: { type: 'Property', value: 11 } })],
          ['partial update', () => t.patch(url(id, '/attrs/a'), { value: 12 })],
          ['replace', () => t.put(url(id, '/attrs/a'), { type: 'Property', value: 13 })],
        ];
        for (const [i, [label, step]] of steps.entries()) {
          clock.set(T0 + (i + 1) * 60_000);
          const now = new Date(T0 + (i + 1) * 60_000).toISOString();
          expectNoContent(await step());
          const e = await read(id, '?options=sysAttrs');
          const a = e.a as Record<string, unknown>;
          const b = e.b as Record<string, unknown>;
          assert.equal(e.createdAt, t0, `${label}: entity createdAt`);
          assert.equal(e.modifiedAt, now, `${label}: entity modifiedAt`);
          assert.equal(a.createdAt, t0, `${label}: attribute createdAt`);
          assert.equal(a.modifiedAt, now, `${label}: attribute modifiedAt`);
          assert.equal(b.modifiedAt, t0, `${label}: untouched attribute modifiedAt`);
        }
        clock.set(T0 + 10 * 60_000);
        expectNoContent(await t.del(url(id, '/attrs/b')));
        const e = await read(id, '?options=sysAttrs');
        assert.equal(e.createdAt, t0);
        assert.equal(e.modifiedAt, new Date(T0 + 10 * 60_000).toISOString());
      });

      it('gives a new attribute its own createdAt', async () => {
        clock.set(T0);
        const id = await fresh({ a: { type: 'Property', value: 1 } });
        clock.set(T0 + 1000);
        expectNoContent(await t.post(url(id, '/attrs'), { c: { type: 'Property', value: 1 } }));
        const c = (await read(id, '?options=sysAttrs')).c as Record<string, unknown>;
        assert.equal(c.createdAt, new Date(T0 + 1000).toISOString());
        assert.equal(c.modifiedAt, new Date(T0 + 1000).toISOString());
      });

      it('leaves modifiedAt alone when an append with noOverwrite changes nothing', async () => {
        clock.set(T0);
        const id = await fresh({ a: { type: 'Property', value: 1 } });
        clock.set(T0 + 5000);
        const r = await t.post(url(id, '/attrs?options=noOverwrite'), { a: { type: 'Property', value: 2 } });
        assert.equal(r.statusCode, 207, r.body);
        assert.equal((await read(id, '?options=sysAttrs')).modifiedAt, new Date(T0).toISOString());
      });
    });
  });
}
