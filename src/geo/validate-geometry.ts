// Structural and topological checks for GeoJSON geometries (RFC 7946 §3.1, CIM 009 §4.7).
// Each check returns a sentence naming the faulty member (`coordinates[0][3]`), or undefined.
import { badRequestData } from '../kernel/index.js';
import { geometryTypes, type Geometry, type Polygon, type Position } from './geometry.js';
import { selfIntersection } from './turf.js';

type Problem = string | undefined;

const typeSet: ReadonlySet<unknown> = new Set(geometryTypes);
const MAX_COLLECTION_DEPTH = 4;

function checkPosition(p: unknown, at: string): Problem {
  if (!Array.isArray(p) || p.length < 2 || p.length > 3 || p.some((n) => typeof n !== 'number')) {
    return `${at} must be a position [longitude, latitude] or [longitude, latitude, altitude]`;
  }
  const [lon, lat, alt] = p as number[];
  if (!Number.isFinite(lon) || !Number.isFinite(lat) || (alt !== undefined && !Number.isFinite(alt))) {
    return `${at} holds a number that is not finite`;
  }
  if (lon! < -180 || lon! > 180) return `${at}: longitude ${lon} is outside [-180, 180]`;
  if (lat! < -90 || lat! > 90) return `${at}: latitude ${lat} is outside [-90, 90]`;
  return undefined;
}

function checkPositions(ps: unknown, at: string, min: number, what: string): Problem {
  if (!Array.isArray(ps)) return `${at} must be an array of positions`;
  if (ps.length < min) return `${at}: ${what} needs at least ${min} position${min === 1 ? '' : 's'}`;
  for (let i = 0; i < ps.length; i++) {
    const problem = checkPosition(ps[i], `${at}[${i}]`);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

function samePosition(a: Position, b: Position): boolean {
  return a.length === b.length && a.every((n, i) => n === b[i]);
}

function checkRing(ring: unknown, at: string): Problem {
  const problem = checkPositions(ring, at, 4, 'a linear ring');
  if (problem !== undefined) return problem;
  const r = ring as Position[];
  if (!samePosition(r[0]!, r[r.length - 1]!)) return `${at}: a linear ring must end at its first position`;
  return undefined;
}

/** Consecutive repeated positions are legal GeoJSON but look like crossings to a segment test. */
function withoutRepeats(ring: readonly Position[]): Position[] {
  return ring.filter((p, i) => i === 0 || !samePosition(p, ring[i - 1]!));
}

interface Walk {
  /** How deep in GeometryCollections the walk is. */
  readonly level: number;
  /** Whether to look for crossing edges: O(n²) in the vertices, so done when a value arrives. */
  readonly topology: boolean;
}

function checkPolygon(rings: unknown, at: string, walk: Walk): Problem {
  if (!Array.isArray(rings) || rings.length === 0) return `${at} must be a non-empty array of linear rings`;
  for (let i = 0; i < rings.length; i++) {
    const problem = checkRing(rings[i], `${at}[${i}]`);
    if (problem !== undefined) return problem;
  }
  if (!walk.topology) return undefined;
  const polygon: Polygon = { type: 'Polygon', coordinates: (rings as Position[][]).map(withoutRepeats) };
  const crossing = selfIntersection(polygon);
  if (crossing !== undefined) return `${at}: the polygon intersects itself at [${crossing.join(', ')}]`;
  return undefined;
}

function checkEach(
  items: unknown,
  at: string,
  what: string,
  check: (x: unknown, at: string) => Problem,
): Problem {
  if (!Array.isArray(items) || items.length === 0) return `${at} must be a non-empty array of ${what}`;
  for (let i = 0; i < items.length; i++) {
    const problem = check(items[i], `${at}[${i}]`);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

const checkLine = (c: unknown, at: string) => checkPositions(c, at, 2, 'a LineString');

function checkAt(g: unknown, at: string, walk: Walk): Problem {
  if (typeof g !== 'object' || g === null || Array.isArray(g))
    return `${at || 'a geometry'} must be a JSON object`;
  const { type, coordinates } = g as Record<string, unknown>;
  if (!typeSet.has(type)) {
    return `${at}${at ? '.' : ''}type ${JSON.stringify(type)} is not one of ${geometryTypes.join(', ')}`;
  }
  const c = `${at}${at ? '.' : ''}coordinates`;
  switch (type as Geometry['type']) {
    case 'Point':
      return checkPosition(coordinates, c);
    case 'MultiPoint':
      return checkPositions(coordinates, c, 1, 'a MultiPoint');
    case 'LineString':
      return checkLine(coordinates, c);
    case 'MultiLineString':
      return checkEach(coordinates, c, 'LineString coordinates', checkLine);
    case 'Polygon':
      return checkPolygon(coordinates, c, walk);
    case 'MultiPolygon':
      return checkEach(coordinates, c, 'Polygon coordinates', (p, pAt) => checkPolygon(p, pAt, walk));
    case 'GeometryCollection':
      if (walk.level >= MAX_COLLECTION_DEPTH) return `${at}: GeometryCollections are nested too deeply`;
      return checkEach(
        (g as Record<string, unknown>).geometries,
        `${at}${at ? '.' : ''}geometries`,
        'geometries',
        (m, p) => checkAt(m, p, { ...walk, level: walk.level + 1 }),
      );
  }
}

/**
 * What is wrong with `g` as a GeoJSON geometry, or undefined when it is valid: a known type,
 * coordinates nested as the type requires, positions of 2 or 3 finite numbers within the WGS 84
 * ranges, LineStrings of 2+ positions, closed rings of 4+ positions whose edges do not cross,
 * non-empty Multi* and collections.
 */
export function validateGeometry(g: unknown): string | undefined {
  return checkAt(g, '', { level: 0, topology: true });
}

/**
 * A stored GeoProperty value as a Geometry, or undefined when it is not one. For values that
 * passed validateGeometry when written: checks everything but crossing edges.
 */
export function storedGeometry(g: unknown): Geometry | undefined {
  return checkAt(g, '', { level: 0, topology: false }) === undefined ? (g as Geometry) : undefined;
}

export function isGeometry(g: unknown): g is Geometry {
  return validateGeometry(g) === undefined;
}

/** The geometry, branded as valid; BAD_REQUEST_DATA naming the problem otherwise. */
export function parseGeometry(g: unknown, what = 'geometry'): Geometry {
  const problem = validateGeometry(g);
  if (problem !== undefined) throw badRequestData(`invalid ${what}: ${problem}`);
  return g as Geometry;
}
