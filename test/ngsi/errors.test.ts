// Errors over HTTP (CIM 009 §5.5.2, §6.3; RFC 9457): every bad request is answered with a coded
// application/problem+json document, and leaves the store exactly as it was.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { makeTestApp, type TestApp } from '../support/app.js';
import { storeNames } from '../support/stores.js';

const ENTITIES = '/ngsi-ld/v1/entities';
const OPS = '/ngsi-ld/v1/entityOperations';
const NGSI_ERRORS = 'https://uri.etsi.org/ngsi-ld/errors/';
const KEEP = 'urn:ngsi-ld:Probe:keep';
const UNREACHABLE_LINK =
  '<http://127.0.0.1:1/ctx.jsonld>; rel="http://www.w3.org/ns/json-ld#context"; type="application/ld+json"';
const CORE_CONTEXT = 'https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.8.jsonld';

const url = (id: string, path = '') => `${ENTITIES}/${encodeURIComponent(id)}${path}`;

/** NGSI-LD codes and the ETSI problem type each must carry (CIM 009 §5.5.2). */
const etsiTypes: Record<string, string> = {
  INVALID_REQUEST: 'InvalidRequest',
  BAD_REQUEST_DATA: 'BadRequestData',
  RESOURCE_NOT_FOUND: 'ResourceNotFound',
  NONEXISTENT_TENANT: 'NonexistentTenant',
  ALREADY_EXISTS: 'AlreadyExists',
  LD_CONTEXT_NOT_AVAILABLE: 'LdContextNotAvailable',
  TOO_MANY_RESULTS: 'TooManyResults',
};

/** Asserts an RFC 9457 problem document with `code`; NGSI-LD codes carry their ETSI type URI. */
function expectProblem(r: LightMyRequestResponse, status: number, code: string): Record<string, unknown> {
  assert.equal(r.statusCode, status, r.body);
  assert.match(String(r.headers['content-type']), /^application\/problem\+json/);
  const p = r.json() as Record<string, unknown>;
  assert.equal(p.code, code);
  assert.equal(p.status, status);
  assert.equal(typeof p.title, 'string');
  assert.equal(typeof p.detail, 'string');
  const etsi = etsiTypes[code];
  if (etsi !== undefined) assert.equal(p.type, `${NGSI_ERRORS}${etsi}`);
  else assert.equal(typeof p.type, 'string');
  return p;
}

const probe = (id: string, attrs: Record<string, unknown> = {}) => ({ id, type: 'Probe', ...attrs });
const bowTie = {
  type: 'Polygon',
  coordinates: [
    [
      [0, 0],
      [1, 1],
      [1, 0],
      [0, 1],
      [0, 0],
    ],
  ],
};

/** Attribute values that are not valid NGSI-LD, each refused with BAD_REQUEST_DATA. */
const badAttributes: Array<[string, unknown]> = [
  ['a Property without value', { type: 'Property', unitCode: 'MTR' }],
  ['a Relationship whose object is not a URI', { type: 'Relationship', object: 'not a uri' }],
  ['a Relationship without object', { type: 'Relationship' }],
  ['an unknown attribute type', { type: 'Attribute', value: 1 }],
  ['a GeoProperty whose value is not GeoJSON', { type: 'GeoProperty', value: { lat: 1, lon: 2 } }],
  ['a Point with one coordinate', { type: 'GeoProperty', value: { type: 'Point', coordinates: [1] } }],
  [
    'an unclosed polygon ring',
    {
      type: 'GeoProperty',
      value: {
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [1, 0],
            [1, 1],
            [0, 1],
          ],
        ],
      },
    },
  ],
  ['a self-intersecting (bow-tie) polygon', { type: 'GeoProperty', value: bowTie }],
  ['a LanguageProperty whose languageMap is a string', { type: 'LanguageProperty', languageMap: 'hello' }],
  ['a ListProperty whose valueList is not an array', { type: 'ListProperty', valueList: 1 }],
  ['an observedAt that is not a date-time', { type: 'Property', value: 1, observedAt: 'yesterday' }],
  ['a sub-property without value', { type: 'Property', value: 1, accuracy: { type: 'Property' } }],
];

for (const name of storeNames()) {
  describe(`errors leave the store unchanged (${name})`, () => {
    let t: TestApp;
    let seq = 0;
    let snapshot: unknown;
    before(async () => {
      t = await makeTestApp(name);
      const r = await t.post(ENTITIES, probe(KEEP, { a: { type: 'Property', value: 1 } }));
      assert.equal(r.statusCode, 201, r.body);
      snapshot = (await t.get(url(KEEP, '?options=sysAttrs'))).json();
    });
    after(async () => t.dispose());

    const freshId = () => `urn:ngsi-ld:Probe:e${++seq}`;

    /** The number of Probe entities, through count=true and the NGSILD-Results-Count header. */
    const probeCount = async (): Promise<number> => {
      const r = await t.get(`${ENTITIES}?type=Probe&count=true&limit=0`);
      assert.equal(r.statusCode, 200, r.body);
      return Number(r.headers['ngsild-results-count']);
    };

    /** The kept entity is exactly as created: attributes and system attributes. */
    const expectKeptUnchanged = async () => {
      const r = await t.get(url(KEEP, '?options=sysAttrs'));
      assert.equal(r.statusCode, 200, r.body);
      assert.deepEqual(r.json(), snapshot);
    };

    /** Runs `send` and checks its coded error and that nothing was written. */
    const refused = async (status: number, code: string, send: () => Promise<LightMyRequestResponse>) => {
      const before = await probeCount();
      const p = expectProblem(await send(), status, code);
      assert.equal(await probeCount(), before);
      await expectKeptUnchanged();
      return p;
    };

    describe('malformed and misdirected bodies', () => {
      it('answers malformed JSON with 400 INVALID_REQUEST', async () => {
        const payload = '{"id": "urn:ngsi-ld:Probe:x", "type": "Probe",';
        const headers = { 'content-type': 'application/json' };
        await refused(400, 'INVALID_REQUEST', () => t.request('POST', ENTITIES, { payload, headers }));
        await refused(400, 'INVALID_REQUEST', () => t.request('PATCH', url(KEEP), { payload, headers }));
        await refused(400, 'INVALID_REQUEST', () =>
          t.request('POST', url(KEEP, '/attrs'), { payload, headers }),
        );
      });

      it('answers an empty body with 400 INVALID_REQUEST', async () => {
        const headers = { 'content-type': 'application/json' };
        await refused(400, 'INVALID_REQUEST', () => t.request('POST', ENTITIES, { payload: '', headers }));
      });

      it('answers a body that is not an object with 400 BAD_REQUEST_DATA', async () => {
        for (const body of [[probe(freshId())], 'text', 42, null]) {
          await refused(400, 'BAD_REQUEST_DATA', () => t.post(ENTITIES, body));
        }
      });

      it('answers an entity without type with 400 BAD_REQUEST_DATA', async () => {
        await refused(400, 'BAD_REQUEST_DATA', () => t.post(ENTITIES, { id: freshId() }));
      });

      it('answers an unsupported Content-Type with 415 UNSUPPORTED_MEDIA_TYPE', async () => {
        const payload = JSON.stringify(probe(freshId()));
        for (const type of ['text/plain', 'application/xml', 'multipart/form-data; boundary=x']) {
          await refused(415, 'UNSUPPORTED_MEDIA_TYPE', () =>
            t.request('POST', ENTITIES, { payload, headers: { 'content-type': type } }),
          );
        }
        await refused(415, 'UNSUPPORTED_MEDIA_TYPE', () =>
          t.request('PATCH', url(KEEP), { payload: '{"a": 2}', headers: { 'content-type': 'text/plain' } }),
        );
      });

      it('answers a body with @context sent as application/json with 400 BAD_REQUEST_DATA', async () => {
        await refused(400, 'BAD_REQUEST_DATA', () =>
          t.post(ENTITIES, { ...probe(freshId()), '@context': CORE_CONTEXT }),
        );
        await refused(400, 'BAD_REQUEST_DATA', () => t.patch(url(KEEP), { a: 2, '@context': CORE_CONTEXT }));
      });

      it('answers an application/ld+json body without @context with 400 BAD_REQUEST_DATA', async () => {
        await refused(400, 'BAD_REQUEST_DATA', () =>
          t.request('POST', ENTITIES, {
            payload: JSON.stringify(probe(freshId())),
            headers: { 'content-type': 'application/ld+json' },
          }),
        );
      });
    });

    describe('wrong value shapes', () => {
      for (const [label, attr] of badAttributes) {
        it(`refuses ${label} with 400 BAD_REQUEST_DATA on create, append, update and merge`, async () => {
          await refused(400, 'BAD_REQUEST_DATA', () =>
            t.post(ENTITIES, probe(freshId(), { ok: 1, bad: attr })),
          );
          await refused(400, 'BAD_REQUEST_DATA', () => t.post(url(KEEP, '/attrs'), { b: 2, bad: attr }));
          await refused(400, 'BAD_REQUEST_DATA', () => t.patch(url(KEEP, '/attrs'), { a: attr }));
          await refused(400, 'BAD_REQUEST_DATA', () => t.patch(url(KEEP), { b: 2, bad: attr }));
          await refused(400, 'BAD_REQUEST_DATA', () => t.put(url(KEEP, '/attrs/a'), attr));
        });
      }

      it('refuses a bow-tie polygon in a batch entity and reports it as BAD_REQUEST_DATA', async () => {
        const id = freshId();
        const before = await probeCount();
        const r = await t.post(`${OPS}/create`, [
          probe(id, { location: { type: 'GeoProperty', value: bowTie } }),
        ]);
        assert.equal(r.statusCode, 207, r.body);
        assert.equal(r.json().errors[0].error.code, 'BAD_REQUEST_DATA');
        assert.equal(await probeCount(), before);
      });

      it('refuses a bow-tie polygon in a partial attribute update', async () => {
        const id = freshId();
        await t.post(
          ENTITIES,
          probe(id, { area: { type: 'GeoProperty', value: { type: 'Point', coordinates: [1, 2] } } }),
        );
        expectProblem(await t.patch(url(id, '/attrs/area'), { value: bowTie }), 400, 'BAD_REQUEST_DATA');
        assert.deepEqual((await t.get(url(id))).json().area, {
          type: 'GeoProperty',
          value: { type: 'Point', coordinates: [1, 2] },
        });
        await t.del(url(id));
      });

      it('refuses an invalid attribute name with 400 BAD_REQUEST_DATA', async () => {
        await refused(400, 'BAD_REQUEST_DATA', () => t.post(ENTITIES, probe(freshId(), { 'bad name': 1 })));
        await refused(400, 'BAD_REQUEST_DATA', () => t.post(url(KEEP, '/attrs'), { 'a<b': 1 }));
      });

      it('refuses the NGSI-LD Null in a create with 400 BAD_REQUEST_DATA', async () => {
        await refused(400, 'BAD_REQUEST_DATA', () =>
          t.post(ENTITIES, probe(freshId(), { a: 'urn:ngsi-ld:null' })),
        );
      });

      it('refuses an invalid scope with 400 BAD_REQUEST_DATA', async () => {
        await refused(400, 'BAD_REQUEST_DATA', () =>
          t.post(ENTITIES, { ...probe(freshId()), scope: 'no-slash' }),
        );
        await refused(400, 'BAD_REQUEST_DATA', () => t.patch(url(KEEP), { scope: ['/ok', 'bad'] }));
      });
    });

    describe('ids that are not URIs', () => {
      for (const id of ['not-a-uri', 'has space:x', 'urn:ngsi-ld:<x>', '']) {
        it(`refuses the entity id ${JSON.stringify(id)} in a body with 400 BAD_REQUEST_DATA`, async () => {
          await refused(400, 'BAD_REQUEST_DATA', () => t.post(ENTITIES, probe(id)));
        });
      }

      it('refuses an entity id in the path that is not a URI with 400 BAD_REQUEST_DATA', async () => {
        for (const send of [
          () => t.get(`${ENTITIES}/not-a-uri`),
          () => t.patch(`${ENTITIES}/not-a-uri`, { a: 1 }),
          () => t.put(`${ENTITIES}/not-a-uri`, probe('not-a-uri')),
          () => t.del(`${ENTITIES}/not-a-uri`),
          () => t.post(`${ENTITIES}/not-a-uri/attrs`, { a: 1 }),
          () => t.del(`${ENTITIES}/not-a-uri/attrs/a`),
        ]) {
          await refused(400, 'BAD_REQUEST_DATA', send);
        }
      });

      it('refuses a Relationship target that is not a URI in concise form', async () => {
        await refused(400, 'BAD_REQUEST_DATA', () =>
          t.post(ENTITIES, probe(freshId(), { r: { object: 'nope' } })),
        );
      });
    });

    describe('query parameters', () => {
      it('answers an unclosed q expression with 400 BAD_REQUEST_DATA', async () => {
        expectProblem(
          await t.get(`${ENTITIES}?type=Probe&q=${encodeURIComponent('(a==1')}`),
          400,
          'BAD_REQUEST_DATA',
        );
        expectProblem(
          await t.get(`${ENTITIES}?type=Probe&q=${encodeURIComponent('a==')}`),
          400,
          'BAD_REQUEST_DATA',
        );
      });

      it('answers a limit above the maximum with 403 TOO_MANY_RESULTS', async () => {
        expectProblem(await t.get(`${ENTITIES}?type=Probe&limit=100000`), 403, 'TOO_MANY_RESULTS');
      });

      it('answers an unknown option with 400 BAD_REQUEST_DATA', async () => {
        expectProblem(await t.get(url(KEEP, '?options=bogus')), 400, 'BAD_REQUEST_DATA');
      });
    });

    describe('body size', () => {
      it('answers a 50 MB body with 413 PAYLOAD_TOO_LARGE', async () => {
        const payload = JSON.stringify(probe(freshId(), { blob: 'x'.repeat(50 * 1024 * 1024) }));
        await refused(413, 'PAYLOAD_TOO_LARGE', () =>
          t.request('POST', ENTITIES, { payload, headers: { 'content-type': 'application/json' } }),
        );
      });

      describe('with DOTHI_BODY_LIMIT=1mib', () => {
        let small: TestApp;
        before(async () => {
          small = await makeTestApp(name, { DOTHI_BODY_LIMIT: '1mib' });
        });
        after(async () => small.dispose());

        it('answers a body just over 1 MiB with 413 PAYLOAD_TOO_LARGE and stores nothing', async () => {
          const id = freshId();
          const r = await small.post(ENTITIES, probe(id, { blob: 'x'.repeat(1024 * 1024) }));
          expectProblem(r, 413, 'PAYLOAD_TOO_LARGE');
          expectProblem(await small.get(url(id)), 404, 'RESOURCE_NOT_FOUND');
        });

        it('accepts a body under the limit', async () => {
          const blob = { type: 'JsonProperty', json: { data: 'x'.repeat(900 * 1024) } };
          const r = await small.post(ENTITIES, probe(freshId(), { blob }));
          assert.equal(r.statusCode, 201, r.body);
        });

        it('answers an oversized batch body with 413 PAYLOAD_TOO_LARGE', async () => {
          const id = freshId();
          const r = await small.post(`${OPS}/upsert`, [probe(id, { blob: 'x'.repeat(1024 * 1024) })]);
          expectProblem(r, 413, 'PAYLOAD_TOO_LARGE');
          expectProblem(await small.get(url(id)), 404, 'RESOURCE_NOT_FOUND');
        });
      });
    });

    describe('content negotiation and @context', () => {
      it('answers an Accept it cannot produce with 406 NOT_ACCEPTABLE', async () => {
        expectProblem(await t.get(url(KEEP), { headers: { accept: 'text/html' } }), 406, 'NOT_ACCEPTABLE');
        expectProblem(
          await t.get(`${ENTITIES}?type=Probe`, { headers: { accept: 'application/xml' } }),
          406,
          'NOT_ACCEPTABLE',
        );
      });

      it('answers an unreachable @context in the Link header with 503 LD_CONTEXT_NOT_AVAILABLE', async () => {
        const headers = { link: UNREACHABLE_LINK };
        expectProblem(await t.get(url(KEEP), { headers }), 503, 'LD_CONTEXT_NOT_AVAILABLE');
        await refused(503, 'LD_CONTEXT_NOT_AVAILABLE', () => t.post(ENTITIES, probe(freshId()), { headers }));
        await refused(503, 'LD_CONTEXT_NOT_AVAILABLE', () => t.patch(url(KEEP), { a: 2 }, { headers }));
      });

      it('answers an unreachable @context in an application/ld+json body with 503 LD_CONTEXT_NOT_AVAILABLE', async () => {
        await refused(503, 'LD_CONTEXT_NOT_AVAILABLE', () =>
          t.request('POST', ENTITIES, {
            payload: JSON.stringify({ ...probe(freshId()), '@context': 'http://127.0.0.1:1/ctx.jsonld' }),
            headers: { 'content-type': 'application/ld+json' },
          }),
        );
      });
    });

    describe('tenants, credentials and routes', () => {
      it('answers a read in an unknown tenant with 404 NONEXISTENT_TENANT', async () => {
        const headers = { 'ngsild-tenant': 'nowhere' };
        expectProblem(await t.get(url(KEEP), { headers }), 404, 'NONEXISTENT_TENANT');
        expectProblem(await t.get(`${ENTITIES}?type=Probe`, { headers }), 404, 'NONEXISTENT_TENANT');
      });

      it('answers a request without a token with 401 UNAUTHORIZED and writes nothing', async () => {
        await refused(401, 'UNAUTHORIZED', () => t.post(ENTITIES, probe(freshId()), { anonymous: true }));
        await refused(401, 'UNAUTHORIZED', () => t.del(url(KEEP), { anonymous: true }));
        expectProblem(await t.get(url(KEEP), { anonymous: true }), 401, 'UNAUTHORIZED');
      });

      it('answers a wrong token with 401 UNAUTHORIZED', async () => {
        const headers = { authorization: 'Bearer not-the-token-at-all' };
        await refused(401, 'UNAUTHORIZED', () => t.patch(url(KEEP), { a: 5 }, { headers }));
      });

      it('answers an unknown route with 404 NOT_FOUND', async () => {
        expectProblem(await t.get('/ngsi-ld/v1/nothing-here'), 404, 'NOT_FOUND');
        expectProblem(await t.post('/ngsi-ld/v1/entityOperations/explode', []), 404, 'NOT_FOUND');
      });

      it('answers an unknown route without a token with 401, not revealing whether it exists', async () => {
        expectProblem(await t.get('/ngsi-ld/v1/nothing-here', { anonymous: true }), 401, 'UNAUTHORIZED');
      });
    });

    describe('problem documents', () => {
      it('names the request in instance', async () => {
        const p = expectProblem(await t.get(url('urn:ngsi-ld:Probe:missing')), 404, 'RESOURCE_NOT_FOUND');
        assert.equal(p.instance, url('urn:ngsi-ld:Probe:missing'));
      });

      it('uses the ETSI problem type for every NGSI-LD error', async () => {
        // expectProblem checks the ETSI type of each code it sees; these requests cover the catalogue.
        expectProblem(await t.post(ENTITIES, probe(KEEP)), 409, 'ALREADY_EXISTS');
        expectProblem(await t.get(url('urn:ngsi-ld:Probe:missing')), 404, 'RESOURCE_NOT_FOUND');
        expectProblem(await t.post(ENTITIES, { id: 'x' }), 400, 'BAD_REQUEST_DATA');
        expectProblem(
          await t.request('POST', ENTITIES, {
            payload: '{',
            headers: { 'content-type': 'application/json' },
          }),
          400,
          'INVALID_REQUEST',
        );
        expectProblem(
          await t.get(url(KEEP), { headers: { 'ngsild-tenant': 'nowhere' } }),
          404,
          'NONEXISTENT_TENANT',
        );
        expectProblem(
          await t.get(url(KEEP), { headers: { link: UNREACHABLE_LINK } }),
          503,
          'LD_CONTEXT_NOT_AVAILABLE',
        );
        await expectKeptUnchanged();
      });
    });
  });
}
