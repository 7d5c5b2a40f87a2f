// Contract suite of the GeoHooks port: the same entities and geo-queries on every backend, with
// the same expected id sets, and the in-memory evaluation (src/geo shapeMatches) agreeing with both.
// The scene is Ho Chi Minh City around C = (106.70, 10.78); `at(dx, dy)` is the position dx metres
// east and dy metres north of C. Distances in queries sit far (>5%) from every shape's distance,
// except the boundary cases, which use identical coordinates so that the answer is exact.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { makeStore, storeNames } from '../../test/support/index.js';
import {
  EARTH_RADIUS_METERS,
  meters,
  parseGeometry,
  shapeMatches,
  type GeoPredicate,
  type GeoRelation,
  type Geometry,
} from '../geo/index.js';
import type { Store } from './index.js';

const LOCATION = 'https://uri.etsi.org/ngsi-ld/location';
const OPERATION_SPACE = 'https://uri.etsi.org/ngsi-ld/operationSpace';

const M_LAT = (Math.PI * EARTH_RADIUS_METERS) / 180;
const M_LON = M_LAT * Math.cos((10.78 * Math.PI) / 180);
const round7 = (v: number) => Math.round(v * 1e7) / 1e7;
const at = (dx: number, dy: number): number[] => [round7(106.7 + dx / M_LON), round7(10.78 + dy / M_LAT)];

const geo = (g: unknown): Geometry => parseGeometry(g);
const point = (dx: number, dy: number) => geo({ type: 'Point', coordinates: at(dx, dy) });
const line = (...xy: Array<[number, number]>) =>
  geo({ type: 'LineString', coordinates: xy.map(([x, y]) => at(x, y)) });
const ring = (x0: number, y0: number, x1: number, y1: number) =>
  [at(x0, y0), at(x1, y0), at(x1, y1), at(x0, y1), at(x0, y0)] as const;
const square = (x0: number, y0: number, x1: number, y1: number) =>
  geo({ type: 'Polygon', coordinates: [ring(x0, y0, x1, y1)] });

const pgEastRing = ring(3000, -300, 3600, 300);

interface Shape {
  attr: string;
  geometry: Geometry;
}
interface Fixture {
  id: string;
  tenant?: string;
  shapes: Shape[];
}
const loc = (geometry: Geometry): Shape => ({ attr: LOCATION, geometry });
const one = (id: string, geometry: Geometry): Fixture => ({ id, shapes: [loc(geometry)] });

// Points on rings around C: a 150 m, b 400 m (diagonals), c 800 m, d 2000 m (diagonals),
// e 5000 m, h 1100 m on eight bearings.
const D = Math.SQRT1_2;
const compass = {
  n: [0, 1],
  e: [1, 0],
  s: [0, -1],
  w: [-1, 0],
  ne: [D, D],
  se: [D, -D],
  sw: [-D, -D],
  nw: [-D, D],
};
const ringOf = (prefix: string, r: number, dirs: Array<keyof typeof compass>) =>
  dirs.map((d) => one(`${prefix}-${d}`, point(compass[d][0]! * r, compass[d][1]! * r)));

const fixtures: Fixture[] = [
  ...ringOf('a', 150, ['n', 'e', 's', 'w']),
  ...ringOf('b', 400, ['ne', 'se', 'sw', 'nw']),
  ...ringOf('c', 800, ['n', 'e', 's', 'w']),
  ...ringOf('d', 2000, ['ne', 'se', 'sw', 'nw']),
  ...ringOf('e', 5000, ['n', 'e', 's', 'w']),
  ...ringOf('h', 1100, ['n', 'ne', 'e', 'se', 's', 'sw', 'w', 'nw']),
  one('ln-inside', line([-400, 600], [400, 600])),
  one('ln-north', line([-500, 1200], [500, 1200])),
  one('ln-cross', line([-1200, -100], [1200, -100])),
  one('ln-far', line([3000, 3000], [4000, 4000])),
  one('ln-L', line([-2000, 500], [-2000, -500], [-1500, -500])),
  one('pg-core', square(-250, -250, 250, 250)),
  one('pg-adjacent', square(250, -250, 750, 250)),
  one('pg-overlap', square(800, -200, 1400, 400)),
  one('pg-east', geo({ type: 'Polygon', coordinates: [pgEastRing] })),
  one('pg-big', square(-6000, -6000, 6000, 6000)),
  one(
    'pg-hole',
    geo({ type: 'Polygon', coordinates: [ring(-1800, -1800, 1800, 1800), ring(-1200, -1200, 1200, 1200)] }),
  ),
  one(
    'mp-twin',
    geo({
      type: 'MultiPolygon',
      coordinates: [[ring(-3000, -200, -2600, 200)], [ring(-3000, 2600, -2600, 3000)]],
    }),
  ),
  one('mpt-pair', geo({ type: 'MultiPoint', coordinates: [at(0, -600), at(0, -5000)] })),
  // Two instances of location (datasetIds): it matches when either does.
  { id: 'multi-ds', shapes: [loc(point(7000, 0)), loc(point(0, 300))] },
  one('pt3d', geo({ type: 'Point', coordinates: [...at(-300, 0), 15] })),
  {
    id: 'os-1',
    shapes: [loc(point(0, -8000)), { attr: OPERATION_SPACE, geometry: square(-300, -300, 300, 300) }],
  },
  {
    id: 'os-2',
    shapes: [loc(point(0, 0)), { attr: OPERATION_SPACE, geometry: square(4000, -200, 4500, 200) }],
  },
  { id: 'np-1', shapes: [] },
  { id: 'np-2', shapes: [] },
  { id: 'ot-1', tenant: 'other', shapes: [loc(point(0, 0))] },
];

const near = (limit: 'maxDistance' | 'minDistance', distance: number, geometry: Geometry): GeoPredicate => ({
  kind: 'near',
  limit,
  distance: meters(distance),
  geometry,
});
const rel = (relation: GeoRelation, geometry: Geometry): GeoPredicate => ({
  kind: 'relate',
  relation,
  geometry,
});

const C = point(0, 0);
const Q1 = square(-1000, -1000, 1000, 1000);
const pgAdjacent = fixtures.find((f) => f.id === 'pg-adjacent')!.shapes[0]!.geometry;
const a4 = ['a-n', 'a-e', 'a-s', 'a-w'];
const b4 = ['b-ne', 'b-se', 'b-sw', 'b-nw'];

interface Case {
  name: string;
  attr?: string;
  predicate: GeoPredicate;
  expected: string[];
}

const cases: Case[] = [
  {
    name: 'near;maxDistance==500 from a point finds points, lines and polygons within 500 m',
    predicate: near('maxDistance', 500, C),
    expected: [...a4, ...b4, 'ln-cross', 'pg-core', 'pg-big', 'pg-adjacent', 'multi-ds', 'pt3d', 'os-2'],
  },
  {
    name: 'near;minDistance==4000 finds shapes whose nearest point is at least 4 km away',
    predicate: near('minDistance', 4000, C),
    expected: ['e-n', 'e-e', 'e-s', 'e-w', 'ln-far', 'multi-ds', 'os-1'],
  },
  {
    name: 'within a polygon finds shapes wholly inside it, not those crossing its edge',
    predicate: rel('within', Q1),
    expected: [
      ...a4,
      ...b4,
      ...['c-n', 'c-e', 'c-s', 'c-w', 'h-ne', 'h-se', 'h-sw', 'h-nw'],
      ...['ln-inside', 'pg-core', 'pg-adjacent', 'multi-ds', 'pt3d', 'os-2'],
    ],
  },
  {
    name: 'contains a point finds polygons around it (not one with the point in its hole) and the equal point',
    predicate: rel('contains', C),
    expected: ['pg-core', 'pg-big', 'os-2'],
  },
  {
    name: 'intersects a line finds everything it touches, points lying exactly on it included',
    predicate: rel('intersects', line([0, -900], [0, 2000])),
    expected: [
      ...['os-2', 'a-n', 'a-s', 'c-n', 'c-s', 'h-n', 'ln-inside', 'ln-north', 'ln-cross'],
      ...['pg-core', 'pg-big', 'pg-hole', 'multi-ds', 'mpt-pair'],
    ],
  },
  {
    name: 'disjoint finds shapes sharing no point with the polygon, and never entities without the attribute',
    predicate: rel('disjoint', Q1),
    expected: [
      ...['d-ne', 'd-se', 'd-sw', 'd-nw', 'e-n', 'e-e', 'e-s', 'e-w', 'h-n', 'h-e', 'h-s', 'h-w'],
      ...['ln-north', 'ln-far', 'ln-L', 'pg-east', 'pg-hole', 'mp-twin', 'os-1', 'multi-ds'],
    ],
  },
  {
    name: 'overlaps finds polygons partly covering the query polygon, not those containing it',
    predicate: rel('overlaps', square(100, 100, 600, 600)),
    expected: ['pg-core', 'pg-adjacent'],
  },
  {
    name: 'equals is topological: the same polygon with its ring starting at another vertex',
    predicate: rel(
      'equals',
      geo({
        type: 'Polygon',
        coordinates: [[...pgEastRing.slice(2, 5), ...pgEastRing.slice(1, 3)]],
      }),
    ),
    expected: ['pg-east'],
  },
  {
    name: 'equals a point finds the entity at exactly that position',
    predicate: rel('equals', point(0, 150)),
    expected: ['a-n'],
  },
  {
    name: 'within a MultiPolygon finds shapes inside either part',
    predicate: rel(
      'within',
      geo({
        type: 'MultiPolygon',
        coordinates: [[ring(-200, -200, 200, 200)], [ring(2900, -400, 3700, 400)]],
      }),
    ),
    expected: [...a4, 'os-2', 'pg-east'],
  },
  {
    name: 'contains finds a MultiPolygon entity through one of its parts',
    predicate: rel('contains', point(-2800, 2800)),
    expected: ['mp-twin', 'pg-big'],
  },
  {
    name: 'geoproperty operationSpace tests that attribute, not location',
    attr: OPERATION_SPACE,
    predicate: near('maxDistance', 100, C),
    expected: ['os-1'],
  },
  {
    name: 'geoproperty operationSpace within a polygon',
    attr: OPERATION_SPACE,
    predicate: rel('within', Q1),
    expected: ['os-1'],
  },
  {
    name: 'boundary: points on the edge of a polygon are not within it',
    predicate: rel('within', square(-150, -150, 150, 150)),
    expected: ['os-2'],
  },
  {
    name: 'boundary: points on the edge of a polygon intersect it',
    predicate: rel('intersects', square(-150, -150, 150, 150)),
    expected: [...a4, 'os-2', 'pg-core', 'pg-big', 'ln-cross'],
  },
  {
    name: 'boundary: a polygon sharing only an edge intersects but does not overlap',
    predicate: rel('intersects', pgAdjacent),
    expected: ['pg-core', 'pg-adjacent', 'pg-big', 'ln-cross'],
  },
  {
    name: 'boundary: no polygon overlaps one it touches, equals or contains',
    predicate: rel('overlaps', pgAdjacent),
    expected: [],
  },
];

const sorted = (ids: Iterable<string>) => [...ids].sort();

describe('geo predicates in memory (src/geo) agree with the contract expectations', () => {
  for (const c of cases) {
    it(c.name, () => {
      const attr = c.attr ?? LOCATION;
      const hits = fixtures.filter(
        (f) =>
          f.tenant === undefined &&
          f.shapes.some((s) => s.attr === attr && shapeMatches(s.geometry, c.predicate)),
      );
      assert.deepEqual(sorted(hits.map((f) => f.id)), sorted(c.expected));
    });
  }
});

type TestStore = Store & { dispose(): Promise<void> };

async function insert(store: Store, f: Fixture): Promise<number> {
  return store.write(async (tx) => {
    const doc = {
      id: f.id,
      types: ['https://example.org/Thing'],
      createdAt: 'x',
      modifiedAt: 'x',
      attrs: {},
    };
    const row = await tx.get<{ pk: number }>(
      `INSERT INTO entities (tenant, id, doc, created_at, modified_at) VALUES (?, ?, ${store.dialect.jsonParam()}, ?, ?) RETURNING pk`,
      [f.tenant ?? 'hcmc', f.id, JSON.stringify(doc), 'x', 'x'],
    );
    await store.dialect.geo.replaceShapes(tx, row!.pk, f.shapes);
    return row!.pk;
  });
}

async function query(store: Store, attr: string, predicate: GeoPredicate): Promise<string[]> {
  const f = store.dialect.geo.geoPredicate(attr, predicate);
  const rows = await store.read.all<{ id: string }>(
    `SELECT e.pk, e.id FROM entities e WHERE e.tenant = ? AND ${f.sql} ORDER BY e.pk LIMIT ? OFFSET ?`,
    ['hcmc', ...f.params, 1000, 0],
  );
  return sorted(rows.map((r) => r.id));
}

for (const name of storeNames()) {
  describe(`geo hooks contract (${name})`, () => {
    let store: TestStore;
    const pks = new Map<string, number>();
    before(async () => {
      store = await makeStore(name);
      await Promise.all(fixtures.map(async (f) => pks.set(f.id, await insert(store, f))));
    });
    after(async () => store.dispose());

    for (const c of cases) {
      it(c.name, async () => {
        assert.deepEqual(await query(store, c.attr ?? LOCATION, c.predicate), sorted(c.expected));
      });
    }

    it('moves an entity when its shapes are replaced and forgets it when they are deleted', async () => {
      await store.write((tx) => store.dialect.geo.replaceShapes(tx, pks.get('a-n')!, [loc(point(0, 9000))]));
      await store.write((tx) => store.dialect.geo.deleteShapes(tx, pks.get('pg-core')!));
      await store.write((tx) =>
        store.dialect.geo.replaceShapes(tx, pks.get('multi-ds')!, [loc(point(7000, 0))]),
      );
      const nearC = await query(store, LOCATION, near('maxDistance', 500, C));
      assert.ok(!nearC.includes('a-n') && !nearC.includes('pg-core') && !nearC.includes('multi-ds'));
      assert.ok(nearC.includes('a-s'));
      assert.deepEqual(await query(store, LOCATION, near('maxDistance', 100, point(0, 9000))), ['a-n']);
      assert.deepEqual(await query(store, LOCATION, rel('contains', C)), ['os-2', 'pg-big']);
    });

    if (name === 'sqlite') {
      it('near;maxDistance walks the R*Tree instead of scanning every shape', async () => {
        const f = store.dialect.geo.geoPredicate(LOCATION, near('maxDistance', 500, C));
        const plan = await store.read.all<{ detail: string }>(
          `EXPLAIN QUERY PLAN SELECT e.pk, e.doc FROM entities e WHERE e.tenant = ? AND ${f.sql} ORDER BY e.pk LIMIT ? OFFSET ?`,
          ['hcmc', ...f.params, 100, 0],
        );
        const details = plan.map((r) => r.detail);
        // R*Tree index 2 is a search by box constraints (index 1 would be a lookup by gid).
        assert.ok(
          details.some((d) => /^SCAN r VIRTUAL TABLE INDEX 2:/.test(d)),
          details.join('\n'),
        );
        assert.ok(
          details.some((d) => /^SEARCH s USING INTEGER PRIMARY KEY/.test(d)),
          details.join('\n'),
        );
        assert.ok(!details.some((d) => /^SCAN s\b/.test(d)), details.join('\n'));
      });
    }
  });
}

// near;maxDistance from a point decides small shapes from their R*Tree box on SQLite (see
// sqlite/geo-hooks.ts): shapes placed a few metres either side of the limit, at several latitudes
// and across the antimeridian, must give the answer of the exact test. A band narrower than the
// box's rounding and size would misplace some of them.
const LIMIT = 250;
const offsets = [-40, -16, -14, -10, -6, -3, -1, -0.3, 0.3, 1, 3, 6, 10, 14, 16, 40];
const bearings = [0, 37, 90, 151, 180, 233, 270, 318];
const centres: Array<[string, number, number]> = [
  ['hcmc', 106.7, 10.78],
  ['north', 24.94, 60.17],
  ['south', -58.38, -34.6],
  ['antimeridian', 179.9995, -16.5],
];

/** The position `d` metres from (x, y) on `bearing` degrees, on the sphere. */
function destination([x, y]: readonly number[], d: number, bearing: number): number[] {
  const r = Math.PI / 180;
  const a = d / EARTH_RADIUS_METERS;
  const lat = Math.asin(
    Math.sin(y! * r) * Math.cos(a) + Math.cos(y! * r) * Math.sin(a) * Math.cos(bearing * r),
  );
  const lon =
    x! * r +
    Math.atan2(
      Math.sin(bearing * r) * Math.sin(a) * Math.cos(y! * r),
      Math.cos(a) - Math.sin(y! * r) * Math.sin(lat),
    );
  const wrapped = ((((lon / r + 180) % 360) + 360) % 360) - 180;
  return [round7(wrapped), round7(lat / r)];
}

function bandFixtures(name: string, centre: number[]): Fixture[] {
  const out: Fixture[] = [];
  bearings.forEach((b, i) => {
    for (const o of offsets) {
      const p = destination(centre, LIMIT + o, b + o);
      out.push(one(`${name}-p${i}${o}`, geo({ type: 'Point', coordinates: p })));
      // A 6 m segment across the circle: its box is small, its nearest point is not its centre.
      const a = destination(p, 3, b);
      const z = destination(p, 3, b + 180);
      out.push(one(`${name}-l${i}${o}`, geo({ type: 'LineString', coordinates: [a, z] })));
    }
  });
  return out;
}

for (const name of storeNames()) {
  describe(`near;maxDistance from a point, shapes close to the limit (${name})`, () => {
    let store: TestStore;
    const byCentre = new Map<string, Fixture[]>();
    before(async () => {
      store = await makeStore(name);
      for (const [label, x, y] of centres) {
        const fs = bandFixtures(label, [x, y]);
        byCentre.set(label, fs);
        for (const f of fs) await insert(store, f);
      }
    });
    after(async () => store.dispose());

    for (const [label, x, y] of centres) {
      it(`agrees with the exact test around ${label}`, async () => {
        const predicate = near('maxDistance', LIMIT, point(0, 0));
        const around = { ...predicate, geometry: geo({ type: 'Point', coordinates: [x, y] }) };
        const fs = byCentre.get(label)!;
        const expected = fs.filter((f) => f.shapes.some((s) => shapeMatches(s.geometry, around)));
        // Both sides of the limit are represented, so that a wrong answer either way shows.
        assert.ok(expected.length > 100 && expected.length < fs.length - 100, String(expected.length));
        const hits = (await query(store, LOCATION, around)).filter((id) => id.startsWith(`${label}-`));
        assert.deepEqual(hits, sorted(expected.map((f) => f.id)));
      });
    }
  });
}
