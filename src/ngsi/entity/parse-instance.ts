import { badRequestData } from '../../kernel/index.js';
import { NGSI_NULL } from './attribute-merge.js';
import { attributeTypes, coreIri, type AttrInstance, type AttributeType, valueMemberOf } from './model.js';
import { readMembers, typeOfValueMember } from './parse-members.js';
import { isJsonObject, isStringArray, type JsonObject, type ParseContext } from './parse-options.js';
import { valueParsers } from './parse-values.js';
import { looksLikeGeometry } from './validate-geometry.js';

// One attribute instance, normalized or concise (CIM 009 §4.5.x). Without `type`, the type follows
// from the value member present (`object` → Relationship, `languageMap` → LanguageProperty, …); a
// bare value, or a JSON object with no value member, is a Property's value (keyValues input); a
// GeoJSON geometry is a GeoProperty's value, and so is any value of location, observationSpace and
// operationSpace, which §4.7 reserves for GeoProperties.

const attributeTypeSet: ReadonlySet<unknown> = new Set(attributeTypes);
const lowerCaseTypes: ReadonlySet<string> = new Set(attributeTypes.map((t) => t.toLowerCase()));
const valueMembers = Object.keys(typeOfValueMember);

export const geoPropertyNames: ReadonlySet<string> = new Set([
  coreIri.location,
  coreIri.observationSpace,
  coreIri.operationSpace,
]);

export function isAttributeType(t: unknown): t is AttributeType {
  return attributeTypeSet.has(t);
}

/** The value member present in `o`, if any; two of them make the instance ambiguous. */
function soleValueMember(o: JsonObject, path: string): string | undefined {
  let found: string | undefined;
  for (const m of valueMembers) {
    if (o[m] === undefined) continue;
    if (found !== undefined) throw badRequestData(`${path}: has both '${found}' and '${m}'`);
    found = m;
  }
  return found;
}

/** True when `o` reads as an attribute instance rather than as a plain JSON value. */
export function looksLikeInstance(o: unknown): boolean {
  if (!isJsonObject(o)) return false;
  if (attributeTypeSet.has(o.type)) return true;
  for (const m of valueMembers) if (o[m] !== undefined) return true;
  return false;
}

/** The instance's type, or undefined when `o` as a whole is the value. */
function typeOf(o: JsonObject, path: string, geo: boolean): AttributeType | undefined {
  const t = o.type;
  // With an NGSI-LD type given, a foreign value member is caught when the members are read.
  if (isAttributeType(t)) return t;
  const member = soleValueMember(o, path);
  if (t !== undefined) {
    // A misspelt NGSI-LD type ('property', 'Property ') must not pass silently as a plain value.
    const misspelt = typeof t === 'string' && lowerCaseTypes.has(t.trim().toLowerCase());
    if (member !== undefined || misspelt) {
      throw badRequestData(`${path}: ${JSON.stringify(t)} is not an NGSI-LD attribute type`);
    }
    // A plain value's `type` is JSON-LD's @type: a name or names, never an object or a number.
    if (typeof t !== 'string' && !isStringArray(t)) throw badRequestData(`${path}: 'type' must be a name`);
    return undefined;
  }
  if (member !== 'value') return member === undefined ? undefined : typeOfValueMember[member];
  return geo || (isJsonObject(o.value) && looksLikeGeometry(o.value)) ? 'GeoProperty' : 'Property';
}

function valueInstance(v: unknown, path: string, ctx: ParseContext, type: AttributeType): AttrInstance {
  return { type, value: valueParsers[type](v, path, ctx) };
}

function wholeValue(v: unknown, path: string, ctx: ParseContext, geo: boolean): AttrInstance {
  const type = geo || (isJsonObject(v) && looksLikeGeometry(v)) ? 'GeoProperty' : 'Property';
  return valueInstance(v, path, ctx, type);
}

function nullInstance(path: string, ctx: ParseContext, geo: boolean): AttrInstance {
  if (!ctx.allowNull) {
    throw badRequestData(
      `${path}: JSON null is not an attribute (to delete when updating, use "${NGSI_NULL}")`,
    );
  }
  return { type: geo ? 'GeoProperty' : 'Property', value: NGSI_NULL };
}

/** Parses one instance; `geo` marks the attributes that must be GeoProperties. */
export function parseInstance(raw: unknown, path: string, ctx: ParseContext, geo: boolean): AttrInstance {
  if (raw === null) return nullInstance(path, ctx, geo);
  if (!isJsonObject(raw)) return wholeValue(raw, path, ctx, geo);
  const type = typeOf(raw, path, geo);
  if (type === undefined) return wholeValue(raw, path, ctx, geo);
  if (geo && type !== 'GeoProperty') throw badRequestData(`${path}: must be a GeoProperty (CIM 009 §4.7)`);
  const inst: AttrInstance = { type };
  readMembers(raw, inst, type, path, ctx, parseSubAttribute);
  const member = valueMemberOf[type];
  if (inst[member] === undefined) throw badRequestData(`${path}: a ${type} needs a '${member}' member`);
  return inst;
}

/** Sub-attributes hold one instance each; an array is a Property's value unless it holds instances. */
export function parseSubAttribute(raw: unknown, path: string, ctx: ParseContext): AttrInstance {
  if (Array.isArray(raw) && isInstanceArray(raw, path)) {
    throw badRequestData(`${path}: a sub-attribute cannot have several instances`);
  }
  return parseInstance(raw, path, ctx, false);
}

/** True when the array lists attribute instances (a multi-attribute), false for a plain array value. */
export function isInstanceArray(arr: readonly unknown[], path: string): boolean {
  let instances = 0;
  for (const x of arr) if (looksLikeInstance(x)) instances++;
  if (instances === 0) return false;
  if (instances === arr.length) return true;
  throw badRequestData(`${path}: mixes attribute instances and plain values`);
}

/** CIM 009 §4.5.5: instances of one attribute differ by datasetId; at most one has none. */
export function checkDatasetIds(list: readonly AttrInstance[], path: string): void {
  for (let i = 1; i < list.length; i++) {
    const id = list[i]!.datasetId;
    for (let j = 0; j < i; j++) {
      if (list[j]!.datasetId !== id) continue;
      throw badRequestData(
        id === undefined
          ? `${path}: more than one instance without datasetId`
          : `${path}: datasetId '${id}' is used by more than one instance`,
      );
    }
  }
}

/** An attribute's value in a request: one instance or an array of instances (multi-attribute). */
export function parseInstances(raw: unknown, path: string, ctx: ParseContext, geo: boolean): AttrInstance[] {
  if (!Array.isArray(raw) || !isInstanceArray(raw, path)) return [parseInstance(raw, path, ctx, geo)];
  const list = new Array<AttrInstance>(raw.length);
  for (let i = 0; i < raw.length; i++) list[i] = parseInstance(raw[i], path, ctx, geo);
  checkDatasetIds(list, path);
  return list;
}
