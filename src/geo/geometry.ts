// GeoJSON geometries (RFC 7946 §3.1), the only shapes NGSI-LD GeoProperties hold (CIM 009 §4.7).
// `GeoJsonGeometry` is the plain shape; `Geometry` is one that passed `validateGeometry`, so code
// that receives a `Geometry` never re-checks nesting, ranges or ring closure.

/** [longitude, latitude] or [longitude, latitude, altitude], GeoJSON order. */
export type Position = readonly number[];

export interface Point {
  readonly type: 'Point';
  readonly coordinates: Position;
}
export interface MultiPoint {
  readonly type: 'MultiPoint';
  readonly coordinates: readonly Position[];
}
export interface LineString {
  readonly type: 'LineString';
  readonly coordinates: readonly Position[];
}
export interface MultiLineString {
  readonly type: 'MultiLineString';
  readonly coordinates: readonly (readonly Position[])[];
}
export interface Polygon {
  readonly type: 'Polygon';
  readonly coordinates: readonly (readonly Position[])[];
}
export interface MultiPolygon {
  readonly type: 'MultiPolygon';
  readonly coordinates: readonly (readonly (readonly Position[])[])[];
}
export interface GeometryCollection {
  readonly type: 'GeometryCollection';
  readonly geometries: readonly GeoJsonGeometry[];
}

export type GeoJsonGeometry =
  Point | MultiPoint | LineString | MultiLineString | Polygon | MultiPolygon | GeometryCollection;

export const geometryTypes = [
  'Point',
  'MultiPoint',
  'LineString',
  'MultiLineString',
  'Polygon',
  'MultiPolygon',
  'GeometryCollection',
] as const;
export type GeometryType = (typeof geometryTypes)[number];

declare const validGeometry: unique symbol;
/** A GeoJSON geometry that passed `validateGeometry`; made only by `parseGeometry` / `isGeometry`. */
export type Geometry = GeoJsonGeometry & { readonly [validGeometry]: true };

declare const metersBrand: unique symbol;
/** A non-negative distance in metres; made only by `meters()`. */
export type Meters = number & { readonly [metersBrand]: true };

export function meters(n: number): Meters {
  if (!Number.isFinite(n) || n < 0) throw new RangeError(`a distance must be a finite number >= 0, got ${n}`);
  return n as Meters;
}

/** Topological dimension: 0 for points, 1 for lines, 2 for areas; a collection takes its highest. */
export function dimension(g: GeoJsonGeometry): 0 | 1 | 2 {
  switch (g.type) {
    case 'Point':
    case 'MultiPoint':
      return 0;
    case 'LineString':
    case 'MultiLineString':
      return 1;
    case 'Polygon':
    case 'MultiPolygon':
      return 2;
    case 'GeometryCollection':
      return g.geometries.reduce<0 | 1 | 2>((d, m) => (dimension(m) > d ? dimension(m) : d), 0);
  }
}

/** The single-part members of a geometry: a Multi* splits into its parts, a collection recursively. */
export function parts(g: GeoJsonGeometry): GeoJsonGeometry[] {
  switch (g.type) {
    case 'MultiPoint':
      return g.coordinates.map((coordinates) => ({ type: 'Point', coordinates }));
    case 'MultiLineString':
      return g.coordinates.map((coordinates) => ({ type: 'LineString', coordinates }));
    case 'MultiPolygon':
      return g.coordinates.map((coordinates) => ({ type: 'Polygon', coordinates }));
    case 'GeometryCollection':
      return g.geometries.flatMap(parts);
    default:
      return [g];
  }
}

/** Every position of a geometry, in document order. */
export function positions(g: GeoJsonGeometry): Position[] {
  switch (g.type) {
    case 'Point':
      return [g.coordinates];
    case 'MultiPoint':
    case 'LineString':
      return [...g.coordinates];
    case 'MultiLineString':
    case 'Polygon':
      return g.coordinates.flat();
    case 'MultiPolygon':
      return g.coordinates.flat(2);
    case 'GeometryCollection':
      return g.geometries.flatMap(positions);
  }
}
