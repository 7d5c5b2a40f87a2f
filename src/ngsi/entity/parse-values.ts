import { badRequestData } from '../../kernel/index.js';
import { NGSI_NULL } from './attribute-merge.js';
import { CORE, type AttributeType } from './model.js';
import { isJsonObject, isStringArray, type ParseContext } from './parse-options.js';
import { isDate, isDateTime, isTime } from './validate-datetime.js';
import { isLanguageTag } from './validate-language-tag.js';
import { isValidName } from './validate-name.js';
import { isAbsoluteUri } from './validate-uri.js';

// One parser per attribute type for its value member (CIM 009 §4.5, §5.2.5–§5.2.38). Each returns
// the member as stored in the normal form or throws BadRequestData naming the attribute (`path`).
// JSON null is never a value (§5.2.1); the NGSI-LD Null string is, in an update context only.

export type ValueParser = (v: unknown, path: string, ctx: ParseContext) => unknown;

/** True when `v` is the NGSI-LD Null and nulls are allowed; throws when they are not. */
export function isAllowedNull(v: unknown, path: string, ctx: ParseContext): boolean {
  if (v !== NGSI_NULL) return false;
  if (!ctx.allowNull)
    throw badRequestData(`${path}: the NGSI-LD Null is only allowed when updating or merging`);
  return true;
}

function notNull(v: unknown, path: string, member: string): void {
  if (v === null) {
    throw badRequestData(
      `${path}: '${member}' cannot be JSON null (to delete when updating, use "${NGSI_NULL}")`,
    );
  }
}

// A JSON-LD typed value (Annex C.6) such as { "@type": "DateTime", "@value": "…" } is kept as given;
// for the NGSI-LD temporal types its @value must be valid.
const temporalChecks = new Map<string, (s: unknown) => boolean>();
for (const [name, check] of [
  ['DateTime', isDateTime],
  ['Date', isDate],
  ['Time', isTime],
] as const) {
  temporalChecks.set(name, check);
  temporalChecks.set(`ngsi-ld:${name}`, check);
  temporalChecks.set(CORE + name, check);
}

function checkTypedValue(o: Readonly<Record<string, unknown>>, path: string): void {
  if (o['@value'] === undefined) return;
  // The old { "@type": …, "@value": null } stand-in for null is a null all the same (§5.2.1).
  notNull(o['@value'], path, '@value');
  const t = o['@type'];
  const check = typeof t === 'string' ? temporalChecks.get(t) : undefined;
  if (check !== undefined && !check(o['@value'])) {
    throw badRequestData(`${path}: '${String(o['@value'])}' is not a valid ${String(t)}`);
  }
}

const propertyValue: ValueParser = (v, path, ctx) => {
  notNull(v, path, 'value');
  if (isJsonObject(v)) checkTypedValue(v, path);
  else isAllowedNull(v, path, ctx);
  return v;
};

const geoValue: ValueParser = (v, path, ctx) => {
  notNull(v, path, 'value');
  if (isAllowedNull(v, path, ctx)) return v;
  const problem = ctx.validateGeometry(v);
  if (problem !== undefined) throw badRequestData(`${path}: invalid GeoJSON geometry: ${problem}`);
  return v;
};

function uri(v: unknown, path: string, what: string): string {
  if (v === NGSI_NULL) throw badRequestData(`${path}: the NGSI-LD Null cannot be one ${what} among others`);
  if (!isAbsoluteUri(v)) throw badRequestData(`${path}: ${what} ${JSON.stringify(v)} is not an absolute URI`);
  return v;
}

const relationshipObject: ValueParser = (v, path, ctx) => {
  notNull(v, path, 'object');
  if (typeof v === 'string') return isAllowedNull(v, path, ctx) ? v : uri(v, path, 'object');
  if (!Array.isArray(v) || v.length === 0) {
    throw badRequestData(`${path}: a Relationship's object must be a URI or a non-empty array of URIs`);
  }
  for (const o of v) uri(o, path, 'object');
  return v;
};

/** ListRelationship items are URIs or { "object": URI } (§5.2.37); stored as plain URIs. */
const objectList: ValueParser = (v, path, ctx) => {
  notNull(v, path, 'objectList');
  if (isAllowedNull(v, path, ctx)) return [NGSI_NULL];
  if (!Array.isArray(v)) throw badRequestData(`${path}: objectList must be an array of URIs`);
  const out = new Array<string>(v.length);
  for (let i = 0; i < v.length; i++) {
    const item: unknown = v[i];
    const target = isJsonObject(item) ? item.object : item;
    out[i] =
      v.length === 1 && isAllowedNull(target, path, ctx) ? NGSI_NULL : uri(target, path, 'objectList item');
  }
  return out;
};

const languageMap: ValueParser = (v, path, ctx) => {
  notNull(v, path, 'languageMap');
  if (isAllowedNull(v, path, ctx)) return { '@none': NGSI_NULL };
  if (!isJsonObject(v))
    throw badRequestData(`${path}: languageMap must be an object of language tag to string`);
  let count = 0;
  for (const tag in v) {
    count++;
    if (!isLanguageTag(tag)) throw badRequestData(`${path}: '${tag}' is not a language tag`);
    const s = v[tag];
    if (typeof s === 'string') isAllowedNull(s, path, ctx);
    else if (!isStringArray(s)) {
      throw badRequestData(`${path}: languageMap['${tag}'] must be a string or an array of strings`);
    }
  }
  if (count === 0) throw badRequestData(`${path}: languageMap is empty`);
  return v;
};

function vocabTerm(t: unknown, path: string, ctx: ParseContext): string {
  if (!isValidName(t)) throw badRequestData(`${path}: vocab ${JSON.stringify(t)} is not a valid term`);
  return ctx.terms.expand(t);
}

const vocab: ValueParser = (v, path, ctx) => {
  notNull(v, path, 'vocab');
  if (typeof v === 'string') return isAllowedNull(v, path, ctx) ? v : vocabTerm(v, path, ctx);
  if (!Array.isArray(v) || v.length === 0) {
    throw badRequestData(`${path}: vocab must be a term or a non-empty array of terms`);
  }
  const out = new Array<string>(v.length);
  for (let i = 0; i < v.length; i++) out[i] = vocabTerm(v[i], path, ctx);
  return out;
};

/** JsonProperty (§5.2.36): any JSON, stored as given and never expanded. */
const json: ValueParser = (v, path, ctx) => {
  notNull(v, path, 'json');
  isAllowedNull(v, path, ctx);
  return v;
};

const valueList: ValueParser = (v, path, ctx) => {
  notNull(v, path, 'valueList');
  if (isAllowedNull(v, path, ctx)) return [NGSI_NULL];
  if (!Array.isArray(v)) throw badRequestData(`${path}: valueList must be an array`);
  if (v.length === 1 && isAllowedNull(v[0], path, ctx)) return v;
  for (const item of v) notNull(item, path, 'valueList item');
  return v;
};

export const valueParsers: Readonly<Record<AttributeType, ValueParser>> = {
  Property: propertyValue,
  GeoProperty: geoValue,
  Relationship: relationshipObject,
  LanguageProperty: languageMap,
  VocabProperty: vocab,
  JsonProperty: json,
  ListProperty: valueList,
  ListRelationship: objectList,
};
