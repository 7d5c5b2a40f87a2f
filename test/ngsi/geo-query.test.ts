// Geo-query conformance (CIM 009 §4.10; GET /entities §6.4.3.2 and the geoQ of POST
// /entityOperations/query §6.23) on every store. Places around the centre of Ho Chi Minh City
// (lon 106.70, lat 10.78), where 0.001° of longitude is ~109 m and 0.001° of latitude ~111 m;
// every distance threshold below is at least 20 % away from the nearest entity.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { makeTestApp, type TestApp } from '../support/app.js';
import { storeNames } from '../support/stores.js';

const ENTITIES = '/ngsi-ld/v1/entities';
const QUERY = '/ngsi-ld/v1/entityOperations/query';

type Json = Record<string, unknown>;
type Position = [number, number];

const geo = (type: string, coordinates: unknown) => ({ type: 'GeoProperty', value: { type, coordinates } });
const box = (w: number, s: number, e: number, n: number): Position[][] => [
  [
    [w, s],
    [e, s],
    [e, n],
    [w, n],
    [w, s],
  ],
];

// Spots (Points), from the origin: A 0 m, B ~547 m east, C ~2.19 km east, D ~5.53 km north,
// E ~10.9 km east. Each has an `entrance` 0.005° (~553 m) north of it.
const spots: Array<[string, Position, number]> = [
  ['A', [106.7, 10.78], 1],
  ['B', [106.705, 10.78], 2],
  ['C', [106.72, 10.78], 3],
  ['D', [106.7, 10.83], 4],
  ['E', [106.8, 10.78], 5],
];

const park = box(106.69, 10.77, 106.71, 10.79);
const fixture: Json[] = [
  ...spots.map(([id, [lon, lat], rank]) => ({
    id: `urn:ngsi-ld:Spot:${id}`,
    type: 'Spot',
    rank: { type: 'Property', value: rank },
    location: geo('Point', [lon, lat]),
    entrance: geo('Point', [lon, lat + 0.005]),
  })),
  { id: 'urn:ngsi-ld:Spot:Nowhere', type: 'Spot', rank: { type: 'Property', value: 0 } },
  { id: 'urn:ngsi-ld:Area:Park', type: 'Area', location: geo('Polygon', park) },
  {
    id: 'urn:ngsi-ld:Area:Road',
    type: 'Area',
    location: geo('LineString', [
      [106.69, 10.775],
      [106.73, 10.775],
    ]),
  },
  {
    id: 'urn:ngsi-ld:Area:District',
    type: 'Area',
    location: geo('MultiPolygon', [box(106.79, 10.77, 106.81, 10.79), box(106.84, 10.77, 106.86, 10.79)]),
  },
];

const short = (id: string) => id.replace(/^urn:ngsi-ld:[A-Za-z]+:/, '');
const idsOf = (body: unknown) => (body as Json[]).map((e) => short(String(e.id))).sort();

interface GeoParams {
  georel: string;
  geometry: string;
  coordinates: unknown;
  geoproperty?: string;
  type?: string;
  q?: string;
}

function getUrl(p: GeoParams, extra = ''): string {
  const params: Record<string, string> = {
    georel: p.georel,
    geometry: p.geometry,
    coordinates: JSON.stringify(p.coordinates),
  };
  if (p.geoproperty !== undefined) params.geoproperty = p.geoproperty;
  if (p.type !== undefined) params.type = p.type;
  if (p.q !== undefined) params.q = p.q;
  const query = Object.entries(params)
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join('&');
  return `${ENTITIES}?${query}${extra}`;
}

function postBody(p: GeoParams): Json {
  const geoQ: Json = { georel: p.georel, geometry: p.geometry, coordinates: p.coordinates };
  if (p.geoproperty !== undefined) geoQ.geoproperty = p.geoproperty;
  const body: Json = { type: 'Query', geoQ };
  if (p.type !== undefined) body.entities = [{ type: p.type }];
  if (p.q !== undefined) body.q = p.q;
  return body;
}

function ok(res: LightMyRequestResponse): LightMyRequestResponse {
  assert.equal(res.statusCode, 200, res.body);
  return res;
}

function badRequest(res: LightMyRequestResponse): void {
  assert.equal(res.statusCode, 400, res.body);
  assert.equal((res.json() as Json).code, 'BAD_REQUEST_DATA', res.body);
}

for (const name of storeNames()) {
  describe(`geo-queries (${name})`, () => {
    let t: TestApp;

    /** The same geo-query by GET /entities and by POST /entityOperations/query; both must agree. */
    async function expectIds(p: GeoParams, expected: string): Promise<void> {
      const viaGet = idsOf(ok(await t.get(getUrl(p, '&limit=100'))).json());
      const viaPost = idsOf(ok(await t.post(`${QUERY}?limit=100`, postBody(p))).json());
      const want = expected === '' ? [] : expected.split(' ').sort();
      assert.deepEqual(viaGet, want, `GET ${JSON.stringify(p)}`);
      assert.deepEqual(viaPost, want, `POST ${JSON.stringify(p)}`);
    }

    before(async () => {
      t = await makeTestApp(name);
      const res = await t.post('/ngsi-ld/v1/entityOperations/create', fixture);
      assert.equal(res.statusCode, 201, res.body);
    });
    after(async () => t.dispose());

    const origin: Position = [106.7, 10.78];

    describe('near a point', () => {
      it('keeps entities within maxDistance metres', async () => {
        await expectIds(
          { georel: 'near;maxDistance==1000', geometry: 'Point', coordinates: origin, type: 'Spot' },
          'A B',
        );
        await expectIds(
          { georel: 'near;maxDistance==3000', geometry: 'Point', coordinates: origin, type: 'Spot' },
          'A B C',
        );
        await expectIds(
          { georel: 'near;maxDistance==8000', geometry: 'Point', coordinates: origin, type: 'Spot' },
          'A B C D',
        );
        await expectIds(
          { georel: 'near;maxDistance==400', geometry: 'Point', coordinates: [106.7, 10.75], type: 'Spot' },
          '',
        );
      });

      it('keeps entities at least minDistance metres away', async () => {
        await expectIds(
          { georel: 'near;minDistance==1000', geometry: 'Point', coordinates: origin, type: 'Spot' },
          'C D E',
        );
        await expectIds(
          { georel: 'near;minDistance==8000', geometry: 'Point', coordinates: origin, type: 'Spot' },
          'E',
        );
      });

      it('measures to the nearest point of a line or a polygon', async () => {
        // The road runs along lat 10.775, ~553 m south of the origin; the origin is inside the park.
        await expectIds(
          { georel: 'near;maxDistance==700', geometry: 'Point', coordinates: origin, type: 'Area' },
          'Park Road',
        );
        await expectIds(
          { georel: 'near;maxDistance==400', geometry: 'Point', coordinates: origin, type: 'Area' },
          'Park',
        );
        await expectIds(
          { georel: 'near;minDistance==700', geometry: 'Point', coordinates: origin, type: 'Area' },
          'District',
        );
      });
    });

    describe('near other query geometries', () => {
      it('measures from a LineString', async () => {
        // Along lat 10.776 from lon 106.69 to 106.73: ~442 m south of A, B and C.
        const line = [
          [106.69, 10.776],
          [106.73, 10.776],
        ];
        await expectIds(
          { georel: 'near;maxDistance==600', geometry: 'LineString', coordinates: line, type: 'Spot' },
          'A B C',
        );
        await expectIds(
          { georel: 'near;maxDistance==300', geometry: 'LineString', coordinates: line, type: 'Spot' },
          '',
        );
      });

      it('measures from a Polygon, zero inside it', async () => {
        await expectIds(
          { georel: 'near;maxDistance==100', geometry: 'Polygon', coordinates: park, type: 'Spot' },
          'A B',
        );
        // C is ~1.09 km east of the park's east edge.
        await expectIds(
          { georel: 'near;maxDistance==1500', geometry: 'Polygon', coordinates: park, type: 'Spot' },
          'A B C',
        );
      });
    });

    describe('spatial relations', () => {
      it('within a Polygon', async () => {
        await expectIds({ georel: 'within', geometry: 'Polygon', coordinates: park, type: 'Spot' }, 'A B');
        await expectIds(
          { georel: 'within', geometry: 'Polygon', coordinates: box(106.6, 10.7, 106.9, 10.9) },
          'A B C D E Park Road District',
        );
      });

      it('within a MultiPolygon', async () => {
        const two = [box(106.695, 10.775, 106.706, 10.785), box(106.79, 10.77, 106.81, 10.79)];
        await expectIds(
          { georel: 'within', geometry: 'MultiPolygon', coordinates: two, type: 'Spot' },
          'A B E',
        );
      });

      it('contains a Point', async () => {
        await expectIds(
          { georel: 'contains', geometry: 'Point', coordinates: [106.701, 10.781], type: 'Area' },
          'Park',
        );
        await expectIds(
          { georel: 'contains', geometry: 'Point', coordinates: [106.85, 10.78], type: 'Area' },
          'District',
        );
      });

      it('intersects a LineString', async () => {
        const northSouth = [
          [106.7, 10.76],
          [106.7, 10.8],
        ];
        await expectIds(
          { georel: 'intersects', geometry: 'LineString', coordinates: northSouth, type: 'Area' },
          'Park Road',
        );
        await expectIds(
          { georel: 'intersects', geometry: 'LineString', coordinates: northSouth, type: 'Spot' },
          'A',
        );
      });

      it('intersects a MultiPolygon', async () => {
        const two = [box(106.725, 10.77, 106.74, 10.78), box(106.855, 10.785, 106.87, 10.8)];
        await expectIds(
          { georel: 'intersects', geometry: 'MultiPolygon', coordinates: two, type: 'Area' },
          'Road District',
        );
      });

      it('disjoint from a Polygon', async () => {
        const east = box(106.78, 10.76, 106.87, 10.8);
        await expectIds(
          { georel: 'disjoint', geometry: 'Polygon', coordinates: east, type: 'Area' },
          'Park Road',
        );
        await expectIds(
          { georel: 'disjoint', geometry: 'Polygon', coordinates: east, type: 'Spot' },
          'A B C D',
        );
      });

      it('overlaps a Polygon', async () => {
        // Shares the park's north-east quarter: same dimension, neither inside the other.
        await expectIds(
          {
            georel: 'overlaps',
            geometry: 'Polygon',
            coordinates: box(106.7, 10.78, 106.72, 10.8),
            type: 'Area',
          },
          'Park',
        );
        await expectIds(
          {
            georel: 'overlaps',
            geometry: 'Polygon',
            coordinates: box(106.6, 10.7, 106.9, 10.9),
            type: 'Area',
          },
          '',
        );
      });

      it('equals a Polygon or a Point', async () => {
        await expectIds({ georel: 'equals', geometry: 'Polygon', coordinates: park }, 'Park');
        await expectIds({ georel: 'equals', geometry: 'Point', coordinates: [106.705, 10.78] }, 'B');
      });
    });

    describe('geo-queries with other filters', () => {
      it('tests the GeoProperty named by geoproperty instead of location', async () => {
        // A's entrance is ~111 m from this point, B's ~558 m; A's location ~664 m.
        const nearEntrance: Position = [106.7, 10.786];
        await expectIds(
          {
            georel: 'near;maxDistance==300',
            geometry: 'Point',
            coordinates: nearEntrance,
            geoproperty: 'entrance',
          },
          'A',
        );
        await expectIds(
          { georel: 'near;maxDistance==300', geometry: 'Point', coordinates: nearEntrance, type: 'Spot' },
          '',
        );
        await expectIds(
          { georel: 'within', geometry: 'Polygon', coordinates: park, geoproperty: 'entrance', type: 'Spot' },
          'A B',
        );
      });

      it('combines with a type and q', async () => {
        await expectIds(
          {
            georel: 'near;maxDistance==8000',
            geometry: 'Point',
            coordinates: origin,
            type: 'Spot',
            q: 'rank>=2',
          },
          'B C D',
        );
        await expectIds(
          { georel: 'near;maxDistance==8000', geometry: 'Point', coordinates: origin, q: 'rank==1,4' },
          'A D',
        );
      });

      it('needs no type: a geo-query alone is a filter', async () => {
        await expectIds(
          { georel: 'near;maxDistance==400', geometry: 'Point', coordinates: origin },
          'A Park',
        );
      });

      it('pages geo results, each entity exactly once', async () => {
        const p: GeoParams = {
          georel: 'near;maxDistance==20000',
          geometry: 'Point',
          coordinates: origin,
          type: 'Spot',
        };
        const seen: string[] = [];
        for (let offset = 0; offset < 10; offset += 2) {
          const res = ok(await t.get(getUrl(p, `&limit=2&offset=${offset}&count=true`)));
          assert.equal(res.headers['ngsild-results-count'], '5');
          seen.push(...idsOf(res.json()));
        }
        assert.deepEqual(seen.sort(), ['A', 'B', 'C', 'D', 'E']);
        const last = ok(await t.get(getUrl(p, '&limit=2&offset=4&count=true')));
        assert.ok(!String(last.headers.link ?? '').includes('rel="next"'));
      });

      it('answers a geo-query with GeoJSON', async () => {
        const res = ok(
          await t.get(
            getUrl({
              georel: 'near;maxDistance==1000',
              geometry: 'Point',
              coordinates: origin,
              type: 'Spot',
            }),
            {
              headers: { accept: 'application/geo+json' },
            },
          ),
        );
        const fc = res.json() as { type: string; features: Json[] };
        assert.equal(fc.type, 'FeatureCollection');
        assert.deepEqual(
          fc.features
            .map((f) => f.geometry)
            .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
          [
            { type: 'Point', coordinates: [106.7, 10.78] },
            { type: 'Point', coordinates: [106.705, 10.78] },
          ],
        );
      });
    });

    describe('bad geo-queries', () => {
      const get = (params: Record<string, string>) =>
        t.get(
          `${ENTITIES}?type=Spot&${Object.entries(params)
            .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
            .join('&')}`,
        );

      it('refuses a georel without geometry or coordinates', async () => {
        badRequest(await get({ georel: 'near;maxDistance==10', coordinates: '[106.7,10.78]' }));
        badRequest(await get({ georel: 'within', geometry: 'Polygon' }));
        badRequest(await get({ geometry: 'Point', coordinates: '[106.7,10.78]' }));
        badRequest(await t.post(QUERY, { type: 'Query', geoQ: { georel: 'within', geometry: 'Polygon' } }));
      });

      it('refuses coordinates that are not JSON, or not positions', async () => {
        badRequest(
          await get({ georel: 'near;maxDistance==10', geometry: 'Point', coordinates: '106.7,10.78' }),
        );
        badRequest(await get({ georel: 'near;maxDistance==10', geometry: 'Point', coordinates: '[106.7,' }));
        badRequest(
          await get({ georel: 'near;maxDistance==10', geometry: 'Point', coordinates: '["east","north"]' }),
        );
        badRequest(
          await get({ georel: 'near;maxDistance==10', geometry: 'Point', coordinates: '[106.7,95]' }),
        );
        badRequest(
          await get({
            georel: 'within',
            geometry: 'Polygon',
            coordinates: '[[[106.7,10.78],[106.71,10.78],[106.71,10.79]]]',
          }),
        );
      });

      it('refuses an unknown georel or geometry, and near without a distance', async () => {
        badRequest(await get({ georel: 'around', geometry: 'Point', coordinates: '[106.7,10.78]' }));
        badRequest(await get({ georel: 'near', geometry: 'Point', coordinates: '[106.7,10.78]' }));
        badRequest(
          await get({ georel: 'near;maxDistance==-5', geometry: 'Point', coordinates: '[106.7,10.78]' }),
        );
        badRequest(await get({ georel: 'near;radius==5', geometry: 'Point', coordinates: '[106.7,10.78]' }));
        badRequest(await get({ georel: 'within', geometry: 'Circle', coordinates: '[106.7,10.78]' }));
      });

      it('refuses a self-intersecting query polygon', async () => {
        const bowtie = [
          [
            [106.69, 10.77],
            [106.71, 10.79],
            [106.71, 10.77],
            [106.69, 10.79],
            [106.69, 10.77],
          ],
        ];
        badRequest(await get({ georel: 'within', geometry: 'Polygon', coordinates: JSON.stringify(bowtie) }));
        badRequest(
          await t.post(QUERY, {
            type: 'Query',
            geoQ: { georel: 'intersects', geometry: 'Polygon', coordinates: bowtie },
          }),
        );
      });
    });
  });
}
