// The exact spatial tests behind SQLite geo-queries, as SQL functions over GeoJSON text. The R*Tree
// prefilter (./geo-hooks.ts) keeps the number of calls to the candidates of one query; the query
// geometry is the same text on every call of a statement, so it is parsed once and cached.
import type Database from 'better-sqlite3';
import {
  distanceMeters,
  geoRelations,
  relate,
  type GeoJsonGeometry,
  type GeoRelation,
} from '../../geo/index.js';

const relationSet: ReadonlySet<unknown> = new Set(geoRelations);
const queryCache = new Map<string, GeoJsonGeometry>();
const QUERY_CACHE_SIZE = 256;

// Both arguments were validated before they were written or bound (src/geo validateGeometry).
function queryGeometry(json: string): GeoJsonGeometry {
  let g = queryCache.get(json);
  if (g === undefined) {
    g = JSON.parse(json) as GeoJsonGeometry;
    if (queryCache.size >= QUERY_CACHE_SIZE) queryCache.clear();
    queryCache.set(json, g);
  }
  return g;
}

/** Runs `test` on the parsed shapes; malformed input (never written by dothi) answers `fallback`. */
function onShapes<T>(
  shape: unknown,
  query: unknown,
  fallback: T,
  test: (a: GeoJsonGeometry, b: GeoJsonGeometry) => T,
) {
  if (typeof shape !== 'string' || typeof query !== 'string') return fallback;
  try {
    return test(JSON.parse(shape) as GeoJsonGeometry, queryGeometry(query));
  } catch {
    return fallback;
  }
}

/**
 * `geo_relate(relation, shapeGeojson, queryGeojson)` → 1 when the shape stands in `relation`
 * (within, contains, intersects, disjoint, overlaps, equals) to the query geometry, else 0.
 * `geo_distance(shapeGeojson, queryGeojson)` → great-circle metres between their nearest points.
 */
export function registerGeoFunctions(db: Database.Database): void {
  db.function('geo_relate', { deterministic: true }, (relation: unknown, shape: unknown, query: unknown) => {
    if (!relationSet.has(relation)) return 0;
    return onShapes(shape, query, 0, (a, b) => (relate(relation as GeoRelation, a, b) ? 1 : 0));
  });
  db.function('geo_distance', { deterministic: true }, (shape: unknown, query: unknown) =>
    onShapes<number | null>(shape, query, null, (a, b) => distanceMeters(a, b)),
  );
}
