// @context conformance (CIM 009 §5.5.7, §6.3.5 Link header and application/ld+json bodies,
// §5.13 and §6.29-§6.30 the jsonldContexts API) on every store. Remote contexts come from a real
// HTTP server on 127.0.0.1; bundled contexts (core, Smart Data Models) are never fetched.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LightMyRequestResponse } from 'fastify';
import { makeTestApp, type TestApp } from '../support/app.js';
import { storeNames } from '../support/stores.js';

const ENTITIES = '/ngsi-ld/v1/entities';
const CONTEXTS = '/ngsi-ld/v1/jsonldContexts';
const CORE = 'https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.8.jsonld';
const PARKING = 'https://raw.githubusercontent.com/smart-data-models/dataModel.Parking/master/context.jsonld';
const SDM_PARKING = 'https://smartdatamodels.org/dataModel.Parking/';
const REL = 'http://www.w3.org/ns/json-ld#context';

type Json = Record<string, unknown>;

const linkTo = (url: string) => ({ link: `<${url}>; rel="${REL}"; type="application/ld+json"` });
const P = (value: unknown) => ({ type: 'Property', value });

function ok(res: LightMyRequestResponse, status = 200): LightMyRequestResponse {
  assert.equal(res.statusCode, status, res.body);
  return res;
}

function code(res: LightMyRequestResponse, status: number, errorCode: string): void {
  assert.equal(res.statusCode, status, res.body);
  assert.equal((res.json() as Json).code, errorCode, res.body);
}

/** The @context URL of a response's Link header. */
function contextLink(res: LightMyRequestResponse): string | undefined {
  const header = String(res.headers.link ?? '');
  for (const m of header.matchAll(/<([^>]*)>([^,]*)/g)) if (m[2]!.includes(REL)) return m[1];
  return undefined;
}

/** A user @context served over HTTP on 127.0.0.1, counting the requests for each path. */
interface ContextServer {
  url(path: string): string;
  hits(path: string): number;
  close(): Promise<void>;
}

async function serveContexts(documents: Record<string, unknown>): Promise<ContextServer> {
  const hits = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    const path = req.url ?? '';
    hits.set(path, (hits.get(path) ?? 0) + 1);
    if (path === '/slow.jsonld') return; // never answers: the broker's time limit applies
    const doc = documents[path];
    if (doc === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/ld+json' }).end(JSON.stringify(doc));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    hits: (path) => hits.get(path) ?? 0,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A URL on 127.0.0.1 where nothing listens. */
async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/context.jsonld`;
}

const trafficContext = {
  '@context': {
    tf: 'https://example.org/traffic/',
    Junction: 'tf:Junction',
    vehicleCount: 'tf:vehicleCount',
    controlledBy: { '@id': 'tf:controlledBy', '@type': '@id' },
  },
};

for (const name of storeNames()) {
  describe(`@context handling (${name})`, () => {
    let t: TestApp;
    let remote: ContextServer;

    before(async () => {
      remote = await serveContexts({ '/traffic.jsonld': trafficContext, '/other.jsonld': trafficContext });
      t = await makeTestApp(name, { DOTHI_CONTEXT_TIMEOUT_MS: '500' });
    });
    after(async () => {
      await t.dispose();
      await remote.close();
    });

    describe('Link header', () => {
      const parking = {
        id: 'urn:ngsi-ld:OffStreetParking:ben-thanh',
        type: 'OffStreetParking',
        availableSpotNumber: P(121),
        totalSpotNumber: P(200),
        name: P('Ben Thanh'),
        location: { type: 'GeoProperty', value: { type: 'Point', coordinates: [106.698, 10.772] } },
      };

      before(async () => {
        ok(await t.post(ENTITIES, parking, { headers: linkTo(PARKING) }), 201);
      });

      it('reads an entity back with the terms of the Link header context', async () => {
        const res = ok(await t.get(`${ENTITIES}/${parking.id}`, { headers: linkTo(PARKING) }));
        assert.deepEqual(res.json(), parking);
      });

      it('shows the expanded names to a reader without that context', async () => {
        const body = ok(await t.get(`${ENTITIES}/${parking.id}`)).json() as Json;
        assert.equal(body.type, `${SDM_PARKING}OffStreetParking`);
        assert.deepEqual(body[`${SDM_PARKING}availableSpotNumber`], P(121));
        assert.deepEqual(body['https://smartdatamodels.org/name'], P('Ben Thanh'));
        // location is a core term: the same name in every context.
        assert.deepEqual(body.location, parking.location);
        assert.equal(body.availableSpotNumber, undefined);
      });

      it('expands query terms with the Link header context', async () => {
        const withLink = ok(
          await t.get(`${ENTITIES}?type=OffStreetParking&q=availableSpotNumber>100`, {
            headers: linkTo(PARKING),
          }),
        );
        assert.deepEqual(
          (withLink.json() as Json[]).map((e) => e.id),
          [parking.id],
        );
        // Without it, the same words are default-context names that no entity has.
        const without = ok(await t.get(`${ENTITIES}?type=OffStreetParking&q=availableSpotNumber>100`));
        assert.deepEqual(without.json(), []);
        const byIri = ok(
          await t.get(`${ENTITIES}?type=${encodeURIComponent(`${SDM_PARKING}OffStreetParking`)}`),
        );
        assert.deepEqual(
          (byIri.json() as Json[]).map((e) => e.id),
          [parking.id],
        );
      });

      it('names the context of the response in the Link header', async () => {
        const withLink = ok(await t.get(`${ENTITIES}/${parking.id}`, { headers: linkTo(PARKING) }));
        assert.equal(contextLink(withLink), PARKING);
        assert.match(String(withLink.headers['content-type']), /^application\/json/);
        const without = ok(await t.get(`${ENTITIES}/${parking.id}`));
        assert.equal(contextLink(without), CORE);
      });

      it('writes default-context names for terms the context does not define', async () => {
        const id = 'urn:ngsi-ld:Thing:plain';
        ok(await t.post(ENTITIES, { id, type: 'Thing', colour: P('red') }), 201);
        const plain = ok(await t.get(`${ENTITIES}/${id}`)).json() as Json;
        assert.deepEqual(plain, { id, type: 'Thing', colour: P('red') });
        const viaParking = ok(await t.get(`${ENTITIES}/${id}`, { headers: linkTo(PARKING) })).json() as Json;
        // The core context, applied last, keeps the default @vocab: short names come back.
        assert.equal(viaParking.type, 'Thing');
        assert.deepEqual(viaParking.colour, P('red'));
      });

      it('puts the @context in the body and not in a Link header for Accept: application/ld+json', async () => {
        const res = ok(
          await t.get(`${ENTITIES}/${parking.id}`, {
            headers: { ...linkTo(PARKING), accept: 'application/ld+json' },
          }),
        );
        assert.match(String(res.headers['content-type']), /^application\/ld\+json/);
        assert.equal(contextLink(res), undefined);
        const { '@context': context, ...entity } = res.json() as Json;
        assert.deepEqual(entity, parking);
        assert.deepEqual(context, [PARKING, CORE]);
        const list = ok(
          await t.get(`${ENTITIES}?type=OffStreetParking`, {
            headers: { ...linkTo(PARKING), accept: 'application/ld+json' },
          }),
        ).json() as Json[];
        assert.deepEqual(list[0]?.['@context'], [PARKING, CORE]);
        const core = ok(
          await t.get(`${ENTITIES}/${parking.id}`, { headers: { accept: 'application/ld+json' } }),
        ).json() as Json;
        assert.equal(core['@context'], CORE);
      });

      it('refuses a Link header that is not a valid link', async () => {
        code(
          await t.get(`${ENTITIES}/${parking.id}`, { headers: { link: 'not a link' } }),
          400,
          'BAD_REQUEST_DATA',
        );
        code(
          await t.get(`${ENTITIES}/${parking.id}`, { headers: { link: `<relative.jsonld>; rel="${REL}"` } }),
          400,
          'BAD_REQUEST_DATA',
        );
      });
    });

    describe('application/ld+json bodies', () => {
      const ld = { 'content-type': 'application/ld+json' };

      it('takes the @context from the body of an application/ld+json request', async () => {
        const id = 'urn:ngsi-ld:Junction:inline';
        const body = {
          id,
          type: 'Junction',
          vehicleCount: P(42),
          '@context': [trafficContext['@context'], CORE],
        };
        ok(await t.post(ENTITIES, body, { headers: ld }), 201);
        const expanded = ok(await t.get(`${ENTITIES}/${id}`)).json() as Json;
        assert.equal(expanded.type, 'https://example.org/traffic/Junction');
        assert.deepEqual(expanded['https://example.org/traffic/vehicleCount'], P(42));
      });

      it('refuses an application/ld+json body without @context', async () => {
        const id = 'urn:ngsi-ld:Junction:no-context';
        code(await t.post(ENTITIES, { id, type: 'Junction' }, { headers: ld }), 400, 'BAD_REQUEST_DATA');
        code(await t.get(`${ENTITIES}/${id}`), 404, 'RESOURCE_NOT_FOUND');
      });

      it('refuses an @context in an application/json body', async () => {
        const body = { id: 'urn:ngsi-ld:Junction:json', type: 'Junction', '@context': CORE };
        code(await t.post(ENTITIES, body), 400, 'BAD_REQUEST_DATA');
      });

      it('refuses a Link header beside an application/ld+json body', async () => {
        const body = { id: 'urn:ngsi-ld:Junction:both', type: 'Junction', '@context': CORE };
        code(
          await t.post(ENTITIES, body, { headers: { ...ld, ...linkTo(PARKING) } }),
          400,
          'BAD_REQUEST_DATA',
        );
      });

      it('takes the @context of a query body sent as application/ld+json', async () => {
        const body = {
          type: 'Query',
          entities: [{ type: 'Junction' }],
          q: 'vehicleCount>40',
          '@context': trafficContext['@context'],
        };
        const res = ok(await t.post('/ngsi-ld/v1/entityOperations/query', body, { headers: ld }));
        const list = res.json() as Json[];
        assert.deepEqual(
          list.map((e) => e.id),
          ['urn:ngsi-ld:Junction:inline'],
        );
        assert.deepEqual(list[0]?.vehicleCount, P(42));
        assert.equal(list[0]?.type, 'Junction');
      });

      it('links an implicitly created copy of an inline query @context to an application/json answer', async () => {
        const body = {
          type: 'Query',
          entities: [{ type: 'Junction' }],
          '@context': trafficContext['@context'],
        };
        const res = ok(await t.post('/ngsi-ld/v1/entityOperations/query', body, { headers: ld }));
        const url = contextLink(res);
        assert.ok(url !== undefined && url !== CORE, String(res.headers.link));
        const path = new URL(url).pathname;
        assert.match(path, /^\/ngsi-ld\/v1\/jsonldContexts\/[^/]+$/);
        const details = ok(await t.get(`${path}?details=true`)).json() as Json;
        assert.equal(details.kind, 'ImplicitlyCreated');
        // The linked context explains the answer: reading with it gives the same names.
        const again = ok(
          await t.get(`${ENTITIES}/urn:ngsi-ld:Junction:inline`, { headers: linkTo(url) }),
        ).json() as Json;
        assert.deepEqual(again.vehicleCount, P(42));
        assert.equal(again.type, 'Junction');
        // The same inline @context is stored once.
        const second = ok(await t.post('/ngsi-ld/v1/entityOperations/query', body, { headers: ld }));
        assert.equal(contextLink(second), url);
      });
    });

    describe('remote contexts', () => {
      it('fetches a remote context once and serves later requests from the cache', async () => {
        const url = remote.url('/traffic.jsonld');
        const id = 'urn:ngsi-ld:Junction:remote';
        const junction = {
          id,
          type: 'Junction',
          vehicleCount: P(7),
          controlledBy: { type: 'Relationship', object: 'urn:ngsi-ld:Light:1' },
        };
        ok(await t.post(ENTITIES, junction, { headers: linkTo(url) }), 201);
        for (let i = 0; i < 3; i += 1) {
          const res = ok(await t.get(`${ENTITIES}/${id}`, { headers: linkTo(url) }));
          assert.deepEqual(res.json(), junction);
          assert.equal(contextLink(res), url);
        }
        ok(await t.get(`${ENTITIES}?type=Junction&q=vehicleCount==7`, { headers: linkTo(url) }));
        assert.equal(remote.hits('/traffic.jsonld'), 1);
      });

      it('lists a fetched context as Cached in /jsonldContexts', async () => {
        const url = remote.url('/traffic.jsonld');
        const list = ok(await t.get(CONTEXTS)).json() as string[];
        assert.ok(list.includes(url), JSON.stringify(list));
        assert.ok(list.includes(CORE));
        const details = ok(await t.get(`${CONTEXTS}?details=true`)).json() as Json[];
        const entry = details.find((d) => d.URL === url);
        assert.equal(entry?.kind, 'Cached');
        assert.ok(Number(entry?.numberOfHits) >= 1);
        const cachedOnly = ok(await t.get(`${CONTEXTS}?kind=Cached`)).json() as string[];
        assert.ok(cachedOnly.includes(url));
        const hostedOnly = ok(await t.get(`${CONTEXTS}?kind=Hosted`)).json() as string[];
        assert.ok(!hostedOnly.includes(url));
      });

      it('refuses a request whose context is unreachable with 503, writing nothing', async () => {
        const id = 'urn:ngsi-ld:Junction:unreachable';
        const body = { id, type: 'Junction', vehicleCount: P(1) };
        code(
          await t.post(ENTITIES, body, { headers: linkTo(await closedPortUrl()) }),
          503,
          'LD_CONTEXT_NOT_AVAILABLE',
        );
        code(
          await t.post(ENTITIES, body, { headers: linkTo(remote.url('/missing.jsonld')) }),
          503,
          'LD_CONTEXT_NOT_AVAILABLE',
        );
        code(
          await t.post(
            ENTITIES,
            { ...body, '@context': remote.url('/missing.jsonld') },
            { headers: { 'content-type': 'application/ld+json' } },
          ),
          503,
          'LD_CONTEXT_NOT_AVAILABLE',
        );
        code(
          await t.post(ENTITIES, body, { headers: linkTo(remote.url('/slow.jsonld')) }),
          503,
          'LD_CONTEXT_NOT_AVAILABLE',
        );
        code(await t.get(`${ENTITIES}/${id}`), 404, 'RESOURCE_NOT_FOUND');
        code(
          await t.get(`${ENTITIES}?type=Junction`, { headers: linkTo(await closedPortUrl()) }),
          503,
          'LD_CONTEXT_NOT_AVAILABLE',
        );
      });
    });

    describe('the jsonldContexts API', () => {
      const hosted = {
        '@context': {
          Kiosk: 'https://example.org/kiosk/Kiosk',
          openHours: 'https://example.org/kiosk/openHours',
        },
      };
      let location = '';
      let path = '';

      it('hosts a posted context: 201 with its Location', async () => {
        const res = ok(await t.post(CONTEXTS, hosted), 201);
        location = String(res.headers.location);
        assert.match(location, /\/ngsi-ld\/v1\/jsonldContexts\/[^/]+$/);
        path = new URL(location).pathname;
      });

      it('serves a hosted context to anyone, without credentials', async () => {
        const res = ok(await t.get(path, { anonymous: true }));
        assert.deepEqual(res.json(), hosted);
        code(await t.get(CONTEXTS, { anonymous: true }), 401, 'UNAUTHORIZED');
      });

      it('lists a hosted context with its details', async () => {
        const list = ok(await t.get(`${CONTEXTS}?kind=Hosted`)).json() as string[];
        assert.ok(list.includes(location));
        const details = ok(await t.get(`${path}?details=true`)).json() as Json;
        assert.equal(details.URL, location);
        assert.equal(details.kind, 'Hosted');
        assert.equal(typeof details.localId, 'string');
      });

      it('uses a hosted context named in a Link header, without fetching it', async () => {
        const id = 'urn:ngsi-ld:Kiosk:1';
        const kiosk = { id, type: 'Kiosk', openHours: P('06:00-22:00') };
        ok(await t.post(ENTITIES, kiosk, { headers: linkTo(location) }), 201);
        assert.deepEqual(ok(await t.get(`${ENTITIES}/${id}`, { headers: linkTo(location) })).json(), kiosk);
        const expanded = ok(await t.get(`${ENTITIES}/${id}`)).json() as Json;
        assert.equal(expanded.type, 'https://example.org/kiosk/Kiosk');
      });

      it('deletes a hosted context, after which it is gone', async () => {
        ok(await t.del(path), 204);
        code(await t.get(path, { anonymous: true }), 404, 'RESOURCE_NOT_FOUND');
        code(await t.del(path), 404, 'RESOURCE_NOT_FOUND');
        const list = ok(await t.get(CONTEXTS)).json() as string[];
        assert.ok(!list.includes(location));
      });

      it('refuses to delete the core context', async () => {
        code(await t.del(`${CONTEXTS}/${encodeURIComponent(CORE)}`), 400, 'BAD_REQUEST_DATA');
        const details = ok(
          await t.get(`${CONTEXTS}/${encodeURIComponent(CORE)}?details=true`),
        ).json() as Json;
        assert.equal(details.URL, CORE);
      });

      it('refuses a body without @context, and a context that is not valid JSON-LD', async () => {
        code(await t.post(CONTEXTS, { Kiosk: 'https://example.org/kiosk/Kiosk' }), 400, 'BAD_REQUEST_DATA');
        code(await t.post(CONTEXTS, { '@context': 42 }), 400, 'BAD_REQUEST_DATA');
        code(await t.post(CONTEXTS, { '@context': { '@version': 2 } }), 400, 'BAD_REQUEST_DATA');
      });

      it('answers 404 for an unknown context and 422 for the content of a cached one', async () => {
        code(await t.get(`${CONTEXTS}/no-such-context`, { anonymous: true }), 404, 'RESOURCE_NOT_FOUND');
        code(
          await t.get(`${CONTEXTS}/${encodeURIComponent(CORE)}`, { anonymous: true }),
          422,
          'OPERATION_NOT_SUPPORTED',
        );
      });
    });
  });
}
