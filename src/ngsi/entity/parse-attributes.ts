import { badRequestData } from '../../kernel/index.js';
import type { AttrInstance } from './model.js';
import { checkDatasetIds, geoPropertyNames, parseInstances } from './parse-instance.js';
import { isJsonObject, parseContext, type ParseContext, type ParseOptions } from './parse-options.js';
import type { TermMapper } from './term-mapper.js';
import { isValidName } from './validate-name.js';

/** Entity members that are not attributes (CIM 009 §4.5.2, §4.8); the system ones are ignored on input. */
export const entityMembers: ReadonlySet<string> = new Set([
  'id',
  'type',
  'scope',
  '@context',
  'createdAt',
  'modifiedAt',
  'deletedAt',
]);

/** Parses attribute `key` and adds its instances to `attrs` (keyed by expanded name). */
export function addAttribute(
  attrs: Record<string, AttrInstance[]>,
  key: string,
  raw: unknown,
  ctx: ParseContext,
): void {
  if (key.startsWith('@')) throw badRequestData(`JSON-LD keyword '${key}' is not supported in an entity`);
  if (!isValidName(key)) throw badRequestData(`'${key}' is not a valid attribute name (CIM 009 §4.6.2)`);
  const iri = ctx.terms.expand(key);
  const list = parseInstances(raw, key, ctx, geoPropertyNames.has(iri));
  const existing = attrs[iri];
  if (existing === undefined) {
    attrs[iri] = list;
    return;
  }
  // Two spellings of one attribute (a term and its IRI) add up, as in JSON-LD expansion.
  const merged = existing.concat(list);
  checkDatasetIds(merged, key);
  attrs[iri] = merged;
}

/**
 * The body of the attribute endpoints (append, update, merge; CIM 009 §5.6.3, §5.6.2, §5.6.17):
 * attribute name → attribute, normalized or concise, an array of instances for a multi-attribute.
 * Entity members (id, type, scope, @context, system dates) are not attributes and are skipped;
 * read them with `parseEntity(…, { requireId: false, requireType: false })`. Pass `allowNull` for
 * update and merge: an instance whose value member is the NGSI-LD Null asks for deletion.
 */
export function parseAttributes(
  body: unknown,
  terms: TermMapper,
  opts: ParseOptions = {},
): Record<string, AttrInstance[]> {
  if (!isJsonObject(body)) throw badRequestData('the request body must be a JSON object of attributes');
  const ctx = parseContext(terms, opts);
  const attrs: Record<string, AttrInstance[]> = {};
  for (const key in body) if (!entityMembers.has(key)) addAttribute(attrs, key, body[key], ctx);
  return attrs;
}
