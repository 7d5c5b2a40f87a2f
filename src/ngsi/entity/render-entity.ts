import type { StoredEntity } from './model.js';
import { renderContext, renderEntityBody } from './render-attributes.js';
import { showsMember, type RenderOptions } from './render-options.js';
import type { TermMapper } from './term-mapper.js';

export type { ContextValue, RenderFormat, RenderOptions } from './render-options.js';
export { renderFeature, renderGeoJson, type GeoJsonOptions } from './render-geo-json.js';

/**
 * An entity as a response body (CIM 009 §4.5): names compacted with `terms`, in the requested
 * format, projected by attrs / pick / omit and datasetId, LanguageProperties reduced by `lang`.
 * Values are shared with `e`, not copied: serialize the result, do not mutate it.
 */
export function renderEntity(
  e: StoredEntity,
  terms: TermMapper,
  opts: RenderOptions,
): Record<string, unknown> {
  const rc = renderContext(terms, opts);
  const out: Record<string, unknown> = {};
  if (showsMember(opts, 'id')) out.id = e.id;
  renderEntityBody(e, rc, out);
  if (opts.includeContext !== undefined) out['@context'] = opts.includeContext;
  return out;
}
