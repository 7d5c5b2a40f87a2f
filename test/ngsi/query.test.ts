// Query conformance (CIM 009 §4.9 q, §4.17 type expressions, §4.19 scopeQ, §5.7.2 / §6.4.3.2
// GET /entities, §6.23 POST /entityOperations/query, §5.5.9 pagination, §4.5 representations,
// §4.15 lang, §5.7.5-§5.7.10 discovery): every filter goes through HTTP on every store.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { makeTestApp, type TestApp } from '../support/app.js';
import { storeNames } from '../support/stores.js';

const ENTITIES = '/ngsi-ld/v1/entities';
const QUERY = '/ngsi-ld/v1/entityOperations/query';
const PARKING = 'https://raw.githubusercontent.com/smart-data-models/dataModel.Parking/master/context.jsonld';
const DEFAULT_VOCAB = 'https://uri.etsi.org/ngsi-ld/default-context/';

type Json = Record<string, unknown>;

const P = (value: unknown, more: Json = {}) => ({ type: 'Property', value, ...more });
const R = (object: string) => ({ type: 'Relationship', object });
const point = (lon: number, lat: number) => ({
  type: 'GeoProperty',
  value: { type: 'Point', coordinates: [lon, lat] },
});
const dateTime = (iso: string) => ({ '@type': 'DateTime', '@value': iso });

/** The fixture: rooms, sensors and buildings in the default @context. Short ids in assertions. */
const fixture: Json[] = [
  {
    id: 'urn:ngsi-ld:Room:1',
    type: 'Room',
    scope: '/hcmc/d1',
    temperature: P(20, { observedAt: '2024-01-01T10:00:00Z', unitCode: 'CEL', accuracy: P(0.5) }),
    name: P('Kitchen'),
    open: P(true),
    cleanedAt: P('2024-03-01T08:00:00Z'),
    inspectedAt: P(dateTime('2024-03-01T08:00:00Z')),
    locatedIn: R('urn:ngsi-ld:Building:A'),
    address: P({ city: 'HCMC', geo: { floor: 2 } }),
    location: point(106.7, 10.78),
  },
  {
    id: 'urn:ngsi-ld:Room:2',
    type: 'Room',
    scope: '/hcmc/d1/w3',
    temperature: P(25, { observedAt: '2024-02-01T10:00:00Z', accuracy: P(2) }),
    name: P('Hall'),
    open: P(false),
    cleanedAt: P('2024-05-01T08:00:00Z'),
    inspectedAt: P(dateTime('2024-05-01T08:00:00Z')),
    locatedIn: R('urn:ngsi-ld:Building:B'),
    address: P({ city: 'Hanoi', geo: { floor: 5 } }),
    location: point(106.71, 10.79),
  },
  {
    id: 'urn:ngsi-ld:Room:3',
    type: ['Room', 'Smart'],
    scope: '/hcmc/d2',
    temperature: P(30),
    name: P('Kitchenette'),
    locatedIn: R('urn:ngsi-ld:Building:A'),
    location: point(106.72, 10.8),
    entrance: point(106.725, 10.805),
  },
  {
    id: 'urn:ngsi-ld:Sensor:1',
    type: 'Sensor',
    scope: '/hanoi/d1',
    temperature: P(18),
    humidity: P(60),
    name: P('kitchen probe'),
  },
  {
    id: 'urn:ngsi-ld:Sensor:2',
    type: ['Sensor', 'Smart'],
    scope: ['/hcmc/d2/w1', '/x'],
    humidity: P(40),
  },
  { id: 'urn:ngsi-ld:Building:A', type: 'Building', name: P('Block A') },
  {
    id: 'urn:ngsi-ld:Building:B',
    type: 'Building',
    name: P('Block B'),
    label: { type: 'LanguageProperty', languageMap: { en: 'Tower', vi: 'Tháp', fr: 'Tour' } },
  },
];

const short = (id: string) => id.replace(/^urn:ngsi-ld:/, '');
const idsOf = (body: unknown) => (body as Json[]).map((e) => short(String(e.id))).sort();

function qs(params: Record<string, string>): string {
  return Object.entries(params)
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join('&');
}

function ok(res: LightMyRequestResponse, status = 200): LightMyRequestResponse {
  assert.equal(res.statusCode, status, res.body);
  return res;
}

function code(res: LightMyRequestResponse, status: number, errorCode: string): void {
  assert.equal(res.statusCode, status, res.body);
  assert.equal((res.json() as Json).code, errorCode, res.body);
}

/** The query-string filters of GET /entities as the Query body of POST /entityOperations/query. */
function queryBody(params: Record<string, string>): Json {
  const { type, id, idPattern, attrs, q, scopeQ, georel, geometry, coordinates, geoproperty } = params;
  const selector: Json = {};
  if (type !== undefined) selector.type = type;
  if (idPattern !== undefined) selector.idPattern = idPattern;
  const entities =
    id === undefined
      ? Object.keys(selector).length > 0
        ? [selector]
        : undefined
      : id.split(',').map((one) => ({ ...selector, id: one }));
  const body: Json = { type: 'Query' };
  if (entities !== undefined) body.entities = entities;
  if (attrs !== undefined) body.attrs = attrs.split(',');
  if (q !== undefined) body.q = q;
  if (scopeQ !== undefined) body.scopeQ = scopeQ;
  if (georel !== undefined)
    body.geoQ = { georel, geometry, coordinates: JSON.parse(coordinates ?? 'null'), geoproperty };
  return body;
}

for (const name of storeNames()) {
  describe(`entity queries (${name})`, () => {
    let t: TestApp;

    /** Runs the filters through GET /entities and POST /entityOperations/query; both must agree. */
    async function select(params: Record<string, string>): Promise<string[]> {
      const viaGet = idsOf(ok(await t.get(`${ENTITIES}?${qs({ ...params, limit: '100' })}`)).json());
      const viaPost = idsOf(ok(await t.post(`${QUERY}?limit=100`, queryBody(params))).json());
      assert.deepEqual(
        viaPost,
        viaGet,
        `POST /entityOperations/query differs from GET for ${JSON.stringify(params)}`,
      );
      return viaGet;
    }

    async function expectIds(params: Record<string, string>, expected: string): Promise<void> {
      const want = expected === '' ? [] : expected.split(' ').sort();
      assert.deepEqual(await select(params), want, JSON.stringify(params));
    }

    before(async () => {
      t = await makeTestApp(name, { DOTHI_QUERY_MAX_LIMIT: '100', DOTHI_QUERY_DEFAULT_LIMIT: '20' });
      ok(await t.post('/ngsi-ld/v1/entityOperations/create', fixture), 201);
    });
    after(async () => t.dispose());

    describe('entity selection', () => {
      it('selects by one type, by a list of types and by an IRI', async () => {
        await expectIds({ type: 'Room' }, 'Room:1 Room:2 Room:3');
        await expectIds({ type: 'Room,Building' }, 'Room:1 Room:2 Room:3 Building:A Building:B');
        await expectIds({ type: `${DEFAULT_VOCAB}Sensor` }, 'Sensor:1 Sensor:2');
        await expectIds({ type: 'Nothing' }, '');
      });

      it('reads | as or, ; as and, and groups with parentheses over entities with several types', async () => {
        await expectIds({ type: 'Room|Sensor' }, 'Room:1 Room:2 Room:3 Sensor:1 Sensor:2');
        await expectIds({ type: 'Room;Smart' }, 'Room:3');
        await expectIds({ type: 'Smart' }, 'Room:3 Sensor:2');
        await expectIds({ type: '(Room|Sensor);Smart' }, 'Room:3 Sensor:2');
        await expectIds({ type: 'Building|(Sensor;Smart)' }, 'Building:A Building:B Sensor:2');
      });

      it('selects by a list of ids, alone or with a type', async () => {
        await expectIds({ id: 'urn:ngsi-ld:Room:1,urn:ngsi-ld:Sensor:1' }, 'Room:1 Sensor:1');
        await expectIds({ id: 'urn:ngsi-ld:Room:1,urn:ngsi-ld:Sensor:1', type: 'Room' }, 'Room:1');
        await expectIds({ id: 'urn:ngsi-ld:Room:404' }, '');
      });

      it('selects ids by a regular expression, alone or with a type', async () => {
        await expectIds({ idPattern: '^urn:ngsi-ld:Room:[12]$' }, 'Room:1 Room:2');
        await expectIds({ idPattern: ':(Room|Sensor):1$' }, 'Room:1 Sensor:1');
        await expectIds({ idPattern: '.*', type: 'Building' }, 'Building:A Building:B');
        await expectIds({ idPattern: '(?i)^URN:NGSI-LD:ROOM:[12]$' }, 'Room:1 Room:2');
      });

      it('takes entities with at least one of the attrs, and shows only those attributes', async () => {
        await expectIds({ attrs: 'humidity' }, 'Sensor:1 Sensor:2');
        await expectIds({ attrs: 'humidity,label' }, 'Building:B Sensor:1 Sensor:2');
        await expectIds({ attrs: 'humidity', type: 'Room' }, '');
        const viaGet = ok(await t.get(`${ENTITIES}?type=Sensor&attrs=humidity,temperature`)).json() as Json[];
        const viaPost = ok(
          await t.post(QUERY, queryBody({ type: 'Sensor', attrs: 'humidity,temperature' })),
        ).json();
        for (const body of [viaGet, viaPost] as Json[][]) {
          const s1 = body.find((e) => e.id === 'urn:ngsi-ld:Sensor:1');
          assert.deepEqual(Object.keys(s1 ?? {}).sort(), ['humidity', 'id', 'scope', 'temperature', 'type']);
        }
      });

      it('selects by POST /entityOperations/query with several entity selectors, as a union', async () => {
        const body = {
          type: 'Query',
          entities: [
            { type: 'Building', id: 'urn:ngsi-ld:Building:A' },
            { type: 'Sensor', idPattern: ':2$' },
          ],
        };
        assert.deepEqual(idsOf(ok(await t.post(QUERY, body)).json()), ['Building:A', 'Sensor:2']);
      });

      it('refuses a query without any filter, by GET and by POST', async () => {
        code(await t.get(ENTITIES), 400, 'BAD_REQUEST_DATA');
        code(await t.get(`${ENTITIES}?limit=5&options=keyValues`), 400, 'BAD_REQUEST_DATA');
        code(await t.post(QUERY, { type: 'Query' }), 400, 'BAD_REQUEST_DATA');
        code(await t.post(QUERY, { type: 'Query', entities: [] }), 400, 'BAD_REQUEST_DATA');
      });

      it('refuses malformed selections', async () => {
        code(await t.get(`${ENTITIES}?type=${encodeURIComponent('Room;(Smart')}`), 400, 'BAD_REQUEST_DATA');
        code(await t.get(`${ENTITIES}?id=not-a-uri`), 400, 'BAD_REQUEST_DATA');
        code(await t.get(`${ENTITIES}?idPattern=${encodeURIComponent('([')}`), 400, 'BAD_REQUEST_DATA');
        code(
          await t.post(QUERY, { type: 'Subscription', entities: [{ type: 'Room' }] }),
          400,
          'BAD_REQUEST_DATA',
        );
        code(await t.post(QUERY, { type: 'Query', entities: { type: 'Room' } }), 400, 'BAD_REQUEST_DATA');
      });
    });

    describe('the q language', () => {
      it('compares numbers with == != > >= < <=', async () => {
        await expectIds({ q: 'temperature==20' }, 'Room:1');
        await expectIds({ q: 'temperature!=20' }, 'Room:2 Room:3 Sensor:1');
        await expectIds({ q: 'temperature>20' }, 'Room:2 Room:3');
        await expectIds({ q: 'temperature>=25' }, 'Room:2 Room:3');
        await expectIds({ q: 'temperature<20' }, 'Sensor:1');
        await expectIds({ q: 'temperature<=20' }, 'Room:1 Sensor:1');
      });

      it('matches ranges and value lists', async () => {
        await expectIds({ q: 'temperature==19..25' }, 'Room:1 Room:2');
        await expectIds({ q: 'temperature!=19..25' }, 'Room:3 Sensor:1');
        await expectIds({ q: 'temperature==18,30' }, 'Room:3 Sensor:1');
        await expectIds({ q: 'name=="Hall","Block A"' }, 'Building:A Room:2');
      });

      it('matches strings exactly and by regular expression with ~= and !~=', async () => {
        await expectIds({ q: 'name=="Kitchen"' }, 'Room:1');
        await expectIds({ q: 'name~="^Kitchen"' }, 'Room:1 Room:3');
        await expectIds({ q: 'name~="itchen"' }, 'Room:1 Room:3 Sensor:1');
        await expectIds({ q: 'name!~="^Block"' }, 'Room:1 Room:2 Room:3 Sensor:1');
        // A leading (?i) makes the match case-insensitive, alike on every store.
        await expectIds({ q: 'name~="(?i)^kitchen"' }, 'Room:1 Room:3 Sensor:1');
        await expectIds({ q: 'name~="^kitchen"' }, 'Sensor:1');
      });

      it('tests that an attribute exists', async () => {
        await expectIds({ q: 'humidity' }, 'Sensor:1 Sensor:2');
        await expectIds({ q: 'label' }, 'Building:B');
      });

      it('compares booleans', async () => {
        await expectIds({ q: 'open==true' }, 'Room:1');
        await expectIds({ q: 'open==false' }, 'Room:2');
      });

      it('compares date-time values as instants', async () => {
        await expectIds({ q: 'cleanedAt>=2024-04-01T00:00:00Z' }, 'Room:2');
        await expectIds({ q: 'cleanedAt<2024-03-01T09:30:00+01:00' }, 'Room:1');
        await expectIds({ q: 'cleanedAt==2024-02-01T00:00:00Z..2024-06-01T00:00:00Z' }, 'Room:1 Room:2');
      });

      it('compares DateTime-typed values ({"@type":"DateTime"}) as instants', async () => {
        await expectIds({ q: 'inspectedAt>=2024-04-01T00:00:00Z' }, 'Room:2');
      });

      it('compares relationship objects', async () => {
        await expectIds({ q: 'locatedIn==urn:ngsi-ld:Building:A' }, 'Room:1 Room:3');
        await expectIds({ q: 'locatedIn=="urn:ngsi-ld:Building:B"' }, 'Room:2');
        await expectIds({ q: 'locatedIn!=urn:ngsi-ld:Building:A' }, 'Room:2');
      });

      it('reaches sub-attributes and metadata with a dotted path', async () => {
        await expectIds({ q: 'temperature.accuracy<1' }, 'Room:1');
        await expectIds({ q: 'temperature.accuracy' }, 'Room:1 Room:2');
        await expectIds({ q: 'temperature.unitCode=="CEL"' }, 'Room:1');
        await expectIds({ q: 'temperature.observedAt>=2024-01-15T00:00:00Z' }, 'Room:2');
        await expectIds({ q: 'temperature.observedAt<2024-02-01T10:00:00Z' }, 'Room:1');
      });

      it('reaches members of a structured value with a compound path', async () => {
        await expectIds({ q: 'address[city]=="HCMC"' }, 'Room:1');
        await expectIds({ q: 'address[geo.floor]>=2' }, 'Room:1 Room:2');
        await expectIds({ q: 'address[geo.floor]==5' }, 'Room:2');
      });

      it('combines terms with ; (and), | (or) and parentheses', async () => {
        await expectIds({ q: 'temperature>15;humidity' }, 'Sensor:1');
        await expectIds({ q: 'humidity==40|name=="Hall"' }, 'Room:2 Sensor:2');
        await expectIds({ q: 'temperature==20|temperature==25;open==false' }, 'Room:1 Room:2');
        await expectIds({ q: '(temperature==20|temperature==25);open==false' }, 'Room:2');
        await expectIds({ q: '(temperature>=25;name~="^K")|(humidity<50)' }, 'Room:3 Sensor:2');
      });

      it('combines q with a type and an id pattern', async () => {
        await expectIds({ q: 'temperature>=20', type: 'Smart' }, 'Room:3');
        await expectIds({ q: 'name~="Block"', idPattern: ':B$' }, 'Building:B');
      });

      it('refuses a malformed q', async () => {
        for (const q of ['temperature>', 'temperature==20;', '(temperature==20', 'temperature===20', 'a[b']) {
          code(await t.get(`${ENTITIES}?${qs({ q })}`), 400, 'BAD_REQUEST_DATA');
          code(await t.post(QUERY, { type: 'Query', q }), 400, 'BAD_REQUEST_DATA');
        }
      });
    });

    describe('scope queries', () => {
      it('matches a scope and every scope below it with /#', async () => {
        await expectIds({ scopeQ: '/hcmc/#' }, 'Room:1 Room:2 Room:3 Sensor:2');
        await expectIds({ scopeQ: '/hcmc/d1/#' }, 'Room:1 Room:2');
      });

      it('matches exactly one level with /+', async () => {
        await expectIds({ scopeQ: '/hcmc/+' }, 'Room:1 Room:3');
        await expectIds({ scopeQ: '/hcmc/+/w1' }, 'Sensor:2');
      });

      it('matches exact scopes, combined with , ; and a type', async () => {
        await expectIds({ scopeQ: '/x' }, 'Sensor:2');
        await expectIds({ scopeQ: '/hanoi/d1,/x' }, 'Sensor:1 Sensor:2');
        await expectIds({ scopeQ: '/hcmc/#;/x' }, 'Sensor:2');
        await expectIds({ scopeQ: '/hcmc/#', type: 'Room' }, 'Room:1 Room:2 Room:3');
      });

      it('refuses a scope that does not start with /', async () => {
        code(await t.get(`${ENTITIES}?scopeQ=hcmc`), 400, 'BAD_REQUEST_DATA');
      });
    });

    describe('representations', () => {
      const room1 = `${ENTITIES}?id=urn:ngsi-ld:Room:1`;

      it('shows normalized entities by default', async () => {
        const [room] = ok(await t.get(room1)).json() as Json[];
        const { createdAt: _c, modifiedAt: _m, ...input } = fixture[0]!;
        const expected = structuredClone(input) as Json;
        (expected.temperature as Json).observedAt = '2024-01-01T10:00:00.000Z';
        assert.deepEqual(room, expected);
      });

      it('shows concise entities with options=concise and with format=concise', async () => {
        for (const params of ['options=concise', 'format=concise']) {
          const [room] = ok(await t.get(`${room1}&${params}`)).json() as Json[];
          assert.equal(room?.name, 'Kitchen');
          assert.equal(room?.open, true);
          assert.deepEqual(room?.locatedIn, { object: 'urn:ngsi-ld:Building:A' });
          assert.equal((room?.temperature as Json).value, 20);
          assert.equal((room?.temperature as Json).unitCode, 'CEL');
        }
      });

      it('shows key-values with options=keyValues, options=simplified and format=keyValues', async () => {
        for (const params of ['options=keyValues', 'options=simplified', 'format=keyValues']) {
          const [room] = ok(await t.get(`${room1}&${params}`)).json() as Json[];
          assert.deepEqual(room, {
            id: 'urn:ngsi-ld:Room:1',
            type: 'Room',
            scope: '/hcmc/d1',
            temperature: 20,
            name: 'Kitchen',
            open: true,
            cleanedAt: '2024-03-01T08:00:00Z',
            inspectedAt: dateTime('2024-03-01T08:00:00Z'),
            locatedIn: 'urn:ngsi-ld:Building:A',
            address: { city: 'HCMC', geo: { floor: 2 } },
            location: { type: 'Point', coordinates: [106.7, 10.78] },
          });
        }
      });

      it('refuses an unknown option or format', async () => {
        code(await t.get(`${room1}&options=verbose`), 400, 'BAD_REQUEST_DATA');
        code(await t.get(`${room1}&format=table`), 400, 'BAD_REQUEST_DATA');
      });

      it('keeps only the picked members, and leaves out the omitted ones', async () => {
        const [picked] = ok(await t.get(`${room1}&pick=id,name`)).json() as Json[];
        assert.deepEqual(picked, { id: 'urn:ngsi-ld:Room:1', name: P('Kitchen') });
        const [omitted] = ok(
          await t.get(`${room1}&omit=type,temperature,address&options=keyValues`),
        ).json() as Json[];
        assert.equal(omitted?.type, undefined);
        assert.equal(omitted?.temperature, undefined);
        assert.equal(omitted?.address, undefined);
        assert.equal(omitted?.name, 'Kitchen');
        const viaPost = ok(
          await t.post(`${QUERY}?pick=id,open&options=keyValues`, queryBody({ type: 'Room' })),
        ).json();
        assert.deepEqual(
          (viaPost as Json[]).find((e) => e.id === 'urn:ngsi-ld:Room:2'),
          { id: 'urn:ngsi-ld:Room:2', open: false },
        );
      });

      it('refuses pick together with attrs', async () => {
        code(await t.get(`${room1}&pick=name&attrs=name`), 400, 'BAD_REQUEST_DATA');
      });

      it('shows a LanguageProperty in the asked language with lang', async () => {
        const url = `${ENTITIES}?id=urn:ngsi-ld:Building:B`;
        const [plain] = ok(await t.get(url)).json() as Json[];
        assert.deepEqual(plain?.label, fixture[6]!.label);
        const [vi] = ok(await t.get(`${url}&lang=vi`)).json() as Json[];
        assert.deepEqual(vi?.label, { type: 'Property', value: 'Tháp', lang: 'vi' });
        const [ranked] = ok(
          await t.get(`${url}&lang=${encodeURIComponent('de,fr;q=0.9,en;q=0.5')}`),
        ).json() as Json[];
        assert.deepEqual(ranked?.label, { type: 'Property', value: 'Tour', lang: 'fr' });
        const [kv] = ok(await t.get(`${url}&lang=en&options=keyValues`)).json() as Json[];
        assert.equal(kv?.label, 'Tower');
        const body = { ...queryBody({ id: 'urn:ngsi-ld:Building:B' }), lang: 'vi' };
        const [posted] = ok(await t.post(QUERY, body)).json() as Json[];
        assert.deepEqual(posted?.label, { type: 'Property', value: 'Tháp', lang: 'vi' });
      });

      it('answers Accept: application/geo+json with a FeatureCollection of the location', async () => {
        const res = ok(await t.get(`${ENTITIES}?type=Room`, { headers: { accept: 'application/geo+json' } }));
        assert.match(String(res.headers['content-type']), /^application\/geo\+json/);
        const fc = res.json() as { type: string; features: Json[] };
        assert.equal(fc.type, 'FeatureCollection');
        const room1Feature = fc.features.find((f) => f.id === 'urn:ngsi-ld:Room:1');
        assert.equal(room1Feature?.type, 'Feature');
        assert.deepEqual(room1Feature?.geometry, { type: 'Point', coordinates: [106.7, 10.78] });
        assert.equal((room1Feature?.properties as Json).type, 'Room');
        assert.deepEqual((room1Feature?.properties as Json).name, P('Kitchen'));
        assert.equal(fc.features.length, 3);
      });

      it('takes the geometry from geometryProperty, null for entities without it', async () => {
        const res = ok(
          await t.get(`${ENTITIES}?type=Room&geometryProperty=entrance&options=keyValues`, {
            headers: { accept: 'application/geo+json' },
          }),
        );
        const features = (res.json() as { features: Json[] }).features;
        const byId = new Map(features.map((f) => [f.id, f]));
        assert.deepEqual(byId.get('urn:ngsi-ld:Room:3')?.geometry, {
          type: 'Point',
          coordinates: [106.725, 10.805],
        });
        assert.equal(byId.get('urn:ngsi-ld:Room:1')?.geometry, null);
        assert.equal((byId.get('urn:ngsi-ld:Room:1')?.properties as Json).name, 'Kitchen');
      });

      it('answers POST /entityOperations/query as GeoJSON too', async () => {
        const res = ok(
          await t.post(QUERY, queryBody({ type: 'Sensor' }), { headers: { accept: 'application/geo+json' } }),
        );
        const fc = res.json() as { type: string; features: Json[] };
        assert.equal(fc.type, 'FeatureCollection');
        assert.deepEqual(
          fc.features.map((f) => f.geometry),
          [null, null],
        );
      });

      it('refuses an Accept header it cannot satisfy with 406', async () => {
        code(
          await t.get(`${ENTITIES}?type=Room`, { headers: { accept: 'text/csv' } }),
          406,
          'NOT_ACCEPTABLE',
        );
      });
    });
  });

  describe(`entity query pagination (${name})`, () => {
    let t: TestApp;
    const total = 23;

    before(async () => {
      t = await makeTestApp(name, { DOTHI_QUERY_MAX_LIMIT: '50', DOTHI_QUERY_DEFAULT_LIMIT: '20' });
      const pages = Array.from({ length: total }, (_, i) => ({
        id: `urn:ngsi-ld:Page:${String(i).padStart(2, '0')}`,
        type: 'Page',
        n: P(i),
      }));
      ok(await t.post('/ngsi-ld/v1/entityOperations/create', pages), 201);
      ok(await t.post(ENTITIES, { id: 'urn:ngsi-ld:Other:1', type: 'Other', n: P(1) }), 201);
    });
    after(async () => t.dispose());

    function links(res: LightMyRequestResponse): Record<string, string> {
      const out: Record<string, string> = {};
      for (const m of String(res.headers.link ?? '').matchAll(/<([^>]*)>\s*;\s*rel="?([^";,]+)"?/g)) {
        out[m[2]!] = m[1]!;
      }
      return out;
    }

    it('counts every match with count=true in NGSILD-Results-Count', async () => {
      const res = ok(await t.get(`${ENTITIES}?type=Page&count=true&limit=5`));
      assert.equal(res.headers['ngsild-results-count'], String(total));
      assert.equal((res.json() as unknown[]).length, 5);
      const none = ok(await t.get(`${ENTITIES}?type=Page&count=true&limit=0`));
      assert.equal(none.headers['ngsild-results-count'], String(total));
      assert.deepEqual(none.json(), []);
      const uncounted = ok(await t.get(`${ENTITIES}?type=Page&limit=5`));
      assert.equal(uncounted.headers['ngsild-results-count'], undefined);
    });

    it('gives a page of DOTHI_QUERY_DEFAULT_LIMIT entities when no limit is asked', async () => {
      assert.equal((ok(await t.get(`${ENTITIES}?type=Page`)).json() as unknown[]).length, 20);
    });

    it('walks every page by the rel="next" links, each entity exactly once', async () => {
      const seen: string[] = [];
      let url: string | undefined = `${ENTITIES}?type=Page&limit=4`;
      let pages = 0;
      while (url !== undefined) {
        const res = ok(await t.get(url));
        const page = res.json() as Json[];
        seen.push(...page.map((e) => String(e.id)));
        const l = links(res);
        if (pages === 0) assert.equal(l.prev, undefined, 'the first page has no rel="prev"');
        else assert.ok(l.prev !== undefined, 'later pages have rel="prev"');
        url = l.next;
        pages += 1;
        assert.ok(pages <= total, 'pagination does not end');
      }
      assert.equal(pages, Math.ceil(total / 4));
      assert.equal(seen.length, total);
      assert.equal(new Set(seen).size, total);
      assert.ok(seen.every((id) => id.startsWith('urn:ngsi-ld:Page:')));
    });

    it('walks back by the rel="prev" links to the first page', async () => {
      let url: string | undefined = `${ENTITIES}?type=Page&limit=5&offset=20&count=true`;
      const seen: string[] = [];
      for (let i = 0; url !== undefined && i <= total; i += 1) {
        const res = ok(await t.get(url));
        seen.push(...(res.json() as Json[]).map((e) => String(e.id)));
        url = links(res).prev;
      }
      assert.equal(seen.length, total);
      assert.equal(new Set(seen).size, total);
    });

    it('gives no rel="next" on the last page when the count says so', async () => {
      const res = ok(await t.get(`${ENTITIES}?type=Page&limit=10&offset=20&count=true`));
      assert.equal((res.json() as unknown[]).length, 3);
      assert.equal(links(res).next, undefined);
      assert.ok(links(res).prev !== undefined);
    });

    it('walks the pages of POST /entityOperations/query with the same body', async () => {
      const body = { type: 'Query', entities: [{ type: 'Page' }], q: 'n>=3' };
      const seen: string[] = [];
      let url: string | undefined = `${QUERY}?limit=6&count=true`;
      for (let i = 0; url !== undefined && i <= total; i += 1) {
        const res = ok(await t.post(url, body));
        assert.equal(res.headers['ngsild-results-count'], String(total - 3));
        seen.push(...(res.json() as Json[]).map((e) => String(e.id)));
        url = links(res).next;
      }
      assert.equal(seen.length, total - 3);
      assert.equal(new Set(seen).size, total - 3);
    });

    it('refuses a limit above DOTHI_QUERY_MAX_LIMIT with 403 TOO_MANY_RESULTS', async () => {
      ok(await t.get(`${ENTITIES}?type=Page&limit=50`));
      code(await t.get(`${ENTITIES}?type=Page&limit=51`), 403, 'TOO_MANY_RESULTS');
      code(
        await t.post(`${QUERY}?limit=51`, { type: 'Query', entities: [{ type: 'Page' }] }),
        403,
        'TOO_MANY_RESULTS',
      );
    });

    it('refuses a negative or non-integer limit or offset', async () => {
      for (const p of ['limit=-1', 'limit=2.5', 'limit=x', 'offset=-3', 'offset=1.5']) {
        code(await t.get(`${ENTITIES}?type=Page&${p}`), 400, 'BAD_REQUEST_DATA');
      }
    });
  });

  describe(`queries by entity type alone (${name})`, () => {
    // Types A, B and both, interleaved in creation order; five more of type A in another tenant.
    // Such a query reads the keys of its types (entity_types) rather than the tenant's entities.
    let t: TestApp;
    const n = 30;
    const typesOf = (i: number) => [['A'], ['B'], ['A', 'B']][i % 3]!;
    const id = (i: number) => `urn:ngsi-ld:Mixed:${String(i).padStart(2, '0')}`;
    const other = { 'NGSILD-Tenant': 'elsewhere' };

    before(async () => {
      t = await makeTestApp(name, { DOTHI_QUERY_MAX_LIMIT: '50' });
      for (let i = 0; i < n; i += 1) {
        const entity = { id: id(i), type: typesOf(i), n: P(i), ...(i % 5 === 0 ? { flag: P(true) } : {}) };
        ok(await t.post(ENTITIES, entity), 201);
      }
      for (let i = 0; i < 5; i += 1) {
        ok(await t.post(ENTITIES, { id: id(100 + i), type: 'A', n: P(i) }, { headers: other }), 201);
      }
    });
    after(async () => t.dispose());

    /** Every page of the query by its rel="next" links, in order. */
    async function walk(params: string, headers: Record<string, string> = {}): Promise<string[]> {
      const seen: string[] = [];
      let url: string | undefined = `${ENTITIES}?${params}&limit=4`;
      for (let pages = 0; url !== undefined; pages += 1) {
        assert.ok(pages <= n, 'pagination does not end');
        const res = ok(await t.get(url, { headers }));
        seen.push(...(res.json() as Json[]).map((e) => String(e.id)));
        url = /<([^>]*)>\s*;\s*rel="?next"?/.exec(String(res.headers.link ?? ''))?.[1];
      }
      return seen;
    }

    const expected = (keep: (types: string[], i: number) => boolean) =>
      Array.from({ length: n }, (_, i) => i)
        .filter((i) => keep(typesOf(i), i))
        .map(id);

    it('pages one type and a list of types in the order of an indexed query, each entity once', async () => {
      for (const [type, keep] of [
        ['A', (ts: string[]) => ts.includes('A')],
        ['A,B', () => true],
        ['B|A', () => true],
        ['A;B', (ts: string[]) => ts.length === 2],
      ] as const) {
        const pages = await walk(`type=${encodeURIComponent(type)}`);
        assert.deepEqual([...pages].sort(), expected(keep), type);
        // The same selection with a q term, which the attr_values index answers.
        assert.deepEqual(pages, await walk(`type=${encodeURIComponent(type)}&q=n>=0`), type);
      }
    });

    it('pages POST /entityOperations/query with one selector per type like type=A,B', async () => {
      const body = { type: 'Query', entities: [{ type: 'A' }, { type: 'B' }, { type: 'A;B' }] };
      const seen: string[] = [];
      let url: string | undefined = `${QUERY}?limit=7`;
      for (let pages = 0; url !== undefined; pages += 1) {
        assert.ok(pages <= n, 'pagination does not end');
        const res = ok(await t.post(url, body));
        seen.push(...(res.json() as Json[]).map((e) => String(e.id)));
        url = /<([^>]*)>\s*;\s*rel="?next"?/.exec(String(res.headers.link ?? ''))?.[1];
      }
      assert.deepEqual(seen, await walk('type=A,B'));
    });

    it("counts each entity once, and only the tenant's", async () => {
      const count = async (type: string, headers: Record<string, string> = {}) =>
        ok(await t.get(`${ENTITIES}?type=${encodeURIComponent(type)}&count=true&limit=0`, { headers }))
          .headers['ngsild-results-count'];
      assert.equal(await count('A'), '20');
      assert.equal(await count('A,B'), '30');
      assert.equal(await count('A;B'), '10');
      assert.equal(await count('Nothing'), '0');
      assert.equal(await count('A', other), '5');
      assert.deepEqual(await walk('type=A', other), [100, 101, 102, 103, 104].map(id));
    });

    it('applies idPattern, attrs and negated q terms to each entity of the type', async () => {
      assert.deepEqual(
        await walk(`type=A&q=${encodeURIComponent('n!=3;!flag')}`),
        expected((ts, i) => ts.includes('A') && i !== 3 && i % 5 !== 0),
      );
      assert.deepEqual(
        await walk(`type=B&idPattern=${encodeURIComponent('[02]$')}`),
        expected((ts, i) => ts.includes('B') && [0, 2].includes(i % 10)),
      );
      assert.deepEqual(
        await walk('type=A,B&attrs=flag'),
        expected((_, i) => i % 5 === 0),
      );
    });

    // Last: it changes the entities of both tenants.
    it("follows a type's entities through replace and delete, each tenant apart", async () => {
      const count = async (type: string, headers: Record<string, string> = {}) =>
        ok(await t.get(`${ENTITIES}?type=${type}&count=true&limit=0`, { headers })).headers[
          'ngsild-results-count'
        ];
      const types = async (headers: Record<string, string> = {}) =>
        (ok(await t.get('/ngsi-ld/v1/types', { headers })).json() as Json).typeList;
      // The same id and type as an entity of the other tenant.
      ok(await t.post(ENTITIES, { id: id(100), type: 'A', n: P(0) }), 201);
      assert.equal(await count('A'), '21');
      ok(await t.del(`${ENTITIES}/${id(100)}`), 204);
      assert.equal(await count('A'), '20');
      assert.equal(await count('A', other), '5');
      assert.deepEqual(await walk('type=A', other), [100, 101, 102, 103, 104].map(id));

      ok(await t.put(`${ENTITIES}/${id(101)}`, { type: 'C', n: P(1) }, { headers: other }), 204);
      assert.equal(await count('A', other), '4');
      assert.equal(await count('C', other), '1');
      assert.equal(await count('C'), '0');
      assert.deepEqual(await walk('type=C', other), [id(101)]);
      assert.deepEqual(await walk('type=C'), []);
      assert.deepEqual(await types(other), ['A', 'C']);
      assert.deepEqual(await types(), ['A', 'B']);
    });
  });

  describe(`discovery of types and attributes (${name})`, () => {
    let t: TestApp;
    const link = {
      link: `<${PARKING}>; rel="http://www.w3.org/ns/json-ld#context"; type="application/ld+json"`,
    };
    const parkingIri = 'https://smartdatamodels.org/dataModel.Parking/';

    before(async () => {
      t = await makeTestApp(name);
      ok(await t.post('/ngsi-ld/v1/entityOperations/create', fixture), 201);
      const parking = {
        id: 'urn:ngsi-ld:OffStreetParking:1',
        type: 'OffStreetParking',
        availableSpotNumber: P(12),
        totalSpotNumber: P(50),
        name: P('Ben Thanh'),
      };
      ok(await t.post(ENTITIES, parking, { headers: link }), 201);
    });
    after(async () => t.dispose());

    it('lists the entity types, compacted with the request context', async () => {
      const plain = ok(await t.get('/ngsi-ld/v1/types')).json() as Json;
      assert.equal(plain.type, 'EntityTypeList');
      assert.match(String(plain.id), /^urn:/);
      assert.deepEqual(
        [...(plain.typeList as string[])].sort(),
        ['Building', 'Room', 'Sensor', 'Smart', `${parkingIri}OffStreetParking`].sort(),
      );
      const withLink = ok(await t.get('/ngsi-ld/v1/types', { headers: link })).json() as Json;
      assert.ok((withLink.typeList as string[]).includes('OffStreetParking'));
    });

    it('lists the entity types with their attribute names with details=true', async () => {
      const list = ok(await t.get('/ngsi-ld/v1/types?details=true', { headers: link })).json() as Json[];
      const parking = list.find((x) => x.typeName === 'OffStreetParking');
      assert.equal(parking?.id, `${parkingIri}OffStreetParking`);
      assert.equal(parking?.type, 'EntityType');
      assert.deepEqual([...(parking?.attributeNames as string[])].sort(), [
        'availableSpotNumber',
        'name',
        'totalSpotNumber',
      ]);
      const smart = list.find((x) => x.id === `${DEFAULT_VOCAB}Smart`);
      assert.ok(smart !== undefined);
      assert.ok((smart.attributeNames as string[]).includes('humidity'));
    });

    it('describes one entity type: its entity count and attribute details', async () => {
      const room = ok(await t.get('/ngsi-ld/v1/types/Room')).json() as Json;
      assert.equal(room.id, `${DEFAULT_VOCAB}Room`);
      assert.equal(room.type, 'EntityTypeInfo');
      assert.equal(room.typeName, 'Room');
      assert.equal(room.entityCount, 3);
      const details = room.attributeDetails as Json[];
      const temperature = details.find((a) => a.attributeName === 'temperature');
      assert.deepEqual(temperature, {
        id: `${DEFAULT_VOCAB}temperature`,
        type: 'Attribute',
        attributeName: 'temperature',
        attributeTypes: ['Property'],
      });
      assert.deepEqual(details.find((a) => a.attributeName === 'locatedIn')?.attributeTypes, [
        'Relationship',
      ]);
      assert.deepEqual(details.find((a) => a.attributeName === 'location')?.attributeTypes, ['GeoProperty']);
      const parking = ok(await t.get('/ngsi-ld/v1/types/OffStreetParking', { headers: link })).json() as Json;
      assert.equal(parking.entityCount, 1);
      assert.equal(parking.typeName, 'OffStreetParking');
    });

    it('answers 404 for a type without entities, or a term the context does not know', async () => {
      code(await t.get('/ngsi-ld/v1/types/Nothing'), 404, 'RESOURCE_NOT_FOUND');
      code(await t.get('/ngsi-ld/v1/types/OffStreetParking'), 404, 'RESOURCE_NOT_FOUND');
    });

    it('lists the attributes, compacted with the request context', async () => {
      const plain = ok(await t.get('/ngsi-ld/v1/attributes')).json() as Json;
      assert.equal(plain.type, 'AttributeList');
      const names = plain.attributeList as string[];
      for (const n of ['temperature', 'humidity', 'name', 'label', 'locatedIn', 'location']) {
        assert.ok(names.includes(n), n);
      }
      assert.ok(names.includes(`${parkingIri}availableSpotNumber`));
      const withLink = ok(await t.get('/ngsi-ld/v1/attributes', { headers: link })).json() as Json;
      assert.ok((withLink.attributeList as string[]).includes('availableSpotNumber'));
    });

    it('lists the attributes with the types that have them with details=true', async () => {
      const list = ok(await t.get('/ngsi-ld/v1/attributes?details=true')).json() as Json[];
      const humidity = list.find((a) => a.attributeName === 'humidity');
      assert.equal(humidity?.id, `${DEFAULT_VOCAB}humidity`);
      assert.equal(humidity?.type, 'Attribute');
      assert.deepEqual([...(humidity?.typeNames as string[])].sort(), ['Sensor', 'Smart']);
      const linked = ok(
        await t.get('/ngsi-ld/v1/attributes?details=true', { headers: link }),
      ).json() as Json[];
      const spots = linked.find((a) => a.attributeName === 'availableSpotNumber');
      assert.equal(spots?.id, `${parkingIri}availableSpotNumber`);
      assert.deepEqual(spots?.typeNames, ['OffStreetParking']);
    });

    it('describes one attribute: its count, attribute types and entity types', async () => {
      const temperature = ok(await t.get('/ngsi-ld/v1/attributes/temperature')).json() as Json;
      assert.equal(temperature.id, `${DEFAULT_VOCAB}temperature`);
      assert.equal(temperature.type, 'Attribute');
      assert.equal(temperature.attributeName, 'temperature');
      assert.equal(temperature.attributeCount, 4);
      assert.deepEqual(temperature.attributeTypes, ['Property']);
      assert.deepEqual([...(temperature.typeNames as string[])].sort(), ['Room', 'Sensor', 'Smart']);
      const spots = ok(
        await t.get('/ngsi-ld/v1/attributes/availableSpotNumber', { headers: link }),
      ).json() as Json;
      assert.equal(spots.id, `${parkingIri}availableSpotNumber`);
      assert.equal(spots.attributeName, 'availableSpotNumber');
      assert.deepEqual(spots.typeNames, ['OffStreetParking']);
      code(await t.get('/ngsi-ld/v1/attributes/availableSpotNumber'), 404, 'RESOURCE_NOT_FOUND');
    });

    it('answers discovery with the @context in the body for Accept: application/ld+json', async () => {
      const res = ok(
        await t.get('/ngsi-ld/v1/types', { headers: { ...link, accept: 'application/ld+json' } }),
      );
      assert.match(String(res.headers['content-type']), /^application\/ld\+json/);
      const body = res.json() as Json;
      assert.ok(JSON.stringify(body['@context']).includes(PARKING));
      assert.ok((body.typeList as string[]).includes('OffStreetParking'));
    });

    it('keeps tenants apart', async () => {
      const tenant = { 'NGSILD-Tenant': 'district7' };
      ok(
        await t.post(
          ENTITIES,
          { id: 'urn:ngsi-ld:Kiosk:1', type: 'Kiosk', open: P(true) },
          { headers: tenant },
        ),
        201,
      );
      const types = ok(await t.get('/ngsi-ld/v1/types', { headers: tenant })).json() as Json;
      assert.deepEqual(types.typeList, ['Kiosk']);
      const attrs = ok(await t.get('/ngsi-ld/v1/attributes', { headers: tenant })).json() as Json;
      assert.deepEqual(attrs.attributeList, ['open']);
      code(
        await t.get('/ngsi-ld/v1/types', { headers: { 'NGSILD-Tenant': 'nobody' } }),
        404,
        'NONEXISTENT_TENANT',
      );
    });
  });
}
