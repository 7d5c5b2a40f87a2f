import { DothiError } from '../kernel/index.js';

/** What one live view watches: the visible area and the layers (entity types) switched on. */
export interface LiveFilter {
  /** Entity types as the client names them (terms of the core @context). */
  types: readonly string[];
  area: readonly [west: number, south: number, east: number, north: number] | undefined;
}

const bad = (detail: string) => new DothiError('BAD_REQUEST_DATA', detail);

function parseArea(text: string): NonNullable<LiveFilter['area']> {
  const parts = text.split(',').map(Number);
  const [w, s, e, n] = parts;
  if (parts.length !== 4 || parts.some((p) => !Number.isFinite(p))) {
    throw bad(`bbox must be four numbers west,south,east,north; got '${text}'`);
  }
  if (w! >= e! || s! >= n! || s! < -90 || n! > 90 || w! < -180 || e! > 180) {
    throw bad(`bbox '${text}' is not a valid box`);
  }
  return [w!, s!, e!, n!];
}

/** Parses `?bbox=w,s,e,n&types=A,B` once, when the view opens. */
export function parseLiveFilter(query: { bbox?: string; types?: string }): LiveFilter {
  const types = (query.types ?? '').split(',').filter((t) => t !== '');
  if (types.length === 0) throw bad('types must name at least one entity type (the layers shown)');
  return { types, area: query.bbox === undefined || query.bbox === '' ? undefined : parseArea(query.bbox) };
}

/**
 * The in-process subscription of a live view (CIM 009 §5.11 members): its types, its area as a
 * geoQ, every creation, update and deletion, in key-value form.
 */
export function watchSpecOf(f: LiveFilter): Record<string, unknown> {
  const spec: Record<string, unknown> = {
    type: 'Subscription',
    entities: f.types.map((type) => ({ type })),
    notificationTrigger: ['entityCreated', 'entityUpdated', 'entityDeleted'],
    notification: { format: 'keyValues' },
  };
  if (f.area !== undefined) {
    const [w, s, e, n] = f.area;
    const ring = [
      [w, s],
      [e, s],
      [e, n],
      [w, n],
      [w, s],
    ];
    spec.geoQ = { geometry: 'Polygon', coordinates: [ring], georel: 'intersects' };
  }
  return spec;
}
