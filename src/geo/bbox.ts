import { positions, type GeoJsonGeometry, type Meters } from './geometry.js';

/** [west, south, east, north] in degrees, GeoJSON bbox order (RFC 7946 §5). */
export type BBox = readonly [west: number, south: number, east: number, north: number];

export function bbox(g: GeoJsonGeometry): BBox {
  let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [x, y] of positions(g)) {
    if (x! < w) w = x!;
    if (x! > e) e = x!;
    if (y! < s) s = y!;
    if (y! > n) n = y!;
  }
  return [w, s, e, n];
}

/** The sphere turf and PostGIS (`use_spheroid = false`) measure on. */
export const EARTH_RADIUS_METERS = 6371008.8;
const METERS_PER_DEGREE = (Math.PI * EARTH_RADIUS_METERS) / 180;
// Covers the small excess of the exact spherical reach over the linear estimate below.
const SAFETY = 1.001;
// Beyond this reach the longitude estimate degrades; such queries search every longitude.
const MAX_LATITUDE_REACH = 10;

/**
 * A box holding every point within `distance` (great-circle) of `box`: latitude grows by the
 * distance in degrees, longitude by that divided by cos(latitude) at the box's most polar edge.
 * Near a pole or the antimeridian it falls back to every longitude rather than wrap.
 */
export function bboxAround(box: BBox, distance: Meters): BBox {
  const dLat = (distance / METERS_PER_DEGREE) * SAFETY;
  const south = Math.max(-90, box[1] - dLat);
  const north = Math.min(90, box[3] + dLat);
  const polar = Math.max(Math.abs(south), Math.abs(north));
  if (polar >= 89.9 || dLat > MAX_LATITUDE_REACH) return [-180, south, 180, north];
  const dLon = dLat / Math.cos((polar * Math.PI) / 180);
  const west = box[0] - dLon;
  const east = box[2] + dLon;
  if (west < -180 || east > 180) return [-180, south, 180, north];
  return [west, south, east, north];
}
