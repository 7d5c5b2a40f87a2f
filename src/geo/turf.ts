// The one file that talks to turf (STYLE.md "Depend on the slice you use"): the rest of src/geo
// sees small functions over our own GeoJSON types, so swapping the geometry library touches only
// this file. Turf's boolean operations are planar on longitude/latitude, like PostGIS `geometry`;
// its distances are great-circle on a sphere of radius 6,371,008.8 m, like PostGIS `geography`
// with `use_spheroid = false`. Keeping both backends on the same models is what makes SQLite and
// PostgreSQL answer geo-queries alike.
import { booleanContains } from '@turf/boolean-contains';
import { booleanIntersects } from '@turf/boolean-intersects';
import { distance } from '@turf/distance';
import { kinks } from '@turf/kinks';
import { nearestPointOnLine } from '@turf/nearest-point-on-line';
import type { GeoJsonGeometry, GeometryType, Polygon, Position } from './geometry.js';

type TurfGeometry = Parameters<typeof booleanContains>[0];
type TurfLines = Parameters<typeof nearestPointOnLine>[0];
type TurfPolygon = Parameters<typeof kinks>[0];

// Our geometry types are turf's GeoJSON types with readonly arrays; turf never mutates its inputs.
const asTurf = (g: GeoJsonGeometry) => g as unknown as TurfGeometry;

/** Container type → contained types that turf's booleanContains implements (v7.4). */
const containsSupport: Partial<Record<GeometryType, ReadonlySet<GeometryType>>> = {
  Point: new Set(['Point']),
  MultiPoint: new Set(['Point', 'MultiPoint']),
  LineString: new Set(['Point', 'LineString', 'MultiPoint']),
  Polygon: new Set(['Point', 'LineString', 'Polygon', 'MultiPoint', 'MultiPolygon']),
  MultiPolygon: new Set(['Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon']),
};

export function turfCanContain(container: GeometryType, contained: GeometryType): boolean {
  return containsSupport[container]?.has(contained) ?? false;
}

/** OGC Contains (interiors meet, nothing of `b` outside `a`); only for pairs `turfCanContain` allows. */
export function turfContains(a: GeoJsonGeometry, b: GeoJsonGeometry): boolean {
  return booleanContains(asTurf(a), asTurf(b));
}

/** OGC Intersects: the geometries share at least one point, boundaries included. */
export function turfIntersects(a: GeoJsonGeometry, b: GeoJsonGeometry): boolean {
  return booleanIntersects(asTurf(a), asTurf(b));
}

/** Haversine distance in metres. */
export function haversineMeters(p: Position, q: Position): number {
  return distance(p as number[], q as number[], { units: 'meters' });
}

/** Great-circle distance in metres from a position to the nearest point of some lines. */
export function distanceToLinesMeters(p: Position, lines: readonly (readonly Position[])[]): number {
  const multi = { type: 'MultiLineString', coordinates: lines } as unknown as TurfLines;
  return nearestPointOnLine(multi, p as number[], { units: 'meters' }).properties.pointDistance;
}

/** A point where a polygon's rings cross or touch themselves or each other, if any. */
export function selfIntersection(polygon: Polygon): Position | undefined {
  const found = kinks(polygon as unknown as TurfPolygon).features[0];
  return found?.geometry.coordinates;
}
