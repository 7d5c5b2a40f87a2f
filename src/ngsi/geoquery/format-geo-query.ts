import type { GeoQuery } from './geo-query.js';

/** The GeoQuery data type of CIM 009 §5.2.13, as a subscription shows its `geoQ`. */
export interface GeoQueryObject {
  geometry: string;
  coordinates: unknown;
  georel: string;
  geoproperty: string;
}

export function formatGeoQuery(q: GeoQuery, compact: (iri: string) => string): GeoQueryObject {
  const p = q.predicate;
  const g = p.geometry;
  return {
    geometry: g.type,
    coordinates: g.type === 'GeometryCollection' ? g.geometries : g.coordinates,
    georel: p.kind === 'near' ? `near;${p.limit}==${p.distance}` : p.relation,
    geoproperty: compact(q.geoproperty),
  };
}
