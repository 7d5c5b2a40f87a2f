import { type AttrInstance, valueMemberOf } from './model.js';
import { looksLikeInstance } from './parse-instance.js';
import { isJsonObject } from './parse-options.js';
import type { RenderOptions } from './render-options.js';
import { pickLanguage } from './render-lang.js';
import type { TermMapper } from './term-mapper.js';
import { looksLikeGeometry } from './validate-geometry.js';

/** What rendering needs at every level; built once per render call. */
export interface RenderContext {
  readonly terms: TermMapper;
  readonly opts: RenderOptions;
  /** Parsed `lang` preferences, or undefined when LanguageProperties stay as they are. */
  readonly lang: readonly string[] | undefined;
  readonly concise: boolean;
}

export function compactAll(iris: string | readonly string[], terms: TermMapper): string | string[] {
  if (typeof iris === 'string') return terms.compact(iris);
  const out = new Array<string>(iris.length);
  for (let i = 0; i < iris.length; i++) out[i] = terms.compact(iris[i]!);
  return out;
}

/** ListRelationship items are rendered as { "object": URI } so they stay IRIs in JSON-LD (§5.2.37). */
export function objectItems(list: readonly string[]): Array<{ object: string }> {
  const out = new Array<{ object: string }>(list.length);
  for (let i = 0; i < list.length; i++) out[i] = { object: list[i]! };
  return out;
}

function isLanguageReduced(inst: AttrInstance, rc: RenderContext): boolean {
  return inst.type === 'LanguageProperty' && rc.lang !== undefined && inst.languageMap !== undefined;
}

/** §4.15: the LanguageProperty as a Property in the preferred language, with a `lang` member. */
function putReducedLanguage(
  out: Record<string, unknown>,
  inst: AttrInstance,
  rc: RenderContext,
  typed: boolean,
) {
  const map = inst.languageMap!;
  const tag = pickLanguage(map, rc.lang!);
  if (typed) out.type = 'Property';
  out.value = tag === undefined ? '' : map[tag];
  out.lang = tag;
}

function putValueMember(
  out: Record<string, unknown>,
  inst: AttrInstance,
  rc: RenderContext,
  typed: boolean,
): void {
  if (isLanguageReduced(inst, rc)) return putReducedLanguage(out, inst, rc, typed);
  if (typed) out.type = inst.type;
  if (inst.type === 'VocabProperty' && inst.vocab !== undefined) out.vocab = compactAll(inst.vocab, rc.terms);
  else if (inst.type === 'ListRelationship' && inst.objectList !== undefined) {
    out.objectList = objectItems(inst.objectList);
  } else {
    const member = valueMemberOf[inst.type];
    out[member] = inst[member];
  }
}

/** Members other than type and the value member (metadata, system dates, sub-attributes). */
function putOtherMembers(out: Record<string, unknown>, inst: AttrInstance, rc: RenderContext): void {
  if (inst.objectType !== undefined) out.objectType = compactAll(inst.objectType, rc.terms);
  if (inst.observedAt !== undefined) out.observedAt = inst.observedAt;
  if (inst.unitCode !== undefined) out.unitCode = inst.unitCode;
  if (inst.datasetId !== undefined) out.datasetId = inst.datasetId;
  if (rc.opts.sysAttrs) {
    if (inst.createdAt !== undefined) out.createdAt = inst.createdAt;
    if (inst.modifiedAt !== undefined) out.modifiedAt = inst.modifiedAt;
  }
  if (inst.sub === undefined) return;
  for (const iri in inst.sub) out[rc.terms.compact(iri)] = renderInstance(inst.sub[iri]!, rc, true);
}

function hasOtherMembers(inst: AttrInstance, rc: RenderContext): boolean {
  if (inst.sub !== undefined || inst.observedAt !== undefined || inst.unitCode !== undefined) return true;
  if (inst.datasetId !== undefined || inst.objectType !== undefined) return true;
  return rc.opts.sysAttrs && (inst.createdAt !== undefined || inst.modifiedAt !== undefined);
}

/**
 * True when `v` alone reads back as a Property with value `v` (concise §4.5.x): not an object or
 * array that would read as an instance or a multi-attribute, not a geometry, not a type-like object.
 */
function isBareSafe(v: unknown): boolean {
  if (v === null || typeof v !== 'object') return true;
  if (Array.isArray(v)) {
    for (const x of v) if (looksLikeInstance(x)) return false;
    return true;
  }
  if (!isJsonObject(v) || looksLikeInstance(v) || looksLikeGeometry(v)) return false;
  return typeof v.type !== 'string';
}

function isGeometryValue(v: unknown): boolean {
  return isJsonObject(v) && looksLikeGeometry(v);
}

/**
 * Concise form (§4.5.x): `type` is left out where the value member implies it (not for a
 * Property whose value is a geometry, which would read as a GeoProperty); a Property or
 * GeoProperty with nothing but its value is that value alone.
 */
function renderConcise(inst: AttrInstance, rc: RenderContext, bareAllowed: boolean): unknown {
  const { type, value } = inst;
  const valueOnly = !hasOtherMembers(inst, rc) && !isLanguageReduced(inst, rc);
  if (bareAllowed && valueOnly && (type === 'GeoProperty' || (type === 'Property' && isBareSafe(value)))) {
    return value;
  }
  const out: Record<string, unknown> = {};
  putValueMember(out, inst, rc, type === 'Property' && isGeometryValue(value));
  putOtherMembers(out, inst, rc);
  return out;
}

/**
 * One instance in normalized or concise form. `bareAllowed` is false inside a multi-attribute
 * array, where a bare value would read as the attribute's own array value.
 */
export function renderInstance(inst: AttrInstance, rc: RenderContext, bareAllowed: boolean): unknown {
  if (rc.concise) return renderConcise(inst, rc, bareAllowed);
  const out: Record<string, unknown> = {};
  putValueMember(out, inst, rc, true);
  putOtherMembers(out, inst, rc);
  return out;
}
