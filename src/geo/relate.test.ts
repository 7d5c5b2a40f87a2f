import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  bbox,
  bboxAround,
  distanceMeters,
  meters,
  relate,
  type GeoJsonGeometry,
  type Polygon,
  type GeoRelation,
} from './index.js';

const pt = (x: number, y: number): GeoJsonGeometry => ({ type: 'Point', coordinates: [x, y] });
const sq = (x0: number, y0: number, x1: number, y1: number): Polygon => ({
  type: 'Polygon',
  coordinates: [
    [
      [x0, y0],
      [x1, y0],
      [x1, y1],
      [x0, y1],
      [x0, y0],
    ],
  ],
});
const ln = (...ps: Array<[number, number]>): GeoJsonGeometry => ({ type: 'LineString', coordinates: ps });

const A = sq(0, 0, 2, 2);

describe('relate (entity geometry a, query geometry b)', () => {
  const table: Array<[string, GeoRelation, GeoJsonGeometry, GeoJsonGeometry, boolean]> = [
    ['a point inside is within', 'within', pt(1, 1), A, true],
    ['a point on the edge is not within', 'within', pt(2, 1), A, false],
    ['a point on the edge intersects', 'intersects', pt(2, 1), A, true],
    ['a point on the edge is not disjoint', 'disjoint', pt(2, 1), A, false],
    ['a point outside is disjoint', 'disjoint', pt(3, 1), A, true],
    ['a polygon contains an inner point', 'contains', A, pt(1, 1), true],
    ['a polygon does not contain a point on its edge', 'contains', A, pt(0, 1), false],
    ['a point cannot contain a polygon', 'contains', pt(1, 1), A, false],
    ['a line inside is within', 'within', ln([0.5, 0.5], [1.5, 1.5]), A, true],
    ['a line leaving the polygon is not within', 'within', ln([0.5, 0.5], [3, 3]), A, false],
    [
      'a MultiLineString inside is within (split into parts)',
      'within',
      {
        type: 'MultiLineString',
        coordinates: [
          [
            [0.5, 0.5],
            [1.5, 1.5],
          ],
          [
            [0.2, 1],
            [1, 1.8],
          ],
        ],
      },
      A,
      true,
    ],
    [
      'a point is within a MultiPolygon part',
      'within',
      pt(5, 5),
      {
        type: 'MultiPolygon',
        coordinates: [sq(0, 0, 1, 1).coordinates, sq(4, 4, 6, 6).coordinates],
      },
      true,
    ],
    [
      'a point inside a hole is not within',
      'within',
      pt(2, 2),
      {
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [4, 0],
            [4, 4],
            [0, 4],
            [0, 0],
          ],
          [
            [1, 1],
            [3, 1],
            [3, 3],
            [1, 3],
            [1, 1],
          ],
        ],
      },
      false,
    ],
    ['partly overlapping squares overlap', 'overlaps', A, sq(1, 1, 3, 3), true],
    ['a plus of two bars overlaps', 'overlaps', sq(-1, 0.5, 3, 1.5), sq(0.5, -1, 1.5, 3), true],
    ['squares sharing an edge do not overlap', 'overlaps', A, sq(2, 0, 4, 2), false],
    ['a contained square sharing a corner does not overlap', 'overlaps', A, sq(0, 0, 1, 1), false],
    ['collinear lines sharing a stretch overlap', 'overlaps', ln([0, 0], [2, 0]), ln([1, 0], [3, 0]), true],
    ['crossing lines do not overlap', 'overlaps', ln([0, 0], [2, 2]), ln([0, 2], [2, 0]), false],
    ['a point and a polygon never overlap', 'overlaps', pt(1, 1), A, false],
    [
      'multipoints sharing one point overlap',
      'overlaps',
      {
        type: 'MultiPoint',
        coordinates: [
          [0, 0],
          [1, 1],
        ],
      },
      {
        type: 'MultiPoint',
        coordinates: [
          [1, 1],
          [2, 2],
        ],
      },
      true,
    ],
    [
      'a polygon equals itself starting at another vertex',
      'equals',
      A,
      {
        type: 'Polygon',
        coordinates: [
          [
            [2, 2],
            [0, 2],
            [0, 0],
            [2, 0],
            [2, 2],
          ],
        ],
      },
      true,
    ],
    [
      'a polygon equals the one-part MultiPolygon of it',
      'equals',
      A,
      { type: 'MultiPolygon', coordinates: [A.coordinates] },
      true,
    ],
    ['a line equals its reverse', 'equals', ln([0, 0], [1, 1]), ln([1, 1], [0, 0]), true],
    ['different points are not equal', 'equals', pt(0, 0), pt(0, 1e-9), false],
    [
      'a point equals itself with an altitude',
      'equals',
      pt(1, 2),
      { type: 'Point', coordinates: [1, 2, 30] },
      true,
    ],
    ['crossing lines intersect', 'intersects', ln([0, 0], [2, 2]), ln([0, 2], [2, 0]), true],
    ['far shapes are disjoint without a full test', 'disjoint', sq(10, 10, 11, 11), A, true],
  ];
  for (const [behaviour, relation, a, b, expected] of table) {
    it(behaviour, () => assert.equal(relate(relation, a, b), expected));
  }
});

describe('distanceMeters', () => {
  it('measures point to point on the sphere (1/1000 degree of latitude is about 111 m)', () => {
    const d = distanceMeters(pt(106.7, 10.78), pt(106.7, 10.781));
    assert.ok(Math.abs(d - 111.195) < 0.01, String(d));
  });

  it('measures a point to the nearest point of a line, not its vertices', () => {
    const d = distanceMeters(pt(106.7, 10.78), ln([106.69, 10.79], [106.71, 10.79]));
    assert.ok(Math.abs(d - 1111.95) < 1, String(d));
  });

  it('is 0 for a point inside a polygon and the distance to the boundary outside it', () => {
    assert.equal(distanceMeters(pt(1, 1), A), 0);
    const d = distanceMeters(pt(106.7, 10.78), sq(106.701, 10.77, 106.71, 10.79));
    assert.ok(Math.abs(d - 109.23) < 0.5, String(d));
  });

  it('is 0 for crossing lines and the vertex distance between separate polygons', () => {
    assert.equal(distanceMeters(ln([0, 0], [2, 2]), ln([0, 2], [2, 0])), 0);
    const d = distanceMeters(sq(0, 0, 1, 1), sq(0, 2, 1, 3));
    assert.ok(Math.abs(d - 111195) < 5, String(d));
  });
});

describe('bbox and bboxAround', () => {
  it('gives [west, south, east, north]', () => {
    assert.deepEqual(bbox(ln([3, -1], [1, 4], [2, 2])), [1, -1, 3, 4]);
  });

  it('grows a box by at least the distance, more in longitude away from the equator', () => {
    const [w, s, e, n] = bboxAround([106.7, 10.78, 106.7, 10.78], meters(1000));
    const north = distanceMeters(pt(106.7, 10.78), pt(106.7, n));
    const east = distanceMeters(pt(106.7, 10.78), pt(e, 10.78));
    assert.ok(north >= 1000 && north < 1010, String(north));
    assert.ok(east >= 1000 && east < 1010, String(east));
    assert.ok(w < 106.7 && s < 10.78);
  });

  it('spans every longitude near a pole or across the antimeridian', () => {
    assert.deepEqual(
      bboxAround([179.999, 0, 179.999, 0], meters(1000)).filter((_, i) => i % 2 === 0),
      [-180, 180],
    );
    assert.deepEqual(
      bboxAround([0, 89.99, 0, 89.99], meters(5000)).filter((_, i) => i % 2 === 0),
      [-180, 180],
    );
  });
});
