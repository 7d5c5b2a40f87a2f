// The write side of the query contract: the `attr_values` rows of an entity, which compileQ,
// compileAttrsExist and compileScopeQ read.
//
// For every instance of every attribute (all datasetIds), path = the attribute's IRI:
// - one row per scalar of its value: Property/GeoProperty `value`, Relationship `object`,
//   VocabProperty `vocab`, LanguageProperty every string of `languageMap`, ListProperty
//   `valueList`, ListRelationship `objectList`; arrays give one row per scalar element, objects and
//   nested arrays none (the JSON fallback reaches them);
// - a marker row (str and num NULL) when that gives no row (object values, JsonProperty, empty
//   arrays), so that existence, `!=` and `attrs` are answered from the index alone;
// - metadata under "<path> <core IRI>": unitCode and datasetId (str). The members observedAt,
//   createdAt and modifiedAt are not indexed: they change on almost every write (a sensor's
//   every measure has a new observedAt) and are queried far less than values are, so
//   `a.observedAt`, `a.createdAt` and `a.modifiedAt` read the JSON document;
// - sub-attributes under "<path> <sub-attribute IRI>", recursively, by the same rules.
// Scalars: a string gives str (and num, the epoch ms, when it is an ISO 8601 date-time), a number
// num (str NULL), a boolean str 'true'/'false'. Scopes: path = the scope core IRI, str = scope.
import { coreIri, type AttrInstance, type StoredEntity } from '../entity/model.js';
import { dateTimeMs } from './date-time.js';
import { fragment, type SqlFragment } from './sql-fragment.js';

export interface IndexRow {
  path: string;
  str: string | null;
  num: number | null;
}

/** The path of the scope rows. */
export const scopePath = coreIri.scope;

export function indexRows(entity: StoredEntity): IndexRow[] {
  const rows: IndexRow[] = [];
  for (const iri in entity.attrs) addAttr(rows, iri, entity.attrs[iri]!);
  if (entity.scope !== undefined)
    for (const s of entity.scope) rows.push({ path: scopePath, str: s, num: null });
  return rows;
}

/** The rows of one attribute (all its instances), for a write that replaces only that attribute. */
export function indexAttrRows(attrIri: string, instances: readonly AttrInstance[]): IndexRow[] {
  const rows: IndexRow[] = [];
  addAttr(rows, attrIri, instances);
  return rows;
}

/**
 * Selects the `attr_values` rows of one attribute (`path = iri` or starting with `iri + ' '`),
 * to be combined with `pk = ?`: `DELETE FROM attr_values WHERE pk = ? AND <fragment>`. No LIKE:
 * IRIs hold `_`, and SQLite's LIKE ignores case.
 */
export function indexPathsOf(attrIri: string): SqlFragment {
  const prefix = `${attrIri} `;
  return fragment('(path = ? OR substr(path, 1, ?) = ?)', [attrIri, [...prefix].length, prefix]);
}

function addAttr(rows: IndexRow[], path: string, instances: readonly AttrInstance[]): void {
  for (const instance of instances) addInstance(rows, path, instance);
}

/** At most 4 bytes a character in UTF-8: 600 characters stay under PostgreSQL's B-tree limit. */
export const MAX_INDEXED_CHARS = 600;
const textMetadata = ['unitCode', 'datasetId'] as const;

function addInstance(rows: IndexRow[], path: string, inst: AttrInstance): void {
  const before = rows.length;
  addValue(rows, path, valueOf(inst));
  if (rows.length === before) rows.push({ path, str: null, num: null });
  for (const m of textMetadata) {
    const text = inst[m];
    if (text !== undefined) rows.push({ path: `${path} ${coreIri[m]}`, str: text, num: null });
  }
  if (inst.sub !== undefined) for (const s in inst.sub) addInstance(rows, `${path} ${s}`, inst.sub[s]!);
}

function valueOf(inst: AttrInstance): unknown {
  switch (inst.type) {
    case 'Property':
    case 'GeoProperty':
      return inst.value;
    case 'Relationship':
      return inst.object;
    case 'VocabProperty':
      return inst.vocab;
    case 'LanguageProperty':
      return inst.languageMap === undefined ? undefined : Object.values(inst.languageMap).flat();
    case 'ListProperty':
      return inst.valueList;
    case 'ListRelationship':
      return inst.objectList;
    case 'JsonProperty':
      return undefined;
  }
}

function addValue(rows: IndexRow[], path: string, value: unknown): void {
  if (Array.isArray(value)) {
    for (const element of value) addScalar(rows, path, element);
  } else addScalar(rows, path, typedLiteral(value));
}

/** A JSON-LD typed value such as `{ "@type": "DateTime", "@value": "…" }` is indexed by its `@value`. */
function typedLiteral(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const literal = (value as { '@value'?: unknown })['@value'];
  return literal === undefined ? value : literal;
}

function addScalar(rows: IndexRow[], path: string, value: unknown): void {
  switch (typeof value) {
    case 'string':
      // Long texts are indexed by their first characters: a B-tree key must stay small (PostgreSQL
      // refuses index rows over 2,704 bytes), so q compares only the start of very long strings.
      rows.push({
        path,
        str: value.length > MAX_INDEXED_CHARS ? value.slice(0, MAX_INDEXED_CHARS) : value,
        num: dateTimeMs(value) ?? null,
      });
      break;
    case 'number':
      if (Number.isFinite(value)) rows.push({ path, str: null, num: value });
      break;
    case 'boolean':
      rows.push({ path, str: value ? 'true' : 'false', num: null });
      break;
  }
}
