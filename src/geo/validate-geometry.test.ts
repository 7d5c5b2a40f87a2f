import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isDothiError } from '../kernel/index.js';
import { isGeometry, parseGeometry, storedGeometry, validateGeometry } from './index.js';

const square = [
  [106.69, 10.77],
  [106.71, 10.77],
  [106.71, 10.79],
  [106.69, 10.79],
  [106.69, 10.77],
];

describe('validateGeometry', () => {
  const valid: Array<[string, unknown]> = [
    ['a Point', { type: 'Point', coordinates: [106.7, 10.78] }],
    ['a Point with altitude', { type: 'Point', coordinates: [106.7, 10.78, 12.5] }],
    ['a Point at the ends of the ranges', { type: 'Point', coordinates: [-180, 90] }],
    [
      'a MultiPoint',
      {
        type: 'MultiPoint',
        coordinates: [
          [106.7, 10.78],
          [106.71, 10.79],
        ],
      },
    ],
    [
      'a LineString of two positions',
      {
        type: 'LineString',
        coordinates: [
          [106.7, 10.78],
          [106.71, 10.79],
        ],
      },
    ],
    [
      'a self-crossing LineString (GeoJSON allows it)',
      {
        type: 'LineString',
        coordinates: [
          [0, 0],
          [1, 1],
          [1, 0],
          [0, 1],
        ],
      },
    ],
    [
      'a MultiLineString',
      {
        type: 'MultiLineString',
        coordinates: [
          [
            [0, 0],
            [1, 1],
          ],
          [
            [2, 2],
            [3, 3],
          ],
        ],
      },
    ],
    ['a Polygon', { type: 'Polygon', coordinates: [square] }],
    [
      'a Polygon with a hole',
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
            [2, 1],
            [2, 2],
            [1, 1],
          ],
        ],
      },
    ],
    [
      'a Polygon ring with a repeated position',
      {
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [1, 0],
            [1, 0],
            [1, 1],
            [0, 0],
          ],
        ],
      },
    ],
    [
      'a MultiPolygon',
      {
        type: 'MultiPolygon',
        coordinates: [
          [square],
          [
            [
              [0, 0],
              [1, 0],
              [1, 1],
              [0, 0],
            ],
          ],
        ],
      },
    ],
    [
      'a GeometryCollection',
      { type: 'GeometryCollection', geometries: [{ type: 'Point', coordinates: [1, 2] }] },
    ],
  ];
  for (const [what, g] of valid) {
    it(`accepts ${what}`, () => assert.equal(validateGeometry(g), undefined));
  }

  const invalid: Array<[string, unknown, RegExp]> = [
    [
      'an unclosed ring',
      { type: 'Polygon', coordinates: [square.slice(0, 4).concat([[106.69, 10.78]])] },
      /end at its first/,
    ],
    [
      'a ring of three positions',
      {
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [1, 0],
            [0, 0],
          ],
        ],
      },
      /at least 4/,
    ],
    [
      'a self-intersecting bow-tie polygon',
      {
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [2, 2],
            [2, 0],
            [0, 2],
            [0, 0],
          ],
        ],
      },
      /intersects itself/,
    ],
    [
      'a hole crossing the outer ring',
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
            [3, 1],
            [5, 1],
            [5, 2],
            [3, 1],
          ],
        ],
      },
      /intersects itself/,
    ],
    [
      'a bow-tie part of a MultiPolygon',
      {
        type: 'MultiPolygon',
        coordinates: [
          [square],
          [
            [
              [0, 0],
              [2, 2],
              [2, 0],
              [0, 2],
              [0, 0],
            ],
          ],
        ],
      },
      /coordinates\[1\]: the polygon intersects itself/,
    ],
    ['a latitude out of range', { type: 'Point', coordinates: [106.7, 91] }, /latitude 91/],
    ['a longitude out of range', { type: 'Point', coordinates: [180.5, 10] }, /longitude 180.5/],
    ['NaN', { type: 'Point', coordinates: [Number.NaN, 10] }, /not finite/],
    [
      'Infinity',
      {
        type: 'LineString',
        coordinates: [
          [0, 0],
          [Infinity, 1],
        ],
      },
      /coordinates\[1\].*not finite/,
    ],
    ['a string coordinate', { type: 'Point', coordinates: ['106.7', 10.78] }, /position/],
    ['a LineString with one point', { type: 'LineString', coordinates: [[106.7, 10.78]] }, /at least 2/],
    ['a Point nested like a MultiPoint', { type: 'Point', coordinates: [[106.7, 10.78]] }, /position/],
    ['a Polygon nested like a LineString', { type: 'Polygon', coordinates: square }, /coordinates\[0\]/],
    ['a position of four numbers', { type: 'Point', coordinates: [1, 2, 3, 4] }, /position/],
    ['an unknown type', { type: 'Circle', coordinates: [1, 2] }, /not one of/],
    ['a missing type', { coordinates: [1, 2] }, /type/],
    ['an empty MultiPoint', { type: 'MultiPoint', coordinates: [] }, /at least 1/],
    ['an empty Polygon', { type: 'Polygon', coordinates: [] }, /non-empty/],
    [
      'a bad member of a GeometryCollection',
      { type: 'GeometryCollection', geometries: [{ type: 'Point', coordinates: [0, 99] }] },
      /geometries\[0\]\.coordinates/,
    ],
    ['a string', 'POINT(1 2)', /JSON object/],
    ['null', null, /JSON object/],
  ];
  for (const [what, g, problem] of invalid) {
    it(`rejects ${what}, naming the problem`, () => {
      const found = validateGeometry(g);
      assert.ok(found !== undefined, 'expected a problem');
      assert.match(found, problem);
    });
  }
});

describe('parseGeometry', () => {
  it('returns the geometry when valid', () => {
    const g = { type: 'Point', coordinates: [1, 2] };
    assert.equal(parseGeometry(g), g);
    assert.ok(isGeometry(g));
  });

  it('throws BAD_REQUEST_DATA when invalid', () => {
    assert.throws(
      () => parseGeometry({ type: 'Point', coordinates: [1, 200] }),
      (err: unknown) => isDothiError(err) && err.code === 'BAD_REQUEST_DATA',
    );
  });
});

describe('storedGeometry', () => {
  it('accepts a stored value without re-running the crossing-edges check', () => {
    const bowTie = {
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [2, 2],
          [2, 0],
          [0, 2],
          [0, 0],
        ],
      ],
    };
    assert.equal(storedGeometry(bowTie), bowTie);
  });

  it('rejects a value that is not a geometry at all', () => {
    assert.equal(storedGeometry({ type: 'Point', coordinates: 'x' }), undefined);
    assert.equal(storedGeometry('106.7,10.78'), undefined);
  });
});
