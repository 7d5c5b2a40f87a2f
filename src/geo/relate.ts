// Spatial relations of the NGSI-LD geo-query language (CIM 009 §4.10), read as "entity geometry `a`
// <relation> query geometry `b`", with the OGC Simple Features meaning PostGIS gives them:
// within/contains exclude the boundary (a point on a polygon's edge is not within it), intersects
// includes it, disjoint is its negation, overlaps needs the same dimension and neither containing
// the other, equals is topological (same point set, whatever the vertex order or Multi* wrapping).
import { bbox, type BBox } from './bbox.js';
import {
  dimension,
  parts,
  type GeoJsonGeometry,
  type Point,
  type Polygon,
  type Position,
} from './geometry.js';
import { turfCanContain, turfContains, turfIntersects } from './turf.js';

export const geoRelations = ['within', 'contains', 'intersects', 'disjoint', 'overlaps', 'equals'] as const;
export type GeoRelation = (typeof geoRelations)[number];

const isMulti = (g: GeoJsonGeometry) => g.type.startsWith('Multi') || g.type === 'GeometryCollection';

/** OGC Contains. Pairs turf lacks are decided part by part. */
function contains(a: GeoJsonGeometry, b: GeoJsonGeometry): boolean {
  if (dimension(b) > dimension(a)) return false;
  if (turfCanContain(a.type, b.type)) return turfContains(a, b);
  if (isMulti(b)) return parts(b).every((part) => contains(a, part));
  if (isMulti(a)) return parts(a).some((part) => contains(part, b));
  return false;
}

const strictlyInside = (p: Position, area: GeoJsonGeometry) =>
  turfContains(area, { type: 'Point', coordinates: p });

type Segment = [Position, Position];

/** The segments of a linear or areal geometry (every ring of every polygon). */
function edges(g: GeoJsonGeometry): Segment[] {
  const lines = parts(g).flatMap((part) =>
    part.type === 'LineString' ? [part.coordinates] : (part as Polygon).coordinates,
  );
  return lines.flatMap((line) => line.slice(1).map((p, i): Segment => [line[i]!, p]));
}

const orient = (a: Position, b: Position, c: Position) =>
  Math.sign((b[0]! - a[0]!) * (c[1]! - a[1]!) - (b[1]! - a[1]!) * (c[0]! - a[0]!));

/** Two segments cross at a point inside both (not at an end, not collinear). */
function crossProperly([p1, p2]: Segment, [q1, q2]: Segment): boolean {
  return orient(q1, q2, p1) * orient(q1, q2, p2) < 0 && orient(p1, p2, q1) * orient(p1, p2, q2) < 0;
}

/**
 * Whether the interiors of two areas meet, for areas neither of which contains the other: then
 * some vertex or edge midpoint of one lies strictly inside the other, or two edges cross.
 */
function interiorsMeet(a: GeoJsonGeometry, b: GeoJsonGeometry): boolean {
  const ea = edges(a);
  const eb = edges(b);
  const probes = (es: Segment[]) => es.flatMap(([p, q]) => [p, [(p[0]! + q[0]!) / 2, (p[1]! + q[1]!) / 2]]);
  if (probes(ea).some((p) => strictlyInside(p, b))) return true;
  if (probes(eb).some((p) => strictlyInside(p, a))) return true;
  return ea.some((s) => eb.some((t) => crossProperly(s, t)));
}

/** Two segments lie on one line and share a piece of positive length. */
function shareStretch([p1, p2]: Segment, [q1, q2]: Segment): boolean {
  if (orient(p1, p2, q1) !== 0 || orient(p1, p2, q2) !== 0) return false;
  const axis = Math.abs(p2[0]! - p1[0]!) >= Math.abs(p2[1]! - p1[1]!) ? 0 : 1;
  const [a0, a1] = [p1[axis]!, p2[axis]!].sort((x, y) => x - y) as [number, number];
  const [b0, b1] = [q1[axis]!, q2[axis]!].sort((x, y) => x - y) as [number, number];
  return Math.min(a1, b1) > Math.max(a0, b0);
}

const samePoint = (p: Position, q: Position) => p[0] === q[0] && p[1] === q[1];

/** Whether the interiors of two same-dimension geometries meet, given neither contains the other. */
function interiorsMeetInDimension(d: 0 | 1 | 2, a: GeoJsonGeometry, b: GeoJsonGeometry): boolean {
  if (d === 2) return interiorsMeet(a, b);
  if (d === 1) return edges(a).some((s) => edges(b).some((t) => shareStretch(s, t)));
  const pb = parts(b).map((g) => (g as Point).coordinates);
  return parts(a).some((g) => pb.some((q) => samePoint((g as Point).coordinates, q)));
}

/**
 * OGC Overlaps: same dimension, interiors meet, neither contains the other. Not turf's
 * booleanOverlap: it counts polygons whose edges merely touch (adjacent parcels) as overlapping and
 * misses collinear lines that share only part of a segment, where PostGIS answers the other way.
 */
function overlaps(a: GeoJsonGeometry, b: GeoJsonGeometry): boolean {
  const d = dimension(a);
  if (d !== dimension(b) || a.type === 'GeometryCollection' || b.type === 'GeometryCollection') return false;
  if (a.type === 'Point' || b.type === 'Point') return false;
  if (contains(a, b) || contains(b, a)) return false;
  return interiorsMeetInDimension(d, a, b);
}

const relations: Record<GeoRelation, (a: GeoJsonGeometry, b: GeoJsonGeometry) => boolean> = {
  within: (a, b) => contains(b, a),
  contains,
  intersects: turfIntersects,
  disjoint: (a, b) => !turfIntersects(a, b),
  overlaps,
  // OGC: equal point sets, i.e. each within the other.
  equals: (a, b) => contains(a, b) && contains(b, a),
};

// A query geometry is tested against many shapes: remember its box.
const boxes = new WeakMap<GeoJsonGeometry, BBox>();
function boxOf(g: GeoJsonGeometry): BBox {
  let box = boxes.get(g);
  if (box === undefined) boxes.set(g, (box = bbox(g)));
  return box;
}

const boxesMeet = (a: BBox, b: BBox) => a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];

/** Whether entity geometry `a` stands in `relation` to query geometry `b`. */
export function relate(relation: GeoRelation, a: GeoJsonGeometry, b: GeoJsonGeometry): boolean {
  // Shapes whose boxes do not meet share no point: only `disjoint` holds.
  if (!boxesMeet(boxOf(a), boxOf(b))) return relation === 'disjoint';
  return relations[relation](a, b);
}
