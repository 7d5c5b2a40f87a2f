// CIM 009 §4.10 georel grammar: `near;maxDistance==<m>` or `near;minDistance==<m>` (exactly one
// modifier; the ABNF and the OpenAPI pattern allow no both-bounds form), or one of the
// relations within, contains, intersects, disjoint, overlaps, equals.
import { badRequestData } from '../../kernel/index.js';
import { geoRelations, type GeoRelation } from '../../geo/index.js';

export type Georel =
  | { readonly kind: 'near'; readonly limit: 'maxDistance' | 'minDistance'; readonly distance: number }
  | { readonly kind: 'relate'; readonly relation: GeoRelation };

const relationSet: ReadonlySet<unknown> = new Set(geoRelations);
const nearForm = /^near;(maxDistance|minDistance)==([^;]*)$/;
const distanceForm = /^\d+(\.\d+)?$/;
const allowed = `near;maxDistance==<metres>, near;minDistance==<metres>, ${geoRelations.join(', ')}`;

export function parseGeorel(georel: unknown): Georel {
  if (typeof georel !== 'string') throw badRequestData(`georel must be a string, one of ${allowed}`);
  if (relationSet.has(georel)) return { kind: 'relate', relation: georel as GeoRelation };
  const near = nearForm.exec(georel);
  if (near === null) {
    if (georel.startsWith('near')) {
      throw badRequestData(
        `georel ${JSON.stringify(georel)}: near takes exactly one ;maxDistance==<metres> or ;minDistance==<metres>`,
      );
    }
    throw badRequestData(`georel ${JSON.stringify(georel)} is not one of ${allowed}`);
  }
  const [, limit, value] = near as unknown as [string, 'maxDistance' | 'minDistance', string];
  if (!distanceForm.test(value)) {
    throw badRequestData(
      `georel ${JSON.stringify(georel)}: ${limit} must be a number of metres >= 0, got ${JSON.stringify(value)}`,
    );
  }
  return { kind: 'near', limit, distance: Number(value) };
}
