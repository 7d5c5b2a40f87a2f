// GeoProperty values are GeoJSON geometries (CIM 009 §4.7, RFC 7946 §3.1). This is the minimal
// structural check used when no validator is injected: geometry type, coordinate nesting, positions
// of 2 or 3 finite numbers, LineStrings of 2+ positions, closed rings of 4+ positions. Topology
// (self-intersection, ring orientation, coordinate ranges) belongs to the injected validator.

/** Returns a description of what is wrong with `g`, or undefined when it is a valid geometry. */
export type GeometryValidator = (g: unknown) => string | undefined;

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

const geometryTypeSet: ReadonlySet<unknown> = new Set(geometryTypes);

export function isGeometryType(t: unknown): t is GeometryType {
  return geometryTypeSet.has(t);
}

/** True for an object shaped like a GeoJSON geometry (used to infer GeoProperty in concise input). */
export function looksLikeGeometry(o: Readonly<Record<string, unknown>>): boolean {
  if (!isGeometryType(o.type)) return false;
  return o.type === 'GeometryCollection' ? Array.isArray(o.geometries) : Array.isArray(o.coordinates);
}

const MAX_COLLECTION_DEPTH = 4;

function checkPosition(p: unknown): string | undefined {
  if (!Array.isArray(p) || p.length < 2 || p.length > 3)
    return 'a position must be an array of 2 or 3 numbers';
  for (const n of p)
    if (typeof n !== 'number' || !Number.isFinite(n)) return 'a coordinate is not a finite number';
  return undefined;
}

function checkPositions(ps: unknown, min: number, what: string): string | undefined {
  if (!Array.isArray(ps) || ps.length < min) return `${what} needs at least ${min} positions`;
  for (const p of ps) {
    const problem = checkPosition(p);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

function samePosition(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a[0] === b[0] && a[1] === b[1] && a[2] === b[2];
}

function checkPolygon(rings: unknown): string | undefined {
  if (!Array.isArray(rings) || rings.length === 0) return 'a Polygon needs at least one linear ring';
  for (const ring of rings) {
    const problem = checkPositions(ring, 4, 'a linear ring');
    if (problem !== undefined) return problem;
    const r = ring as number[][];
    if (!samePosition(r[0]!, r[r.length - 1]!)) return 'a linear ring must end at its first position';
  }
  return undefined;
}

function checkEach(
  items: unknown,
  check: (x: unknown) => string | undefined,
  what: string,
): string | undefined {
  if (!Array.isArray(items)) return `${what} coordinates must be an array`;
  for (const x of items) {
    const problem = check(x);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

const lineString = (c: unknown) => checkPositions(c, 2, 'a LineString');

function checkAt(g: unknown, depth: number): string | undefined {
  if (typeof g !== 'object' || g === null || Array.isArray(g)) return 'a geometry must be a JSON object';
  const { type, coordinates: c } = g as Record<string, unknown>;
  switch (type) {
    case 'Point':
      return checkPosition(c);
    case 'MultiPoint':
      return checkPositions(c, 1, 'a MultiPoint');
    case 'LineString':
      return lineString(c);
    case 'MultiLineString':
      return checkEach(c, lineString, 'MultiLineString');
    case 'Polygon':
      return checkPolygon(c);
    case 'MultiPolygon':
      return checkEach(c, checkPolygon, 'MultiPolygon');
    case 'GeometryCollection':
      return checkCollection((g as Record<string, unknown>).geometries, depth);
    default:
      return `'${String(type)}' is not a GeoJSON geometry type`;
  }
}

function checkCollection(geometries: unknown, depth: number): string | undefined {
  if (depth >= MAX_COLLECTION_DEPTH) return 'GeometryCollections are nested too deeply';
  if (!Array.isArray(geometries)) return 'a GeometryCollection needs a geometries array';
  for (const member of geometries) {
    const problem = checkAt(member, depth + 1);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

export const checkGeometry: GeometryValidator = (g) => checkAt(g, 0);
