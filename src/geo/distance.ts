import { parts, positions, meters, type GeoJsonGeometry, type Meters, type Position } from './geometry.js';
import { distanceToLinesMeters, haversineMeters, turfIntersects } from './turf.js';

function fromPosition(p: Position, g: GeoJsonGeometry): number {
  switch (g.type) {
    case 'Point':
      return haversineMeters(p, g.coordinates);
    case 'LineString':
      return distanceToLinesMeters(p, [g.coordinates]);
    case 'MultiLineString':
      return distanceToLinesMeters(p, g.coordinates);
    case 'Polygon':
      return turfIntersects({ type: 'Point', coordinates: p }, g)
        ? 0
        : distanceToLinesMeters(p, g.coordinates);
    default:
      return Math.min(...parts(g).map((part) => fromPosition(p, part)));
  }
}

/**
 * The great-circle distance in metres between the nearest points of two geometries; 0 when they
 * touch or one lies inside the other. Point to anything is exact on the sphere; between two
 * non-touching shapes the nearest pair always involves a vertex of one of them, so the minimum
 * over vertex-to-shape distances is the answer.
 */
export function distanceMeters(a: GeoJsonGeometry, b: GeoJsonGeometry): Meters {
  if (a.type === 'Point') return meters(fromPosition(a.coordinates, b));
  if (b.type === 'Point') return meters(fromPosition(b.coordinates, a));
  if (turfIntersects(a, b)) return meters(0);
  let best = Infinity;
  for (const p of positions(a)) best = Math.min(best, fromPosition(p, b));
  for (const q of positions(b)) best = Math.min(best, fromPosition(q, a));
  return meters(best);
}
