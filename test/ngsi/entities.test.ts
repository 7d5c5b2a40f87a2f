// Entities over HTTP (CIM 009 §5.6.1, §5.6.6, §5.6.17, §5.6.18, §5.7.1; §6.4, §6.5): create,
// retrieve in every representation, replace, merge-patch and delete, on every store.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { makeTestApp, type TestApp } from '../support/app.js';
import { storeNames } from '../support/stores.js';

const ENTITIES = '/ngsi-ld/v1/entities';
const CORE_CONTEXT = 'https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.8.jsonld';
const T_OBSERVED = '2024-05-01T08:00:00.000Z';
const point = { type: 'Point', coordinates: [106.7, 10.78] };

const url = (id: string, query = '') => `${ENTITIES}/${encodeURIComponent(id)}${query}`;

function expectProblem(r: LightMyRequestResponse, status: number, code: string): void {
  assert.equal(r.statusCode, status, r.body);
  assert.match(String(r.headers['content-type']), /^application\/problem\+json/);
  assert.equal(r.json().code, code);
}

/** One attribute of every NGSI-LD attribute type, in normalized form. */
function everyType(id: string): Record<string, unknown> {
  return {
    id,
    type: 'Thing',
    temperature: { type: 'Property', value: 21.5, unitCode: 'CEL', observedAt: T_OBSERVED },
    owner: { type: 'Relationship', object: 'urn:ngsi-ld:Person:ada' },
    location: { type: 'GeoProperty', value: point },
    name: { type: 'LanguageProperty', languageMap: { en: 'Lake', fr: 'Lac', vi: 'Hồ' } },
    category: { type: 'VocabProperty', vocab: 'Sensor' },
    config: { type: 'JsonProperty', json: { thresholds: [1, 2], nested: { type: 'Property' } } },
    readings: { type: 'ListProperty', valueList: [1, 2, 3] },
    neighbours: {
      type: 'ListRelationship',
      objectList: [{ object: 'urn:ngsi-ld:Thing:n1' }, { object: 'urn:ngsi-ld:Thing:n2' }],
    },
  };
}

for (const name of storeNames()) {
  describe(`entities (${name})`, () => {
    let t: TestApp;
    before(async () => {
      t = await makeTestApp(name);
    });
    after(async () => t.dispose());

    const create = async (entity: Record<string, unknown>) => {
      const r = await t.post(ENTITIES, entity);
      assert.equal(r.statusCode, 201, r.body);
      return r;
    };
    const read = async (id: string, query = '', headers: Record<string, string> = {}) => {
      const r = await t.get(url(id, query), { headers });
      assert.equal(r.statusCode, 200, r.body);
      return r.json() as Record<string, unknown>;
    };

    describe('create entity (§5.6.1)', () => {
      it('answers 201 with the Location of the new entity and no body', async () => {
        const r = await create({ id: 'urn:ngsi-ld:Thing:loc', type: 'Thing' });
        assert.equal(r.headers.location, `${ENTITIES}/urn%3Angsi-ld%3AThing%3Aloc`);
        assert.equal(r.body, '');
      });

      it('refuses a second entity with the same id with 409 ALREADY_EXISTS and keeps the first', async () => {
        await create({ id: 'urn:ngsi-ld:Thing:dup', type: 'Thing', a: { type: 'Property', value: 1 } });
        const r = await t.post(ENTITIES, {
          id: 'urn:ngsi-ld:Thing:dup',
          type: 'Other',
          a: { type: 'Property', value: 2 },
        });
        expectProblem(r, 409, 'ALREADY_EXISTS');
        assert.equal(r.json().type, 'https://uri.etsi.org/ngsi-ld/errors/AlreadyExists');
        assert.deepEqual(await read('urn:ngsi-ld:Thing:dup'), {
          id: 'urn:ngsi-ld:Thing:dup',
          type: 'Thing',
          a: { type: 'Property', value: 1 },
        });
      });

      it('stores an attribute of every NGSI-LD attribute type and gives it back unchanged', async () => {
        const entity = everyType('urn:ngsi-ld:Thing:every');
        await create(entity);
        assert.deepEqual(await read('urn:ngsi-ld:Thing:every'), entity);
      });

      it('keeps sub-properties and sub-relationships of an attribute, nested', async () => {
        const entity = {
          id: 'urn:ngsi-ld:Thing:sub',
          type: 'Thing',
          temperature: {
            type: 'Property',
            value: 20,
            accuracy: { type: 'Property', value: 0.5, unitCode: 'CEL' },
            measuredBy: {
              type: 'Relationship',
              object: 'urn:ngsi-ld:Device:d1',
              since: { type: 'Property', value: 2020 },
            },
          },
        };
        await create(entity);
        assert.deepEqual(await read(entity.id), entity);
      });

      it('keeps observedAt and unitCode on an attribute', async () => {
        await create({
          id: 'urn:ngsi-ld:Thing:meta',
          type: 'Thing',
          level: { type: 'Property', value: 3.2, unitCode: 'MTR', observedAt: '2024-05-01T08:00:00Z' },
        });
        const level = (await read('urn:ngsi-ld:Thing:meta')).level as Record<string, unknown>;
        assert.equal(level.unitCode, 'MTR');
        assert.equal(level.observedAt, T_OBSERVED);
      });

      it('keeps each instance of a multi-attribute by its datasetId', async () => {
        const speed = [
          { type: 'Property', value: 50 },
          { type: 'Property', value: 48, datasetId: 'urn:ngsi-ld:Dataset:radar' },
          { type: 'Property', value: 52, datasetId: 'urn:ngsi-ld:Dataset:gps' },
        ];
        await create({ id: 'urn:ngsi-ld:Thing:multi', type: 'Thing', speed });
        assert.deepEqual((await read('urn:ngsi-ld:Thing:multi')).speed, speed);
      });

      it('refuses two instances with the same datasetId with 400 BAD_REQUEST_DATA', async () => {
        const r = await t.post(ENTITIES, {
          id: 'urn:ngsi-ld:Thing:multidup',
          type: 'Thing',
          speed: [
            { type: 'Property', value: 1, datasetId: 'urn:ngsi-ld:Dataset:a' },
            { type: 'Property', value: 2, datasetId: 'urn:ngsi-ld:Dataset:a' },
          ],
        });
        expectProblem(r, 400, 'BAD_REQUEST_DATA');
        expectProblem(await t.get(url('urn:ngsi-ld:Thing:multidup')), 404, 'RESOURCE_NOT_FOUND');
      });

      it('stores a long text value (8 KB of prose) and finds it by a pattern on its start', async () => {
        let text = '';
        for (let i = 1; text.length < 8192; i++) text += `${((i * 2654435761) % 1000003).toString(36)} `;
        await create({ id: 'urn:ngsi-ld:Thing:long', type: 'Thing', description: text });
        assert.deepEqual((await read('urn:ngsi-ld:Thing:long')).description, {
          type: 'Property',
          value: text,
        });
        const found = await t.get(
          `/ngsi-ld/v1/entities?type=Thing&q=${encodeURIComponent(`description~="^${text.slice(0, 12)}"`)}`,
        );
        assert.deepEqual(
          found.json().map((e: { id: string }) => e.id),
          ['urn:ngsi-ld:Thing:long'],
        );
      });

      it('keeps the scope of an entity, one or several', async () => {
        await create({ id: 'urn:ngsi-ld:Thing:scope1', type: 'Thing', scope: '/Hanoi/HoanKiem' });
        await create({ id: 'urn:ngsi-ld:Thing:scope2', type: 'Thing', scope: ['/Hanoi', '/Hue'] });
        assert.equal((await read('urn:ngsi-ld:Thing:scope1')).scope, '/Hanoi/HoanKiem');
        assert.deepEqual((await read('urn:ngsi-ld:Thing:scope2')).scope, ['/Hanoi', '/Hue']);
      });

      it('keeps several entity types', async () => {
        await create({ id: 'urn:ngsi-ld:Thing:types', type: ['Thing', 'Device'] });
        assert.deepEqual((await read('urn:ngsi-ld:Thing:types')).type, ['Thing', 'Device']);
      });

      it('accepts concise input and stores it in normalized form', async () => {
        await create({
          id: 'urn:ngsi-ld:Thing:concise',
          type: 'Thing',
          temperature: 19,
          pressure: { value: 1013, unitCode: 'A97' },
          owner: { object: 'urn:ngsi-ld:Person:ada' },
          location: point,
          name: { languageMap: { en: 'Pond' } },
          category: { vocab: 'Sensor' },
          config: { json: { a: 1 } },
          readings: { valueList: [4, 5] },
          neighbours: { objectList: [{ object: 'urn:ngsi-ld:Thing:n1' }] },
        });
        assert.deepEqual(await read('urn:ngsi-ld:Thing:concise'), {
          id: 'urn:ngsi-ld:Thing:concise',
          type: 'Thing',
          temperature: { type: 'Property', value: 19 },
          pressure: { type: 'Property', value: 1013, unitCode: 'A97' },
          owner: { type: 'Relationship', object: 'urn:ngsi-ld:Person:ada' },
          location: { type: 'GeoProperty', value: point },
          name: { type: 'LanguageProperty', languageMap: { en: 'Pond' } },
          category: { type: 'VocabProperty', vocab: 'Sensor' },
          config: { type: 'JsonProperty', json: { a: 1 } },
          readings: { type: 'ListProperty', valueList: [4, 5] },
          neighbours: { type: 'ListRelationship', objectList: [{ object: 'urn:ngsi-ld:Thing:n1' }] },
        });
      });

      it('ignores system attributes sent by the client', async () => {
        await create({
          id: 'urn:ngsi-ld:Thing:sys-in',
          type: 'Thing',
          createdAt: '2000-01-01T00:00:00Z',
          a: { type: 'Property', value: 1 },
        });
        const e = await read('urn:ngsi-ld:Thing:sys-in', '?options=sysAttrs');
        assert.notEqual(e.createdAt, '2000-01-01T00:00:00.000Z');
        assert.notEqual(e.createdAt, '2000-01-01T00:00:00Z');
      });

      it('accepts an application/ld+json body that carries its @context', async () => {
        const r = await t.request('POST', ENTITIES, {
          payload: JSON.stringify({
            id: 'urn:ngsi-ld:Thing:ld',
            type: 'Thing',
            '@context': CORE_CONTEXT,
            a: 1,
          }),
          headers: { 'content-type': 'application/ld+json' },
        });
        assert.equal(r.statusCode, 201, r.body);
        assert.deepEqual((await read('urn:ngsi-ld:Thing:ld')).a, { type: 'Property', value: 1 });
      });
    });

    describe('retrieve entity (§5.7.1)', () => {
      const id = 'urn:ngsi-ld:Thing:r';
      before(async () => {
        await create({
          ...everyType(id),
          scope: '/City',
          speed: [
            { type: 'Property', value: 50 },
            { type: 'Property', value: 48, datasetId: 'urn:ngsi-ld:Dataset:radar' },
          ],
          temperature: {
            type: 'Property',
            value: 21.5,
            unitCode: 'CEL',
            observedAt: T_OBSERVED,
            accuracy: { type: 'Property', value: 0.5 },
          },
        });
      });

      it('answers 404 RESOURCE_NOT_FOUND for an entity that does not exist', async () => {
        expectProblem(await t.get(url('urn:ngsi-ld:Thing:none')), 404, 'RESOURCE_NOT_FOUND');
      });

      it('answers application/json with the @context in a Link header by default', async () => {
        const r = await t.get(url(id, '?attrs=readings'));
        assert.equal(r.statusCode, 200, r.body);
        assert.match(String(r.headers['content-type']), /^application\/json/);
        assert.match(String(r.headers.link), /rel="http:\/\/www\.w3\.org\/ns\/json-ld#context"/);
        assert.ok(String(r.headers.link).includes(CORE_CONTEXT));
        assert.equal(r.json()['@context'], undefined);
      });

      it('gives the simplified representation with options=keyValues', async () => {
        const e = await read(id, '?options=keyValues&attrs=temperature,owner,location,readings');
        assert.deepEqual(e, {
          id,
          type: 'Thing',
          scope: '/City',
          temperature: 21.5,
          owner: 'urn:ngsi-ld:Person:ada',
          location: point,
          readings: { valueList: [1, 2, 3] },
        });
      });

      it('gives the concise representation with format=concise', async () => {
        const e = await read(id, '?format=concise&attrs=temperature,owner,location,name');
        assert.deepEqual(e, {
          id,
          type: 'Thing',
          scope: '/City',
          temperature: { value: 21.5, unitCode: 'CEL', observedAt: T_OBSERVED, accuracy: 0.5 },
          owner: { object: 'urn:ngsi-ld:Person:ada' },
          location: point,
          name: { languageMap: { en: 'Lake', fr: 'Lac', vi: 'Hồ' } },
        });
      });

      it('adds createdAt and modifiedAt to the entity and each attribute with options=sysAttrs', async () => {
        const e = await read(id, '?options=sysAttrs&attrs=owner');
        const iso = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;
        assert.match(String(e.createdAt), iso);
        assert.match(String(e.modifiedAt), iso);
        const owner = e.owner as Record<string, unknown>;
        assert.match(String(owner.createdAt), iso);
        assert.match(String(owner.modifiedAt), iso);
      });

      it('leaves system attributes out without options=sysAttrs', async () => {
        const e = await read(id, '?attrs=owner');
        assert.equal(e.createdAt, undefined);
        assert.equal((e.owner as Record<string, unknown>).createdAt, undefined);
      });

      it('shows only the attributes listed in attrs, with id, type and scope', async () => {
        assert.deepEqual(Object.keys(await read(id, '?attrs=owner,readings')).sort(), [
          'id',
          'owner',
          'readings',
          'scope',
          'type',
        ]);
      });

      it('shows only the members listed in pick', async () => {
        assert.deepEqual(await read(id, '?pick=id,owner'), {
          id,
          owner: { type: 'Relationship', object: 'urn:ngsi-ld:Person:ada' },
        });
      });

      it('leaves out the members listed in omit', async () => {
        const e = await read(id, '?omit=type,temperature,location');
        assert.equal(e.id, id);
        assert.equal(e.type, undefined);
        assert.equal(e.temperature, undefined);
        assert.equal(e.location, undefined);
        assert.ok(e.owner !== undefined);
      });

      it('refuses pick together with attrs with 400 BAD_REQUEST_DATA', async () => {
        expectProblem(await t.get(url(id, '?pick=owner&attrs=owner')), 400, 'BAD_REQUEST_DATA');
      });

      it('shows a LanguageProperty as a Property in the language asked for with lang', async () => {
        const e = await read(id, '?lang=fr&attrs=name');
        assert.deepEqual(e.name, { type: 'Property', value: 'Lac', lang: 'fr' });
      });

      it('falls back to another language when lang names one the map lacks', async () => {
        const e = await read(id, '?lang=de&attrs=name');
        const shown = e.name as Record<string, unknown>;
        assert.equal(shown.type, 'Property');
        assert.ok(['Lake', 'Lac', 'Hồ'].includes(String(shown.value)));
      });

      it('puts the @context in the body, not in a Link header, for Accept application/ld+json', async () => {
        const r = await t.get(url(id, '?attrs=owner'), { headers: { accept: 'application/ld+json' } });
        assert.equal(r.statusCode, 200, r.body);
        assert.match(String(r.headers['content-type']), /^application\/ld\+json/);
        assert.equal(r.headers.link, undefined);
        assert.equal(r.json()['@context'], CORE_CONTEXT);
        assert.equal(r.json().id, id);
      });

      it('gives a GeoJSON Feature with the location as geometry for Accept application/geo+json', async () => {
        const r = await t.get(url(id, '?attrs=owner'), { headers: { accept: 'application/geo+json' } });
        assert.equal(r.statusCode, 200, r.body);
        assert.match(String(r.headers['content-type']), /^application\/geo\+json/);
        const f = r.json();
        assert.equal(f.type, 'Feature');
        assert.equal(f.id, id);
        assert.deepEqual(f.geometry, point);
        assert.equal(f.properties.type, 'Thing');
        assert.deepEqual(f.properties.owner, { type: 'Relationship', object: 'urn:ngsi-ld:Person:ada' });
      });

      it('gives a Feature with a null geometry for an entity without location', async () => {
        await create({ id: 'urn:ngsi-ld:Thing:nogeo', type: 'Thing', a: 1 });
        const r = await t.get(url('urn:ngsi-ld:Thing:nogeo'), {
          headers: { accept: 'application/geo+json' },
        });
        assert.equal(r.statusCode, 200, r.body);
        assert.equal(r.json().geometry, null);
      });

      it('refuses an entity id that is not a URI with 400 BAD_REQUEST_DATA', async () => {
        expectProblem(await t.get(`${ENTITIES}/not%20a%20uri`), 400, 'BAD_REQUEST_DATA');
      });

      it('answers repeated reads of one state in whatever representation each asks for', async () => {
        const rid = 'urn:ngsi-ld:Thing:reps';
        await create({
          id: rid,
          type: 'Thing',
          temperature: { type: 'Property', value: 20 },
          location: point,
        });
        const asked = async (query: string, headers: Record<string, string> = {}) => {
          const r = await t.get(url(rid, query), { headers });
          assert.equal(r.statusCode, 200, r.body);
          return { type: String(r.headers['content-type']), link: r.headers.link, body: r.json() };
        };
        const ld = { accept: 'application/ld+json' };
        const geo = { accept: 'application/geo+json' };
        // A context of its own, hosted by the broker, that names the attribute otherwise.
        const hosted = await t.post('/ngsi-ld/v1/jsonldContexts', {
          '@context': { temp: 'https://uri.etsi.org/ngsi-ld/default-context/temperature' },
        });
        assert.equal(hosted.statusCode, 201, hosted.body);
        const ctxUrl = String(hosted.headers.location);
        const link = {
          link: `<${ctxUrl}>; rel="http://www.w3.org/ns/json-ld#context"; type="application/ld+json"`,
        };
        // Each twice, interleaved: the second read of a state may come from what the first rendered.
        for (let round = 0; round < 2; round++) {
          const normalized = await asked('');
          assert.deepEqual(normalized.body.temperature, { type: 'Property', value: 20 });
          assert.equal(normalized.body['@context'], undefined);
          assert.ok(String(normalized.link).includes(CORE_CONTEXT));
          assert.equal((await asked('?options=keyValues')).body.temperature, 20);
          const sys = await asked('?options=sysAttrs');
          assert.equal(typeof (sys.body.temperature as Record<string, unknown>).createdAt, 'string');
          const inLd = await asked('', ld);
          assert.match(inLd.type, /^application\/ld\+json/);
          assert.equal(inLd.body['@context'], CORE_CONTEXT);
          const other = await asked('', { ...link, ...ld });
          assert.deepEqual(other.body['@context'], [ctxUrl, CORE_CONTEXT]);
          assert.deepEqual(other.body.temp, { type: 'Property', value: 20 });
          assert.equal(other.body.temperature, undefined);
          assert.equal((await asked('', geo)).body.type, 'Feature');
          assert.deepEqual(Object.keys((await asked('?attrs=location')).body).sort(), [
            'id',
            'location',
            'type',
          ]);
        }
        // A new state is shown as it is, not as the last state was.
        const r = await t.patch(url(rid, '/attrs'), { temperature: { type: 'Property', value: 21 } });
        assert.equal(r.statusCode, 204, r.body);
        assert.deepEqual((await asked('')).body.temperature, { type: 'Property', value: 21 });
        assert.equal((await asked('?options=keyValues')).body.temperature, 21);
      });
    });

    describe('replace entity (PUT, §5.6.18)', () => {
      it('replaces every attribute and keeps createdAt', async () => {
        const id = 'urn:ngsi-ld:Thing:put';
        await create({
          id,
          type: 'Thing',
          a: { type: 'Property', value: 1 },
          b: { type: 'Property', value: 2 },
        });
        const createdAt = (await read(id, '?options=sysAttrs')).createdAt;
        await new Promise((resolve) => setTimeout(resolve, 5));
        const r = await t.put(url(id), { type: 'Other', c: { type: 'Property', value: 3 } });
        assert.equal(r.statusCode, 204, r.body);
        assert.deepEqual(await read(id), { id, type: 'Other', c: { type: 'Property', value: 3 } });
        const after = await read(id, '?options=sysAttrs');
        assert.equal(after.createdAt, createdAt);
        assert.ok(String(after.modifiedAt) > String(createdAt));
      });

      it('answers 404 RESOURCE_NOT_FOUND for an entity that does not exist, and creates nothing', async () => {
        const id = 'urn:ngsi-ld:Thing:put-none';
        expectProblem(await t.put(url(id), { type: 'Thing', a: 1 }), 404, 'RESOURCE_NOT_FOUND');
        expectProblem(await t.get(url(id)), 404, 'RESOURCE_NOT_FOUND');
      });

      it('refuses a body whose id differs from the path with 400 BAD_REQUEST_DATA', async () => {
        const id = 'urn:ngsi-ld:Thing:put-id';
        await create({ id, type: 'Thing', a: 1 });
        const r = await t.put(url(id), { id: 'urn:ngsi-ld:Thing:other', type: 'Thing', b: 2 });
        expectProblem(r, 400, 'BAD_REQUEST_DATA');
        assert.deepEqual(await read(id), { id, type: 'Thing', a: { type: 'Property', value: 1 } });
      });
    });

    describe('merge entity (PATCH, §5.6.17)', () => {
      const id = 'urn:ngsi-ld:Thing:merge';
      before(async () => {
        await create({
          id,
          type: 'Thing',
          a: { type: 'Property', value: 1, unitCode: 'MTR', accuracy: { type: 'Property', value: 0.1 } },
          b: { type: 'Property', value: 'keep' },
          gone: { type: 'Property', value: 'x' },
        });
      });

      it('adds new attributes, merges existing ones and deletes those set to urn:ngsi-ld:null', async () => {
        const r = await t.patch(url(id), {
          a: { type: 'Property', value: 2, precision: { type: 'Property', value: 3 } },
          c: { type: 'Relationship', object: 'urn:ngsi-ld:Thing:c' },
          gone: 'urn:ngsi-ld:null',
        });
        assert.equal(r.statusCode, 204, r.body);
        assert.deepEqual(await read(id), {
          id,
          type: 'Thing',
          a: {
            type: 'Property',
            value: 2,
            unitCode: 'MTR',
            accuracy: { type: 'Property', value: 0.1 },
            precision: { type: 'Property', value: 3 },
          },
          b: { type: 'Property', value: 'keep' },
          c: { type: 'Relationship', object: 'urn:ngsi-ld:Thing:c' },
        });
      });

      it('deletes an attribute whose value in normalized form is urn:ngsi-ld:null', async () => {
        await t.patch(url(id), { tmp: { type: 'Property', value: 1 } });
        const r = await t.patch(url(id), { tmp: { type: 'Property', value: 'urn:ngsi-ld:null' } });
        assert.equal(r.statusCode, 204, r.body);
        assert.equal((await read(id)).tmp, undefined);
      });

      it('removes a sub-property set to urn:ngsi-ld:null and keeps the rest', async () => {
        await t.patch(url(id), {
          m: { type: 'Property', value: 1, s1: { type: 'Property', value: 1 }, s2: 2 },
        });
        const r = await t.patch(url(id), { m: { type: 'Property', value: 5, s1: 'urn:ngsi-ld:null' } });
        assert.equal(r.statusCode, 204, r.body);
        assert.deepEqual((await read(id)).m, {
          type: 'Property',
          value: 5,
          s2: { type: 'Property', value: 2 },
        });
      });

      it('adds a type and replaces the scope, and removes the scope set to urn:ngsi-ld:null', async () => {
        const scoped = 'urn:ngsi-ld:Thing:merge-scope';
        await create({ id: scoped, type: 'Thing', scope: '/A' });
        assert.equal((await t.patch(url(scoped), { type: 'Device', scope: ['/B', '/C'] })).statusCode, 204);
        assert.deepEqual(await read(scoped), { id: scoped, type: ['Thing', 'Device'], scope: ['/B', '/C'] });
        const r = await t.patch(url(scoped), { scope: 'urn:ngsi-ld:null' });
        assert.equal(r.statusCode, 204, r.body);
        assert.deepEqual(await read(scoped), { id: scoped, type: ['Thing', 'Device'] });
      });

      it('answers 404 RESOURCE_NOT_FOUND for an entity that does not exist, and creates nothing', async () => {
        const missing = 'urn:ngsi-ld:Thing:merge-none';
        expectProblem(await t.patch(url(missing), { a: 1 }), 404, 'RESOURCE_NOT_FOUND');
        expectProblem(await t.get(url(missing)), 404, 'RESOURCE_NOT_FOUND');
      });
    });

    describe('delete entity (§5.6.6)', () => {
      it('answers 204, after which the entity is 404 and can be created again', async () => {
        const id = 'urn:ngsi-ld:Thing:del';
        await create({ id, type: 'Thing', a: 1 });
        const r = await t.del(url(id));
        assert.equal(r.statusCode, 204, r.body);
        assert.equal(r.body, '');
        expectProblem(await t.get(url(id)), 404, 'RESOURCE_NOT_FOUND');
        await create({ id, type: 'Thing', b: 2 });
        assert.deepEqual(await read(id), { id, type: 'Thing', b: { type: 'Property', value: 2 } });
      });

      it('answers 404 RESOURCE_NOT_FOUND for an entity that does not exist', async () => {
        expectProblem(await t.del(url('urn:ngsi-ld:Thing:del-none')), 404, 'RESOURCE_NOT_FOUND');
      });

      it('removes the entity from query results', async () => {
        const id = 'urn:ngsi-ld:Gone:1';
        await create({ id, type: 'Gone' });
        await t.del(url(id));
        const r = await t.get(`${ENTITIES}?type=Gone`);
        assert.equal(r.statusCode, 200, r.body);
        assert.deepEqual(r.json(), []);
      });
    });
  });
}
