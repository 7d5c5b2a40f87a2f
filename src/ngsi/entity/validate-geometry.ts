// GeoProperty values are GeoJSON geometries (CIM 009 §4.7, RFC 7946 §3.1). Validation itself is
// the geometry port's (src/geo: structure, coordinate ranges, self-intersection); the parser
// receives it as a GeometryValidator so that tests may pass another.
import { geometryTypes } from '../../geo/index.js';

/** Returns a description of what is wrong with `g`, or undefined when it is a valid geometry. */
export type GeometryValidator = (g: unknown) => string | undefined;

const geometryTypeSet: ReadonlySet<unknown> = new Set(geometryTypes);

/** True for an object shaped like a GeoJSON geometry (used to infer GeoProperty in concise input). */
export function looksLikeGeometry(o: Readonly<Record<string, unknown>>): boolean {
  if (!geometryTypeSet.has(o.type)) return false;
  return o.type === 'GeometryCollection' ? Array.isArray(o.geometries) : Array.isArray(o.coordinates);
}
