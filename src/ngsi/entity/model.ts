// The entity normal form: how dothi holds an entity between the HTTP edge and the store.
// Names are expanded IRIs (the active @context is applied at the edge, once per request), every
// attribute is a list of instances (one per datasetId; the default instance has none), and each
// instance keeps its sub-attributes under `sub`. The same shape is stored as JSON, so queries
// compile to JSON paths such as `attrs."<iri>"[i].sub."<iri>".value`.

export const attributeTypes = [
  'Property',
  'Relationship',
  'GeoProperty',
  'LanguageProperty',
  'VocabProperty',
  'JsonProperty',
  'ListProperty',
  'ListRelationship',
] as const;
export type AttributeType = (typeof attributeTypes)[number];

/** The member of an instance that carries its value, per attribute type (CIM 009 §4.5). */
export const valueMemberOf = {
  Property: 'value',
  GeoProperty: 'value',
  Relationship: 'object',
  LanguageProperty: 'languageMap',
  VocabProperty: 'vocab',
  JsonProperty: 'json',
  ListProperty: 'valueList',
  ListRelationship: 'objectList',
} as const satisfies Record<AttributeType, string>;
export type ValueMember = (typeof valueMemberOf)[AttributeType];

export interface AttrInstance {
  type: AttributeType;
  value?: unknown;
  object?: string | string[];
  languageMap?: Record<string, string | string[]>;
  /** Expanded IRI(s); VocabProperty values are terms, expanded like attribute names. */
  vocab?: string | string[];
  json?: unknown;
  valueList?: unknown[];
  objectList?: string[];
  /** Relationship: expanded type(s) of the target entity (CIM 009 V1.8 `objectType`). */
  objectType?: string | string[];
  observedAt?: string;
  unitCode?: string;
  datasetId?: string;
  createdAt?: string;
  modifiedAt?: string;
  /** Sub-attributes by expanded name; each a single instance. */
  sub?: Record<string, AttrInstance>;
}

export interface StoredEntity {
  id: string;
  /** Expanded type IRIs, at least one. */
  types: string[];
  scope?: string[];
  createdAt: string;
  modifiedAt: string;
  /** Attributes by expanded name; each a non-empty list of instances, at most one per datasetId. */
  attrs: Record<string, AttrInstance[]>;
}

/** An entity as parsed from a request, before system attributes are set. */
export interface EntityInput {
  id: string;
  types: string[];
  scope?: string[];
  attrs: Record<string, AttrInstance[]>;
}

/** Expanded IRIs of core members that can appear in paths (q `a.observedAt`, geoproperty=location). */
export const CORE = 'https://uri.etsi.org/ngsi-ld/';
export const coreIri = {
  location: `${CORE}location`,
  observationSpace: `${CORE}observationSpace`,
  operationSpace: `${CORE}operationSpace`,
  observedAt: `${CORE}observedAt`,
  createdAt: `${CORE}createdAt`,
  modifiedAt: `${CORE}modifiedAt`,
  unitCode: `${CORE}unitCode`,
  datasetId: `${CORE}datasetId`,
  scope: `${CORE}scope`,
} as const;

/** Whether two lists of names (types, scopes) hold the same names in the same order. */
export function sameList(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  return (
    a === b || (a !== undefined && b !== undefined && a.length === b.length && a.every((t, i) => t === b[i]))
  );
}
