import { shapeMatches, storedGeometry } from '../../geo/index.js';
import type { StoredEntity } from '../entity/model.js';
import type { GeoQuery } from './geo-query.js';

/**
 * The in-memory twin of compileGeoQuery, for entities already loaded (subscription `geoQ` on a
 * notification): true when some GeoProperty instance of `q.geoproperty` satisfies the predicate.
 */
export function matchGeoQuery(entity: Pick<StoredEntity, 'attrs'>, q: GeoQuery): boolean {
  const instances = entity.attrs[q.geoproperty] ?? [];
  return instances.some((i) => {
    const shape = i.type === 'GeoProperty' ? storedGeometry(i.value) : undefined;
    return shape !== undefined && shapeMatches(shape, q.predicate);
  });
}
