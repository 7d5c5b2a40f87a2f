import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkGeometry, looksLikeGeometry } from './validate-geometry.js';

const square = [
  [0, 0],
  [1, 0],
  [1, 1],
  [0, 1],
  [0, 0],
];

describe('checkGeometry', () => {
  it('accepts every GeoJSON geometry type', () => {
    for (const g of [
      { type: 'Point', coordinates: [105.8, 21.0] },
      { type: 'Point', coordinates: [105.8, 21.0, 12] },
      { type: 'MultiPoint', coordinates: [[1, 2]] },
      {
        type: 'LineString',
        coordinates: [
          [1, 2],
          [3, 4],
        ],
      },
      {
        type: 'MultiLineString',
        coordinates: [
          [
            [1, 2],
            [3, 4],
          ],
        ],
      },
      { type: 'Polygon', coordinates: [square] },
      { type: 'MultiPolygon', coordinates: [[square]] },
      { type: 'GeometryCollection', geometries: [{ type: 'Point', coordinates: [0, 0] }] },
    ]) {
      assert.equal(checkGeometry(g), undefined, g.type);
    }
  });

  it('describes what is wrong with a geometry', () => {
    for (const g of [
      null,
      'POINT(1 2)',
      { type: 'Circle', coordinates: [0, 0] },
      { type: 'Point', coordinates: [[1, 2]] },
      { type: 'Point', coordinates: [1] },
      { type: 'Point', coordinates: [1, '2'] },
      { type: 'Point', coordinates: [1, Number.NaN] },
      { type: 'LineString', coordinates: [[1, 2]] },
      { type: 'Polygon', coordinates: [square.slice(0, 4)] },
      { type: 'Polygon', coordinates: [] },
      {
        type: 'MultiPolygon',
        coordinates: [
          [
            [
              [0, 0],
              [1, 1],
              [0, 0],
            ],
          ],
        ],
      },
      { type: 'GeometryCollection', geometries: [{ type: 'Point' }] },
      { type: 'GeometryCollection' },
    ]) {
      assert.equal(typeof checkGeometry(g), 'string', JSON.stringify(g));
    }
  });
});

describe('looksLikeGeometry', () => {
  it('recognises a geometry type with coordinates, not other typed objects', () => {
    assert.ok(looksLikeGeometry({ type: 'Point', coordinates: [0, 0] }));
    assert.ok(looksLikeGeometry({ type: 'GeometryCollection', geometries: [] }));
    assert.ok(!looksLikeGeometry({ type: 'Point' }));
    assert.ok(!looksLikeGeometry({ type: 'PostalAddress', coordinates: [] }));
  });
});
