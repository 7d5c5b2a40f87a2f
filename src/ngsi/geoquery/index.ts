// NGSI-LD geo-queries (CIM 009 §4.10): parsed once into a frozen tree, compiled to SQL through the
// dialect's geo hooks, matched in memory for notifications; and the shapes an entity indexes.
export { parseGeoQuery, queryGeometryTypes } from './geo-query.js';
export type { GeoQuery, GeoQueryInput } from './geo-query.js';
export { compileGeoQuery } from './compile-geo-query.js';
export type { SqlFragment } from './compile-geo-query.js';
export { matchGeoQuery } from './match-geo-query.js';
export { formatGeoQuery } from './format-geo-query.js';
export type { GeoQueryObject } from './format-geo-query.js';
export { geoRows, createGeoShapeWriter } from './geo-rows.js';
export type { GeoRow, GeoShapeWriter } from './geo-rows.js';
