import { badRequestData } from '../../kernel/index.js';
import { NGSI_NULL } from './attribute-merge.js';
import type { AttrInstance, EntityInput } from './model.js';
import { addAttribute, entityMembers } from './parse-attributes.js';
import { isJsonObject, parseContext, type ParseContext, type ParseOptions } from './parse-options.js';
import type { TermMapper } from './term-mapper.js';
import { isValidName } from './validate-name.js';
import { isValidScope } from './validate-scope.js';
import { isAbsoluteUri } from './validate-uri.js';

export interface ParseEntityOptions extends ParseOptions {
  /** Default true. When false (merge or replace with the id in the path), a missing id gives `id: ''`. */
  requireId?: boolean;
  /** Default true. When false (merge), a missing type gives `types: []`. */
  requireType?: boolean;
}

function parseId(v: unknown): string {
  if (!isAbsoluteUri(v) || v === NGSI_NULL)
    throw badRequestData(`entity id ${JSON.stringify(v)} is not an absolute URI`);
  return v;
}

function typeIri(t: unknown, ctx: ParseContext): string {
  if (!isValidName(t) || t === NGSI_NULL)
    throw badRequestData(`entity type ${JSON.stringify(t)} is not a valid type name`);
  return ctx.terms.expand(t);
}

function parseTypes(v: unknown, ctx: ParseContext): string[] {
  if (typeof v === 'string') return [typeIri(v, ctx)];
  if (!Array.isArray(v) || v.length === 0) {
    throw badRequestData('entity type must be a type name or a non-empty array of type names');
  }
  const out: string[] = [];
  for (const t of v) {
    const iri = typeIri(t, ctx);
    if (!out.includes(iri)) out.push(iri);
  }
  return out;
}

/** CIM 009 §4.18. In a merge, the NGSI-LD Null removes the scope: returned as `[]`. */
function parseScope(v: unknown, ctx: ParseContext): string[] {
  if (v === NGSI_NULL && ctx.allowNull) return [];
  if (isValidScope(v)) return [v];
  if (!Array.isArray(v) || v.length === 0)
    throw badRequestData('scope must be a scope or an array of scopes');
  for (const s of v) {
    if (!isValidScope(s))
      throw badRequestData(`scope ${JSON.stringify(s)} is not of the form /level(/level)*`);
  }
  return v as string[];
}

/**
 * Parses an entity from a request body (create, replace, batch, merge) into the normal form.
 * Attributes may be normalized, concise or keyValues (CIM 009 §4.5.x); names and types are
 * expanded with `terms`; `@context` is skipped (the caller resolved it) and so are the
 * system-generated createdAt, modifiedAt and deletedAt. Bad input throws BAD_REQUEST_DATA.
 */
export function parseEntity(body: unknown, terms: TermMapper, opts: ParseEntityOptions = {}): EntityInput {
  if (!isJsonObject(body)) throw badRequestData('an entity must be a JSON object');
  const ctx = parseContext(terms, opts);
  const attrs: Record<string, AttrInstance[]> = {};
  let id = '';
  let types: string[] = [];
  let scope: string[] | undefined;
  for (const key in body) {
    const v = body[key];
    if (!entityMembers.has(key)) addAttribute(attrs, key, v, ctx);
    else if (key === 'id') id = parseId(v);
    else if (key === 'type') types = parseTypes(v, ctx);
    else if (key === 'scope') scope = parseScope(v, ctx);
  }
  if (id === '' && opts.requireId !== false) throw badRequestData('the entity has no id');
  if (types.length === 0 && opts.requireType !== false) throw badRequestData('the entity has no type');
  const entity: EntityInput = { id, types, attrs };
  if (scope !== undefined) entity.scope = scope;
  return entity;
}

// The entry point for request bodies: the attribute-endpoint parsers are reachable from here too.
export { parseAttributes } from './parse-attributes.js';
export { parseAttribute, type ParseAttributeOptions } from './parse-attribute.js';
