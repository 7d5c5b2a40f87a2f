import type { GeoHooks } from '../../store/index.js';
import type { GeoQuery } from './geo-query.js';

/** A WHERE condition on the entity row `e`, with `?` placeholders for `params`. */
export interface SqlFragment {
  sql: string;
  params: unknown[];
}

/**
 * The condition selecting entities whose GeoProperty `q.geoproperty` has an instance (any
 * datasetId) satisfying the predicate; the dialect's hooks write the spatial SQL.
 */
export function compileGeoQuery(q: GeoQuery, hooks: GeoHooks): SqlFragment {
  const { sql, params } = hooks.geoPredicate(q.geoproperty, q.predicate);
  return { sql, params };
}
