// PostGIS spatial index: `geo_shapes.geom` (2D, SRID 4326) with GIST indexes on `geom` and on
// `geom::geography`. Relations use planar `geometry` predicates; distances use `geography` on the
// sphere (`use_spheroid = false`), the same models src/geo applies for SQLite.
import type { GeoPredicate, GeoRelation } from '../../geo/index.js';
import type { GeoHooks, GeoShapeRow } from '../geo-hooks.js';
import type { SqlExecutor } from '../store.js';

const geomFromGeoJson = 'ST_Force2D(ST_SetSRID(ST_GeomFromGeoJSON(?::text), 4326))';

const relationSql: Record<GeoRelation, string> = {
  within: `ST_Within(s.geom, ${geomFromGeoJson})`,
  contains: `ST_Contains(s.geom, ${geomFromGeoJson})`,
  intersects: `ST_Intersects(s.geom, ${geomFromGeoJson})`,
  disjoint: `ST_Disjoint(s.geom, ${geomFromGeoJson})`,
  overlaps: `ST_Overlaps(s.geom, ${geomFromGeoJson})`,
  equals: `ST_Equals(s.geom, ${geomFromGeoJson})`,
};

function exactTest(p: GeoPredicate): { sql: string; params: unknown[] } {
  const query = JSON.stringify(p.geometry);
  if (p.kind === 'relate') return { sql: relationSql[p.relation], params: [query] };
  // ST_DWithin on the expression the geography index holds; minDistance cannot use an index.
  const sql =
    p.limit === 'maxDistance'
      ? `ST_DWithin(s.geom::geography, ${geomFromGeoJson}::geography, ?::float8, false)`
      : `ST_Distance(s.geom::geography, ${geomFromGeoJson}::geography, false) >= ?::float8`;
  return { sql, params: [query, p.distance] };
}

function geoPredicate(attr: string, p: GeoPredicate): { sql: string; params: unknown[] } {
  const exact = exactTest(p);
  return {
    sql: `e.pk IN (SELECT s.pk FROM geo_shapes s WHERE s.attr = ? AND ${exact.sql})`,
    params: [attr, ...exact.params],
  };
}

async function deleteShapes(tx: SqlExecutor, pk: number): Promise<void> {
  await tx.run('DELETE FROM geo_shapes WHERE pk = ?', [pk]);
}

const ROWS_PER_INSERT = 100;
const insertSqlCache = new Map<number, string>();

function insertSql(rows: number): string {
  let sql = insertSqlCache.get(rows);
  if (sql === undefined) {
    const values = Array(rows).fill(`(?, ?, ?, ${geomFromGeoJson})`).join(', ');
    sql = `INSERT INTO geo_shapes (pk, attr, geojson, geom) VALUES ${values}`;
    insertSqlCache.set(rows, sql);
  }
  return sql;
}

async function replaceShapes(tx: SqlExecutor, pk: number, rows: readonly GeoShapeRow[]): Promise<void> {
  await deleteShapes(tx, pk);
  await insertShapes(tx, pk, rows);
}

/** Indexes the shapes of an entity that has none yet (a new one): no delete to run first. */
async function insertShapes(tx: SqlExecutor, pk: number, rows: readonly GeoShapeRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    const chunk = rows.slice(i, i + ROWS_PER_INSERT);
    const params = chunk.flatMap(({ attr, geometry }) => {
      const json = JSON.stringify(geometry);
      return [pk, attr, json, json];
    });
    await tx.run(insertSql(chunk.length), params);
  }
}

export const postgresGeoHooks: GeoHooks = { geoPredicate, insertShapes, replaceShapes, deleteShapes };
