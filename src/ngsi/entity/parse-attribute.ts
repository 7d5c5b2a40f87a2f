import { badRequestData } from '../../kernel/index.js';
import type { AttrInstance, AttributeType } from './model.js';
import { readMembers } from './parse-members.js';
import {
  checkDatasetIds,
  geoPropertyNames,
  isAttributeType,
  isInstanceArray,
  parseInstances,
  parseSubAttribute,
} from './parse-instance.js';
import {
  isJsonObject,
  parseContext,
  type AttrFragment,
  type ParseContext,
  type ParseOptions,
} from './parse-options.js';
import type { TermMapper } from './term-mapper.js';
import { validateAttributeName } from './validate-name.js';

export interface ParseAttributeOptions extends ParseOptions {
  /** PATCH (partial attribute update): the body gives only the members to change. */
  partial?: boolean;
  /** With `partial`: the stored attribute's type, when known; members are checked against it. */
  existingType?: AttributeType;
}

/**
 * The body of PUT /entities/{id}/attrs/{attrId} (replace attribute, V1.8) or, with `partial`, of
 * PATCH /entities/{id}/attrs/{attrId} (partial attribute update, CIM 009 §5.6.4). `name` is the
 * attribute from the path, short or expanded. The result is a list: one item per instance
 * (an array body addresses several datasetIds).
 *
 * Partial contract: each fragment holds exactly the members the body gave, checked but not
 * completed — `type` only if the body has one, no value member if the body has none (e.g. only
 * `observedAt`). Members are checked against the body's type, else `existingType`, else the type
 * the value member implies. The NGSI-LD Null is allowed unless `allowNull: false`: as a value
 * member it deletes the attribute, as observedAt / unitCode / a sub-attribute it removes that
 * member. `datasetId` says which instance to patch. The service merges the fragment.
 */
export function parseAttribute(
  name: string,
  body: unknown,
  terms: TermMapper,
  opts: ParseAttributeOptions & { partial: true },
): AttrFragment[];
export function parseAttribute(
  name: string,
  body: unknown,
  terms: TermMapper,
  opts?: ParseAttributeOptions,
): AttrInstance[];
export function parseAttribute(
  name: string,
  body: unknown,
  terms: TermMapper,
  opts: ParseAttributeOptions = {},
): AttrFragment[] | AttrInstance[] {
  const problem = validateAttributeName(name);
  if (problem !== undefined) throw badRequestData(problem);
  const geo = geoPropertyNames.has(terms.expand(name));
  if (opts.partial !== true) return parseInstances(body, name, parseContext(terms, opts), geo);
  const ctx = parseContext(terms, { ...opts, allowNull: opts.allowNull ?? true });
  if (!Array.isArray(body) || !isInstanceArray(body, name))
    return [parseFragment(name, body, ctx, geo, opts)];
  const list = body.map((item) => parseFragment(name, item, ctx, geo, opts));
  checkDatasetIds(list as AttrInstance[], name);
  return list;
}

function parseFragment(
  name: string,
  body: unknown,
  ctx: ParseContext,
  geo: boolean,
  opts: ParseAttributeOptions,
): AttrFragment {
  if (!isJsonObject(body)) throw badRequestData(`${name}: the attribute fragment must be a JSON object`);
  const given = body.type;
  if (given !== undefined && !isAttributeType(given)) {
    throw badRequestData(`${name}: ${JSON.stringify(given)} is not an NGSI-LD attribute type`);
  }
  if (geo && given !== undefined && given !== 'GeoProperty') {
    throw badRequestData(`${name}: must be a GeoProperty (CIM 009 §4.7)`);
  }
  const fragment: AttrFragment = given === undefined ? {} : { type: given };
  const type = given ?? opts.existingType ?? (geo ? 'GeoProperty' : undefined);
  readMembers(body, fragment, type, name, ctx, parseSubAttribute);
  if (Object.keys(fragment).length === 0) throw badRequestData(`${name}: the fragment changes nothing`);
  return fragment;
}
