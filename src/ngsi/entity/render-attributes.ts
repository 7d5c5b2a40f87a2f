import type { AttrInstance, StoredEntity } from './model.js';
import { showsAttribute, showsMember, showsScope, type RenderOptions } from './render-options.js';
import { compactAll, renderInstance, type RenderContext } from './render-instance.js';
import { simplifiedAttribute } from './render-key-values.js';
import { languagePreferences } from './render-lang.js';
import type { TermMapper } from './term-mapper.js';

export function renderContext(terms: TermMapper, opts: RenderOptions): RenderContext {
  return {
    terms,
    opts,
    lang: opts.lang === undefined || opts.lang === '' ? undefined : languagePreferences(opts.lang),
    concise: opts.format === 'concise',
  };
}

/** The instances the `datasetId` option selects ('@none' is the default instance). */
function selectInstances(list: AttrInstance[], wanted: readonly string[] | undefined): AttrInstance[] {
  if (wanted === undefined) return list;
  let out: AttrInstance[] | undefined;
  for (let i = 0; i < list.length; i++) {
    const keep = wanted.includes(list[i]!.datasetId ?? '@none');
    if (keep && out !== undefined) out.push(list[i]!);
    else if (!keep && out === undefined) out = list.slice(0, i);
  }
  return out ?? list;
}

function renderAttribute(list: readonly AttrInstance[], rc: RenderContext): unknown {
  if (rc.opts.format === 'keyValues') return simplifiedAttribute(list, rc);
  if (list.length === 1) return renderInstance(list[0]!, rc, true);
  const out = new Array<unknown>(list.length);
  for (let i = 0; i < list.length; i++) out[i] = renderInstance(list[i]!, rc, false);
  return out;
}

/** Adds the shown attributes of `e` to `out`, under compacted names. */
export function putAttributes(out: Record<string, unknown>, e: StoredEntity, rc: RenderContext): void {
  for (const iri in e.attrs) {
    if (!showsAttribute(rc.opts, iri)) continue;
    const list = selectInstances(e.attrs[iri]!, rc.opts.datasetId);
    if (list.length > 0) out[rc.terms.compact(iri)] = renderAttribute(list, rc);
  }
}

/** Entity types: one compacted name, or an array when there are several (§4.5.2). */
export function renderTypes(types: readonly string[], terms: TermMapper): string | string[] {
  return types.length === 1 ? terms.compact(types[0]!) : compactAll(types, terms);
}

/** The entity body without id and @context: type, scope, attributes, system dates. */
export function renderEntityBody(e: StoredEntity, rc: RenderContext, out: Record<string, unknown>): void {
  const opts = rc.opts;
  if (showsMember(opts, 'type')) out.type = renderTypes(e.types, rc.terms);
  if (e.scope !== undefined && e.scope.length > 0 && showsScope(opts)) {
    out.scope = e.scope.length === 1 ? e.scope[0] : e.scope;
  }
  putAttributes(out, e, rc);
  if (opts.sysAttrs) {
    out.createdAt = e.createdAt;
    out.modifiedAt = e.modifiedAt;
  }
}
