import { notFound } from '../../kernel/index.js';
import type { ReadDeps, SqlFilter } from './entity-reads.js';
import { readLayouts, type Layout } from './entity-layouts.js';

// Discovery of types and attributes (CIM 009 §5.7.5-§5.7.10), computed from the stored entities.
// A request limited to some entity types (ReadScope) discovers only what those types hold.

/** What a restricted request may discover: its readable types, and the query filter for them. */
export interface ReadScope {
  readable(typeIri: string): boolean;
  /** Narrows a query on `entities e` to entities of readable types. */
  filters: readonly SqlFilter[];
}

export interface TypeSummary {
  type: string;
  attributes: Array<{ name: string; attributeTypes: string[] }>;
}

export interface TypeInfo extends TypeSummary {
  entityCount: number;
}

export interface AttributeSummary {
  name: string;
  attributeCount: number;
  attributeTypes: string[];
  typeNames: string[];
}

/**
 * The expanded types that entities of `tenant` have, in order. The distinct types are read as a
 * walk over the tenant's range of the (tenant, type, pk) key, one step per type, so that the cost
 * follows the number of types, not of entities. In name order, as listTypes gives them.
 */
export async function listTypeNames(deps: ReadDeps, tenant: string, scope?: ReadScope): Promise<string[]> {
  await deps.tenants.require(deps.store.read, tenant);
  const rows = await deps.store.read.all<{ type: string }>(
    `WITH RECURSIVE d (type) AS (
       SELECT MIN(type) FROM entity_types WHERE tenant = ?
       UNION ALL
       SELECT (SELECT MIN(type) FROM entity_types WHERE tenant = ? AND type > d.type) FROM d WHERE d.type IS NOT NULL)
     SELECT d.type AS type FROM d WHERE d.type IS NOT NULL`,
    [tenant, tenant],
  );
  const names = rows.map((r) => r.type).sort((a, b) => a.localeCompare(b));
  return scope === undefined ? names : names.filter((t) => scope.readable(t));
}

/**
 * The tenant's entity layouts (entity-layouts.ts), with their entity counts; with a scope, those of
 * entities that have a type it may read. Over 100,000 entities, reading every document instead
 * took 0.5-1.6 s.
 */
async function layoutsOf(deps: ReadDeps, tenant: string, scope: ReadScope | undefined) {
  const all = await readLayouts(deps.store.read, tenant);
  return scope === undefined ? all : all.filter((l) => l.layout.types.some((t) => scope.readable(t)));
}

/** Adds a name (an attribute type, a type) to a list, once. */
function addOnce(list: string[], name: string): void {
  if (!list.includes(name)) list.push(name);
}

const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** Each type's attributes, in the order of `names`, from the layouts that have the type. */
function summarizeTypes(names: readonly string[], layouts: ReadonlyArray<{ layout: Layout }>): TypeSummary[] {
  const types = new Map(names.map((type) => [type, new Map<string, string[]>()]));
  for (const { layout } of layouts) {
    for (const type of layout.types) {
      const attrs = types.get(type);
      if (attrs === undefined) continue;
      for (const [name, attrType] of layout.attrs) {
        let list = attrs.get(name);
        if (list === undefined) attrs.set(name, (list = []));
        addOnce(list, attrType);
      }
    }
  }
  return [...types].map(([type, attrs]) => ({
    type,
    attributes: [...attrs]
      .map(([name, attributeTypes]) => ({ name, attributeTypes: attributeTypes.sort() }))
      .sort(byName),
  }));
}

export async function listTypes(deps: ReadDeps, tenant: string, scope?: ReadScope): Promise<TypeSummary[]> {
  const names = await listTypeNames(deps, tenant, scope);
  return summarizeTypes(names, await layoutsOf(deps, tenant, scope));
}

/** One type's summary with its entity count; a type outside the scope is not found, like one no entity has. */
export async function describeType(
  deps: ReadDeps,
  tenant: string,
  type: string,
  scope?: ReadScope,
): Promise<TypeInfo> {
  await deps.tenants.require(deps.store.read, tenant);
  if (scope !== undefined && !scope.readable(type)) throw notFound(`no entity of type ${type}`);
  const layouts = (await layoutsOf(deps, tenant, scope)).filter((l) => l.layout.types.includes(type));
  const entityCount = layouts.reduce((sum, l) => sum + l.n, 0);
  if (entityCount === 0) throw notFound(`no entity of type ${type}`);
  return { ...summarizeTypes([type], layouts)[0]!, entityCount };
}

/**
 * The attributes of the tenant's entities (those the scope may read): how many entities have each
 * (instances of one attribute with different datasetIds count once), its attribute types, and the
 * (readable) types of the entities that have it.
 */
export async function listAttributes(
  deps: ReadDeps,
  tenant: string,
  scope?: ReadScope,
): Promise<AttributeSummary[]> {
  await deps.tenants.require(deps.store.read, tenant);
  const attrs = new Map<string, AttributeSummary>();
  for (const { layout, n } of await layoutsOf(deps, tenant, scope)) {
    const types = scope === undefined ? layout.types : layout.types.filter((t) => scope.readable(t));
    for (const [name, attrType] of layout.attrs) {
      let a = attrs.get(name);
      if (a === undefined)
        attrs.set(name, (a = { name, attributeCount: 0, attributeTypes: [], typeNames: [] }));
      a.attributeCount += n;
      addOnce(a.attributeTypes, attrType);
      for (const type of types) addOnce(a.typeNames, type);
    }
  }
  for (const a of attrs.values()) {
    a.attributeTypes.sort();
    a.typeNames.sort((x, y) => x.localeCompare(y));
  }
  return [...attrs.values()].sort((a, b) => a.name.localeCompare(b.name));
}

export async function describeAttribute(
  deps: ReadDeps,
  tenant: string,
  name: string,
  scope?: ReadScope,
): Promise<AttributeSummary> {
  const found = (await listAttributes(deps, tenant, scope)).find((a) => a.name === name);
  if (found === undefined) throw notFound(`no attribute ${name}`);
  return found;
}
