import { DothiError, objectSlot } from '../../kernel/index.js';
import type { ActiveContext } from '../context/index.js';
import type { StoredEntity } from '../entity/model.js';
import { renderEntity, renderGeoJson, type RenderOptions } from '../entity/render-entity.js';
import { attrListOf } from './entity-query.js';
import type { ResponseKind } from './negotiation.js';

// How an entity is shown: format (normalized, concise, keyValues), sysAttrs, projection
// (attrs/pick/omit), language (CIM 009 §4.5, §4.15, §6.3.7).

export interface RepresentationParams {
  options?: string;
  format?: string;
  attrs?: string;
  pick?: string;
  omit?: string;
  lang?: string;
  geometryProperty?: string;
}

const formats = ['normalized', 'concise', 'keyValues'] as const;
type Format = (typeof formats)[number];
const knownOptions = new Set([
  'keyValues',
  'simplified',
  'concise',
  'normalized',
  'sysAttrs',
  'noOverwrite',
  'replace',
  'update',
  'count',
]);

export function optionSet(options: string | undefined): Set<string> {
  const set = new Set<string>();
  if (options === undefined || options === '') return set;
  for (const o of options.split(',')) {
    const name = o.trim();
    if (!knownOptions.has(name)) throw new DothiError('BAD_REQUEST_DATA', `unknown option '${name}'`);
    set.add(name);
  }
  return set;
}

function formatOf(p: RepresentationParams, opts: Set<string>): Format {
  if (p.format !== undefined) {
    const f = p.format === 'simplified' ? 'keyValues' : p.format;
    if (!(formats as readonly string[]).includes(f)) {
      throw new DothiError('BAD_REQUEST_DATA', `format must be one of ${formats.join(', ')}`);
    }
    return f as Format;
  }
  if (opts.has('keyValues') || opts.has('simplified')) return 'keyValues';
  if (opts.has('concise')) return 'concise';
  return 'normalized';
}

export interface Representation {
  kind: ResponseKind;
  render: RenderOptions;
  geometryProperty: string;
}

export function representationOf(
  p: RepresentationParams,
  ctx: ActiveContext,
  kind: ResponseKind,
): Representation {
  const opts = optionSet(p.options);
  const expand = (t: string) => ctx.expand(t);
  const projection = (list: string[] | undefined) =>
    list === undefined ? undefined : new Set(list.map((n) => (n === 'id' || n === 'type' ? n : expand(n))));
  if (p.pick !== undefined && p.attrs !== undefined) {
    throw new DothiError('BAD_REQUEST_DATA', 'pick and attrs cannot be used together');
  }
  const render: RenderOptions = {
    format: formatOf(p, opts),
    sysAttrs: opts.has('sysAttrs'),
    pick: projection(attrListOf(p.pick)),
    attrs: projection(attrListOf(p.attrs)),
    omit: projection(attrListOf(p.omit)),
    lang: p.lang,
  };
  return { kind, render, geometryProperty: expand(p.geometryProperty ?? 'location') };
}

export function renderOne(e: StoredEntity, ctx: ActiveContext, r: Representation): unknown {
  if (r.kind === 'geo')
    return renderGeoJson([e], ctx, { ...r.render, geoproperty: r.geometryProperty }, true);
  return renderEntity(e, ctx, r.render);
}

/** The last body rendered of each state, with what it was rendered for. */
const bodies = objectSlot<StoredEntity, { ctx: ActiveContext; key: string; text: string }>('body');

/**
 * One entity's response body as JSON text, with its "@context" when the media type wants it in the
 * body. States do not change once stored and the broker shares recently used ones (entity-cache.ts),
 * so the text of the last representation asked of a state is kept with it: repeated reads of an
 * entity render and serialize it once. Projections (attrs, pick, omit) are rendered every time.
 */
export function entityBody(e: StoredEntity, ctx: ActiveContext, r: Representation): string {
  const o = r.render;
  const key =
    o.attrs === undefined && o.pick === undefined && o.omit === undefined && o.datasetId === undefined
      ? `${r.kind}\u0000${o.format}\u0000${o.sysAttrs}\u0000${o.lang ?? ''}\u0000${r.geometryProperty}`
      : undefined;
  if (key !== undefined) {
    const last = bodies.get(e);
    if (last !== undefined && last.ctx === ctx && last.key === key) return last.text;
  }
  const rendered = renderOne(e, ctx, r);
  const text = JSON.stringify(r.kind === 'ld' ? withContext(rendered, ctx) : rendered);
  if (key !== undefined) bodies.set(e, { ctx, key, text });
  return text;
}

/** A body with the "@context" member (application/ld+json), on each element of an array. */
export function withContext(payload: unknown, ctx: ActiveContext): unknown {
  if (Array.isArray(payload)) return payload.map((p) => withContext(p, ctx));
  if (typeof payload === 'object' && payload !== null) return { ...payload, '@context': ctx.value };
  return payload;
}

export function renderMany(list: StoredEntity[], ctx: ActiveContext, r: Representation): unknown {
  if (r.kind === 'geo')
    return renderGeoJson(list, ctx, { ...r.render, geoproperty: r.geometryProperty }, false);
  return list.map((e) => renderEntity(e, ctx, r.render));
}
