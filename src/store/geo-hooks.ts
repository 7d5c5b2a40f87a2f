// Per-dialect spatial SQL: how GeoProperty shapes are indexed and how geo-queries are tested.
// Filled in by src/store/sqlite/geo-hooks.ts (R*Tree prefilter + exact tests in JS functions) and
// src/store/postgres/geo-hooks.ts (PostGIS). Both answer with the models of src/geo: relations are
// planar on longitude/latitude, distances great-circle on the sphere.
import type { GeoPredicate, Geometry } from '../geo/index.js';
import type { SqlExecutor } from './store.js';

/** One shape to index: a GeoProperty instance of the entity, by expanded attribute name. */
export interface GeoShapeRow {
  readonly attr: string;
  readonly geometry: Geometry;
}

export interface GeoHooks {
  /**
   * A condition on the entity row `e` (`?` placeholders only): some indexed shape of attribute
   * `attr` satisfies `predicate`. Entities without that attribute never match, not even `disjoint`.
   */
  geoPredicate(attr: string, predicate: GeoPredicate): { sql: string; params: unknown[] };
  /** Indexes the shapes of an entity that has none yet. */
  insertShapes(tx: SqlExecutor, pk: number, rows: readonly GeoShapeRow[]): Promise<void>;
  /**
   * Replaces every indexed shape of entity `pk` with `rows` (none: just deletes). `previous` is
   * how many shapes the state being replaced has (its `insertShapes` rows), when known: SQLite
   * then deletes them without reading their keys first, so that the write can be deferred.
   */
  replaceShapes(tx: SqlExecutor, pk: number, rows: readonly GeoShapeRow[], previous?: number): Promise<void>;
  deleteShapes(tx: SqlExecutor, pk: number, previous?: number): Promise<void>;
}
