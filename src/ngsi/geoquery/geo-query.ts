// The NGSI-LD geo-query (CIM 009 §4.10; as a GeoQuery object in bodies and subscriptions, §5.2.13),
// parsed once into a frozen syntax tree: which GeoProperty, and the spatial predicate its value
// must satisfy. The query string gives `coordinates` as JSON text, bodies as a JSON array.
import { badRequestData } from '../../kernel/index.js';
import { meters, parseGeometry, type GeoPredicate, type GeoRelation } from '../../geo/index.js';
import { coreIri } from '../entity/model.js';
import { parseGeorel, type Georel } from './parse-georel.js';

export interface GeoQuery {
  /** Expanded IRI of the GeoProperty tested (default: the core `location`). */
  readonly geoproperty: string;
  readonly predicate: GeoPredicate;
}

/** The four members as they arrive: query-string text, or the members of a body's `geoQ`. */
export interface GeoQueryInput {
  readonly georel?: unknown;
  readonly geometry?: unknown;
  readonly coordinates?: unknown;
  readonly geoproperty?: unknown;
}

/** CIM 009 §4.10: the reference geometry types of a geo-query. */
export const queryGeometryTypes = [
  'Point',
  'MultiPoint',
  'LineString',
  'MultiLineString',
  'Polygon',
  'MultiPolygon',
] as const;
type QueryGeometryType = (typeof queryGeometryTypes)[number];
const queryGeometryTypeSet: ReadonlySet<unknown> = new Set(queryGeometryTypes);
const together = ['georel', 'geometry', 'coordinates'] as const;

const present = (v: unknown) => v !== undefined && v !== null && v !== '';

function parseCoordinates(c: unknown): unknown[] {
  if (Array.isArray(c)) return c;
  if (typeof c === 'string') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(c);
    } catch {
      throw badRequestData(`coordinates ${JSON.stringify(c)} is not JSON, e.g. [106.70,10.78]`);
    }
    if (Array.isArray(parsed)) return parsed;
  }
  throw badRequestData(`coordinates must be a JSON array of positions, got ${JSON.stringify(c)}`);
}

function parseGeometryType(g: unknown): QueryGeometryType {
  if (queryGeometryTypeSet.has(g)) return g as QueryGeometryType;
  throw badRequestData(`geometry ${JSON.stringify(g)} is not one of ${queryGeometryTypes.join(', ')}`);
}

function parseGeoproperty(p: unknown, expand: (term: string) => string): string {
  if (!present(p)) return coreIri.location;
  if (typeof p !== 'string' || /\s/.test(p))
    throw badRequestData(`geoproperty ${JSON.stringify(p)} is not an attribute name`);
  return expand(p);
}

function toPredicate(georel: Georel, geometry: GeoPredicate['geometry']): GeoPredicate {
  if (georel.kind === 'near') {
    return Object.freeze({ kind: 'near', limit: georel.limit, distance: meters(georel.distance), geometry });
  }
  return Object.freeze({ kind: 'relate', relation: georel.relation satisfies GeoRelation, geometry });
}

/**
 * The geo-query of a request, or undefined when it has none (`geoproperty` alone is ignored, as
 * the API says). `georel`, `geometry` and `coordinates` come together; a missing or malformed one
 * is BAD_REQUEST_DATA naming it.
 */
export function parseGeoQuery(input: GeoQueryInput, expand: (term: string) => string): GeoQuery | undefined {
  const missing = together.filter((k) => !present(input[k]));
  if (missing.length === together.length) return undefined;
  if (missing.length > 0) {
    throw badRequestData(
      `a geo-query needs georel, geometry and coordinates together; missing: ${missing.join(', ')}`,
    );
  }
  const georel = parseGeorel(input.georel);
  const type = parseGeometryType(input.geometry);
  const coordinates = parseCoordinates(input.coordinates);
  const geometry = parseGeometry({ type, coordinates }, 'geo-query geometry');
  return Object.freeze({
    geoproperty: parseGeoproperty(input.geoproperty, expand),
    predicate: toPredicate(georel, geometry),
  });
}
