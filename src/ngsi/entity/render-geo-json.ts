import type { StoredEntity } from './model.js';
import { renderContext, renderEntityBody } from './render-attributes.js';
import type { RenderContext } from './render-instance.js';
import type { RenderOptions } from './render-options.js';
import type { TermMapper } from './term-mapper.js';

// The GeoJSON representation (CIM 009 §4.5.16, §6.3.15; application/geo+json): each entity is a
// Feature whose geometry is the value of the chosen GeoProperty (null when the entity has none)
// and whose properties hold the entity type and attributes in the requested format.

export interface GeoJsonOptions extends RenderOptions {
  /** Expanded name of the GeoProperty that gives the geometry (default location, chosen by the caller). */
  geoproperty: string;
}

function geometryOf(e: StoredEntity, opts: GeoJsonOptions): unknown {
  const list = e.attrs[opts.geoproperty];
  if (list === undefined) return null;
  const wanted = opts.datasetId;
  let chosen = list[0];
  for (const inst of list) {
    const matches =
      wanted === undefined ? inst.datasetId === undefined : wanted.includes(inst.datasetId ?? '@none');
    if (matches) {
      chosen = inst;
      break;
    }
  }
  return chosen?.type === 'GeoProperty' && chosen.value !== undefined ? chosen.value : null;
}

function feature(e: StoredEntity, rc: RenderContext, opts: GeoJsonOptions): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  renderEntityBody(e, rc, properties);
  return { id: e.id, type: 'Feature', geometry: geometryOf(e, opts), properties };
}

/** One entity as a GeoJSON Feature. */
export function renderFeature(
  e: StoredEntity,
  terms: TermMapper,
  opts: GeoJsonOptions,
): Record<string, unknown> {
  const out = feature(e, renderContext(terms, opts), opts);
  if (opts.includeContext !== undefined) out['@context'] = opts.includeContext;
  return out;
}

/**
 * Entities as a GeoJSON FeatureCollection; with `single`, the first entity as a Feature (the
 * response to retrieving one entity).
 */
export function renderGeoJson(
  entities: readonly StoredEntity[],
  terms: TermMapper,
  opts: GeoJsonOptions,
  single = false,
): Record<string, unknown> {
  if (single && entities[0] !== undefined) return renderFeature(entities[0], terms, opts);
  const rc = renderContext(terms, opts);
  const features = new Array<unknown>(entities.length);
  for (let i = 0; i < entities.length; i++) features[i] = feature(entities[i]!, rc, opts);
  const out: Record<string, unknown> = { type: 'FeatureCollection', features };
  if (opts.includeContext !== undefined) out['@context'] = opts.includeContext;
  return out;
}
