import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isDothiError } from '../../kernel/index.js';
import type { GeoHooks } from '../../store/index.js';
import type { StoredEntity } from '../entity/model.js';
import {
  compileGeoQuery,
  formatGeoQuery,
  geoRows,
  matchGeoQuery,
  parseGeoQuery,
  type GeoQueryInput,
} from './index.js';

const LOCATION = 'https://uri.etsi.org/ngsi-ld/location';
const expand = (term: string) => (term.includes(':') ? term : `https://example.org/${term}`);
const parse = (input: GeoQueryInput) => parseGeoQuery(input, expand);
const point = { georel: 'near;maxDistance==1000', geometry: 'Point', coordinates: '[106.70,10.78]' };
const polygon = '[[[106.69,10.77],[106.71,10.77],[106.71,10.79],[106.69,10.79],[106.69,10.77]]]';

const badRequest = (input: GeoQueryInput) =>
  assert.throws(
    () => parse(input),
    (err: unknown) => isDothiError(err) && err.code === 'BAD_REQUEST_DATA',
  );

describe('parseGeoQuery', () => {
  it('parses near;maxDistance with a Point from the query string', () => {
    const q = parse(point)!;
    assert.equal(q.geoproperty, LOCATION);
    assert.deepEqual(q.predicate, {
      kind: 'near',
      limit: 'maxDistance',
      distance: 1000,
      geometry: { type: 'Point', coordinates: [106.7, 10.78] },
    });
    assert.ok(Object.isFrozen(q) && Object.isFrozen(q.predicate));
  });

  it('parses near;minDistance with a fractional distance', () => {
    const q = parse({ ...point, georel: 'near;minDistance==10.5' })!;
    assert.deepEqual(
      [q.predicate.kind, q.predicate.kind === 'near' && q.predicate.limit],
      ['near', 'minDistance'],
    );
    assert.equal(q.predicate.kind === 'near' ? q.predicate.distance : undefined, 10.5);
  });

  for (const relation of ['within', 'contains', 'intersects', 'disjoint', 'overlaps', 'equals']) {
    it(`parses georel ${relation}`, () => {
      const q = parse({ georel: relation, geometry: 'Polygon', coordinates: polygon })!;
      assert.deepEqual(q.predicate.kind === 'relate' && q.predicate.relation, relation);
    });
  }

  it('takes coordinates as an array, as in a POST /entityOperations/query geoQ', () => {
    const q = parse({ georel: 'within', geometry: 'Polygon', coordinates: JSON.parse(polygon) })!;
    assert.equal(q.predicate.geometry.type, 'Polygon');
  });

  it('expands geoproperty with the request context and defaults to the core location', () => {
    assert.equal(
      parse({ ...point, geoproperty: 'operationSpace' })!.geoproperty,
      'https://example.org/operationSpace',
    );
    assert.equal(parse({ ...point, geoproperty: '' })!.geoproperty, LOCATION);
  });

  it('returns undefined when there is no geo-query, even with a geoproperty', () => {
    assert.equal(parse({}), undefined);
    assert.equal(parse({ geoproperty: 'location' }), undefined);
  });

  it('rejects a georel without geometry or coordinates', () => badRequest({ georel: 'within' }));
  it('rejects geometry and coordinates without a georel', () =>
    badRequest({ geometry: 'Point', coordinates: '[1,2]' }));
  it('rejects near without a distance', () => badRequest({ ...point, georel: 'near' }));
  it('rejects near with both distances (the grammar allows one)', () =>
    badRequest({ ...point, georel: 'near;maxDistance==100;minDistance==10' }));
  it('rejects the NGSIv2 near;maxDistance:1000 form', () =>
    badRequest({ ...point, georel: 'near;maxDistance:1000' }));
  it('rejects a negative distance', () => badRequest({ ...point, georel: 'near;maxDistance==-5' }));
  it('rejects a distance that is not a number', () =>
    badRequest({ ...point, georel: 'near;maxDistance==far' }));
  it('rejects an unknown georel', () => badRequest({ ...point, georel: 'coveredBy' }));
  it('rejects a geometry type outside the geo-query language', () =>
    badRequest({ ...point, geometry: 'GeometryCollection' }));
  it('rejects lowercase geometry names', () => badRequest({ ...point, geometry: 'point' }));
  it('rejects coordinates that are not JSON', () => badRequest({ ...point, coordinates: '106.7,10.78' }));
  it('rejects coordinates that do not fit the geometry', () => badRequest({ ...point, geometry: 'Polygon' }));
  it('rejects a self-intersecting query polygon', () =>
    badRequest({ georel: 'within', geometry: 'Polygon', coordinates: '[[[0,0],[2,2],[2,0],[0,2],[0,0]]]' }));
  it('rejects a latitude out of range', () => badRequest({ ...point, coordinates: '[106.7,100]' }));
  it('rejects a geoproperty that is not a name', () => badRequest({ ...point, geoproperty: 'a b' }));
});

describe('formatGeoQuery', () => {
  it('renders the GeoQuery data type back, with the geoproperty compacted', () => {
    const q = parse({ ...point, geoproperty: 'operationSpace' })!;
    assert.deepEqual(
      formatGeoQuery(q, (iri) => iri.replace('https://example.org/', '')),
      {
        geometry: 'Point',
        coordinates: [106.7, 10.78],
        georel: 'near;maxDistance==1000',
        geoproperty: 'operationSpace',
      },
    );
  });
});

describe('compileGeoQuery', () => {
  it('hands the expanded geoproperty and the predicate to the dialect hooks', () => {
    const seen: unknown[] = [];
    const hooks: GeoHooks = {
      geoPredicate: (attr, predicate) => {
        seen.push(attr, predicate);
        return { sql: 'e.pk IN (?)', params: [1] };
      },
      insertShapes: async () => undefined,
      replaceShapes: async () => undefined,
      deleteShapes: async () => undefined,
    };
    const q = parse(point)!;
    assert.deepEqual(compileGeoQuery(q, hooks), { sql: 'e.pk IN (?)', params: [1] });
    assert.deepEqual(seen, [LOCATION, q.predicate]);
  });
});

const entity = (attrs: StoredEntity['attrs']): StoredEntity => ({
  id: 'urn:ngsi-ld:Thing:1',
  types: ['https://example.org/Thing'],
  createdAt: '2024-01-01T00:00:00Z',
  modifiedAt: '2024-01-01T00:00:00Z',
  attrs,
});
const far = { type: 'Point', coordinates: [107.5, 11.5] };
const close = { type: 'Point', coordinates: [106.701, 10.78] };

describe('geoRows', () => {
  it('lists every GeoProperty instance of every attribute, all datasetIds', () => {
    const rows = geoRows(
      entity({
        [LOCATION]: [
          { type: 'GeoProperty', value: far },
          { type: 'GeoProperty', value: close, datasetId: 'urn:ds:gps' },
        ],
        'https://example.org/area': [{ type: 'GeoProperty', value: close }],
        'https://example.org/name': [{ type: 'Property', value: 'not a shape' }],
      }),
    );
    assert.deepEqual(
      rows.map((r) => [r.attr, r.geometry]),
      [
        [LOCATION, far],
        [LOCATION, close],
        ['https://example.org/area', close],
      ],
    );
  });

  it('skips values that are not geometries', () => {
    assert.deepEqual(
      geoRows(entity({ [LOCATION]: [{ type: 'GeoProperty', value: { type: 'Point', coordinates: 'x' } }] })),
      [],
    );
  });
});

describe('matchGeoQuery', () => {
  const q = parse(point)!;
  it('matches when any instance of the geoproperty satisfies the query', () => {
    const e = entity({
      [LOCATION]: [
        { type: 'GeoProperty', value: far },
        { type: 'GeoProperty', value: close, datasetId: 'urn:ds:2' },
      ],
    });
    assert.equal(matchGeoQuery(e, q), true);
  });
  it('does not match when no instance does, or the entity lacks the geoproperty', () => {
    assert.equal(matchGeoQuery(entity({ [LOCATION]: [{ type: 'GeoProperty', value: far }] }), q), false);
    assert.equal(matchGeoQuery(entity({}), parse({ ...point, georel: 'near;minDistance==1' })!), false);
  });
});
