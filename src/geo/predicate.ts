import { distanceMeters } from './distance.js';
import type { GeoJsonGeometry, Geometry, Meters } from './geometry.js';
import { relate, type GeoRelation } from './relate.js';

/** A spatial test of one shape against a query geometry: a relation, or a distance bound. */
export type GeoPredicate =
  | { readonly kind: 'relate'; readonly relation: GeoRelation; readonly geometry: Geometry }
  | {
      readonly kind: 'near';
      /** maxDistance: at most `distance` away (inclusive); minDistance: at least (inclusive). */
      readonly limit: 'maxDistance' | 'minDistance';
      readonly distance: Meters;
      readonly geometry: Geometry;
    };

export function shapeMatches(shape: GeoJsonGeometry, p: GeoPredicate): boolean {
  if (p.kind === 'relate') return relate(p.relation, shape, p.geometry);
  const d = distanceMeters(shape, p.geometry);
  return p.limit === 'maxDistance' ? d <= p.distance : d >= p.distance;
}
