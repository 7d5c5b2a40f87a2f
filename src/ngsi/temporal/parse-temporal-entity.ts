import { badRequestData } from '../../kernel/index.js';
import type { AttrInstance } from '../entity/model.js';
import { entityMembers } from '../entity/parse-attributes.js';
import { parseEntity } from '../entity/parse-entity.js';
import { geoPropertyNames, parseInstance } from '../entity/parse-instance.js';
import { isJsonObject, parseContext, type ParseContext } from '../entity/parse-options.js';
import type { TermMapper } from '../entity/term-mapper.js';
import { isValidName } from '../entity/validate-name.js';
import { normalizeDateTime } from '../entity/validate-datetime.js';

// The body of the temporal provision endpoints (CIM 009 §5.6.11-§5.6.12, §6.18.3.1, §6.20.3.1):
// a temporal representation, each attribute an array of instances in any order. Unlike an
// entity, many instances share a datasetId (they are its history), and each needs observedAt,
// the instant it is placed at.

/** Instances by expanded attribute name, each list sorted by observedAt. */
export type TemporalAttrs = Record<string, AttrInstance[]>;

function instanceOf(raw: unknown, path: string, ctx: ParseContext, geo: boolean): AttrInstance {
  const inst = parseInstance(raw, path, ctx, geo);
  const observedAt = normalizeDateTime(inst.observedAt);
  if (observedAt === undefined) throw badRequestData(`${path}: every temporal instance needs observedAt`);
  return inst;
}

/** Parses one attribute's instances; `name` is the attribute's name as sent. */
export function parseTemporalAttr(name: string, raw: unknown, ctx: ParseContext): [string, AttrInstance[]] {
  if (name.startsWith('@') || !isValidName(name)) {
    throw badRequestData(`'${name}' is not a valid attribute name (CIM 009 §4.6.2)`);
  }
  const iri = ctx.terms.expand(name);
  const list = Array.isArray(raw) ? raw : [raw];
  if (list.length === 0) throw badRequestData(`${name}: needs at least one instance`);
  const parsed = list.map((x, i) => instanceOf(x, `${name}[${i}]`, ctx, geoPropertyNames.has(iri)));
  const time = (i: AttrInstance) => normalizeDateTime(i.observedAt)!;
  return [iri, parsed.sort((a, b) => (time(a) < time(b) ? -1 : time(a) > time(b) ? 1 : 0))];
}

export function parseTemporalAttrs(body: unknown, terms: TermMapper): TemporalAttrs {
  if (!isJsonObject(body)) throw badRequestData('the request body must be a JSON object of attributes');
  const ctx = parseContext(terms, { allowNull: false });
  const out: TemporalAttrs = {};
  for (const key in body) {
    if (entityMembers.has(key)) continue;
    const [iri, list] = parseTemporalAttr(key, body[key], ctx);
    out[iri] = [...(out[iri] ?? []), ...list];
  }
  return out;
}

export interface TemporalEntityInput {
  id: string;
  types: string[];
  attrs: TemporalAttrs;
}

/** A temporal entity: id and type are read as for an entity, the attributes as history. */
export function parseTemporalEntity(body: unknown, terms: TermMapper): TemporalEntityInput {
  if (!isJsonObject(body)) throw badRequestData('a temporal entity must be a JSON object');
  const head: Record<string, unknown> = {};
  for (const k of ['id', 'type']) if (body[k] !== undefined) head[k] = body[k];
  const { id, types } = parseEntity(head, terms);
  return { id, types, attrs: parseTemporalAttrs(body, terms) };
}

/**
 * The body of PATCH …/attrs/{attrId}/{instanceId} (§6.22.3.1): the attribute as a fragment,
 * `{ "<attrId>": instance }` (or a one-element array), or the instance alone. The instance
 * replaces the stored one whole; observedAt is optional.
 */
export function parseInstanceReplacement(body: unknown, attrId: string, terms: TermMapper): AttrInstance {
  if (!isJsonObject(body)) throw badRequestData('the request body must be an attribute instance');
  const { '@context': _c, ...rest } = body;
  const keys = Object.keys(rest);
  let raw: unknown = rest;
  if (keys.length === 1 && (keys[0] === attrId || terms.expand(keys[0]!) === terms.expand(attrId))) {
    const v = rest[keys[0]!];
    if (Array.isArray(v) && v.length !== 1) throw badRequestData(`${attrId}: give exactly one instance`);
    raw = Array.isArray(v) ? v[0] : v;
  }
  if (!isJsonObject(raw) || raw.type === undefined)
    throw badRequestData(`${attrId}: the instance needs a type`);
  const ctx = parseContext(terms, { allowNull: false });
  return parseInstance(raw, attrId, ctx, geoPropertyNames.has(terms.expand(attrId)));
}
