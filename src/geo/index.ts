// Geometry: GeoJSON validation, bounding boxes, distances and spatial relations. The geometry
// library (turf) is wrapped in ./turf.ts; nothing outside this folder imports it.
export { geometryTypes, meters } from './geometry.js';
export type {
  Geometry,
  GeoJsonGeometry,
  GeometryType,
  Meters,
  Position,
  Point,
  MultiPoint,
  LineString,
  MultiLineString,
  Polygon,
  MultiPolygon,
  GeometryCollection,
} from './geometry.js';
export { validateGeometry, isGeometry, parseGeometry, storedGeometry } from './validate-geometry.js';
export { bbox, bboxAround, EARTH_RADIUS_METERS } from './bbox.js';
export type { BBox } from './bbox.js';
export { distanceMeters } from './distance.js';
export { relate, geoRelations } from './relate.js';
export type { GeoRelation } from './relate.js';
export { shapeMatches } from './predicate.js';
export type { GeoPredicate } from './predicate.js';
