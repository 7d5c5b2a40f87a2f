import { badRequestData } from '../../kernel/index.js';
import { attributeTypes, type AttrInstance, type AttributeType, valueMemberOf } from './model.js';
import { NGSI_NULL } from './attribute-merge.js';
import type { AttrFragment, JsonObject, ParseContext } from './parse-options.js';
import { isAllowedNull, valueParsers } from './parse-values.js';
import { normalizeDateTime } from './validate-datetime.js';
import { isValidName } from './validate-name.js';
import { isAbsoluteUri } from './validate-uri.js';

// The members of one attribute instance (CIM 009 §5.2.5 ff.): the type's value member, the
// metadata members, members that only the broker writes (ignored on input), and sub-attributes
// (every other member). A table, not a switch, so a new member is one row.

export type SubAttributeParser = (raw: unknown, path: string, ctx: ParseContext) => AttrInstance;

type MemberHandler = (
  inst: AttrFragment,
  v: unknown,
  path: string,
  ctx: ParseContext,
  type: AttributeType | undefined,
) => void;

/** The attribute type a value member implies when `type` is omitted (concise form, §4.5.x). */
export const typeOfValueMember: Readonly<Record<string, AttributeType>> = {
  value: 'Property',
  object: 'Relationship',
  languageMap: 'LanguageProperty',
  vocab: 'VocabProperty',
  json: 'JsonProperty',
  valueList: 'ListProperty',
  objectList: 'ListRelationship',
};

function ignore(): void {}

function valueMember(member: keyof AttrFragment & string): MemberHandler {
  return (inst, v, path, ctx, type) => {
    const t = type ?? typeOfValueMember[member]!;
    if (valueMemberOf[t] !== member) throw badRequestData(`${path}: a ${t} has no '${member}' member`);
    (inst as Record<string, unknown>)[member] = valueParsers[t](v, path, ctx);
  };
}

const observedAt: MemberHandler = (inst, v, path, ctx) => {
  if (isAllowedNull(v, path, ctx)) {
    inst.observedAt = v as string;
    return;
  }
  const iso = normalizeDateTime(v);
  if (iso === undefined) {
    throw badRequestData(
      `${path}: observedAt ${JSON.stringify(v)} is not an ISO 8601 date-time with time zone`,
    );
  }
  inst.observedAt = iso;
};

const unitCode: MemberHandler = (inst, v, path, ctx) => {
  if (typeof v !== 'string' || v.length === 0)
    throw badRequestData(`${path}: unitCode must be a non-empty string`);
  isAllowedNull(v, path, ctx);
  inst.unitCode = v;
};

const datasetId: MemberHandler = (inst, v, path) => {
  if (!isAbsoluteUri(v))
    throw badRequestData(`${path}: datasetId ${JSON.stringify(v)} is not an absolute URI`);
  if (v === NGSI_NULL) throw badRequestData(`${path}: datasetId cannot be the NGSI-LD Null`);
  inst.datasetId = v;
};

function typeName(t: unknown, path: string, ctx: ParseContext): string {
  if (!isValidName(t))
    throw badRequestData(`${path}: objectType ${JSON.stringify(t)} is not a valid type name`);
  return ctx.terms.expand(t);
}

/** V1.8 `objectType`: the type(s) of the target entity, for Relationship and ListRelationship. */
const objectType: MemberHandler = (inst, v, path, ctx, type) => {
  if (type !== undefined && type !== 'Relationship' && type !== 'ListRelationship') {
    throw badRequestData(`${path}: objectType is only allowed in a Relationship or ListRelationship`);
  }
  if (typeof v === 'string') {
    inst.objectType = typeName(v, path, ctx);
    return;
  }
  if (!Array.isArray(v) || v.length === 0)
    throw badRequestData(`${path}: objectType must be a name or names`);
  const out = new Array<string>(v.length);
  for (let i = 0; i < v.length; i++) out[i] = typeName(v[i], path, ctx);
  inst.objectType = out;
};

const handlers = new Map<string, MemberHandler>([
  ['type', ignore],
  ['observedAt', observedAt],
  ['unitCode', unitCode],
  ['datasetId', datasetId],
  ['objectType', objectType],
  // Written by the broker or only present in responses and notifications (§4.8, §5.2.5 ff.).
  ['createdAt', ignore],
  ['modifiedAt', ignore],
  ['deletedAt', ignore],
  ['instanceId', ignore],
  ['lang', ignore],
  ['previousValue', ignore],
  ['previousObject', ignore],
  ['previousLanguageMap', ignore],
  ['previousVocab', ignore],
  ['previousJson', ignore],
  ['previousValueList', ignore],
  ['previousObjectList', ignore],
  // An attribute body sent as application/ld+json carries its @context; the caller resolved it.
  ['@context', ignore],
]);
for (const t of attributeTypes) handlers.set(valueMemberOf[t], valueMember(valueMemberOf[t]));

/**
 * Reads every member of `o` into `inst`. `type` is the instance's type when known (it decides
 * which value member is allowed and how it is checked); sub-attributes go through `parseSub`.
 */
export function readMembers(
  o: JsonObject,
  inst: AttrFragment,
  type: AttributeType | undefined,
  path: string,
  ctx: ParseContext,
  parseSub: SubAttributeParser,
): void {
  for (const key in o) {
    const handler = handlers.get(key);
    if (handler !== undefined) handler(inst, o[key], path, ctx, type);
    else addSubAttribute(inst, key, o[key], path, ctx, parseSub);
  }
}

function addSubAttribute(
  inst: AttrFragment,
  key: string,
  raw: unknown,
  path: string,
  ctx: ParseContext,
  parseSub: SubAttributeParser,
): void {
  if (key.startsWith('@')) throw badRequestData(`${path}: JSON-LD keyword '${key}' is not supported here`);
  if (!isValidName(key)) throw badRequestData(`${path}: '${key}' is not a valid sub-attribute name`);
  const iri = ctx.terms.expand(key);
  const subs = (inst.sub ??= {});
  if (subs[iri] !== undefined) throw badRequestData(`${path}: sub-attribute '${key}' is given twice`);
  subs[iri] = parseSub(raw, `${path}.${key}`, ctx);
}
