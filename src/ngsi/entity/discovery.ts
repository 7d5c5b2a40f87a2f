import { notFound } from '../../kernel/index.js';
import type { ReadDeps, SqlFilter } from './entity-reads.js';

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
  entityCount: number;
  attributes: Array<{ name: string; attributeTypes: string[] }>;
}

export interface AttributeSummary {
  name: string;
  attributeCount: number;
  attributeTypes: string[];
  typeNames: string[];
}

interface Row {
  type: string;
  attr: string | null;
  attrType: string | null;
  n: number;
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
 * Per (type, attribute, attribute type) counts, and per type the entity count (attr null), which
 * the (tenant, type, pk) key gives without reading an entity.
 */
async function typeAttrRows(deps: ReadDeps, tenant: string, type?: string): Promise<Row[]> {
  await deps.tenants.require(deps.store.read, tenant);
  const a = deps.store.dialect.attrEntries;
  const where = type === undefined ? 't.tenant = ?' : 't.tenant = ? AND t.type = ?';
  const params = type === undefined ? [tenant] : [tenant, type];
  const withAttrs = await deps.store.scan.all<Row>(
    `SELECT t.type AS type, ${a.name} AS attr, ${a.type} AS "attrType", COUNT(*) AS n
       FROM entity_types t JOIN entities e ON e.pk = t.pk, ${a.from}
      WHERE ${where} GROUP BY t.type, ${a.name}, ${a.type}`,
    params,
  );
  const counts = await deps.store.scan.all<Row>(
    `SELECT t.type AS type, NULL AS attr, NULL AS "attrType", COUNT(*) AS n
       FROM entity_types t WHERE ${where} GROUP BY t.type`,
    params,
  );
  return [...counts, ...withAttrs];
}

export async function listTypes(deps: ReadDeps, tenant: string, scope?: ReadScope): Promise<TypeSummary[]> {
  return summarizeTypes(await typeAttrRows(deps, tenant), scope);
}

function summarizeTypes(rows: readonly Row[], scope: ReadScope | undefined): TypeSummary[] {
  const byType = new Map<string, TypeSummary>();
  for (const r of rows) {
    if (scope !== undefined && !scope.readable(r.type)) continue;
    let t = byType.get(r.type);
    if (t === undefined) byType.set(r.type, (t = { type: r.type, entityCount: 0, attributes: [] }));
    if (r.attr === null) {
      t.entityCount = Number(r.n);
      continue;
    }
    let attr = t.attributes.find((x) => x.name === r.attr);
    if (attr === undefined) t.attributes.push((attr = { name: r.attr, attributeTypes: [] }));
    if (r.attrType !== null && !attr.attributeTypes.includes(r.attrType))
      attr.attributeTypes.push(r.attrType);
  }
  return [...byType.values()].sort((a, b) => a.type.localeCompare(b.type));
}

/** One type's summary; a type outside the scope is not found, like one no entity has. */
export async function describeType(
  deps: ReadDeps,
  tenant: string,
  type: string,
  scope?: ReadScope,
): Promise<TypeSummary> {
  const found = summarizeTypes(await typeAttrRows(deps, tenant, type), scope)[0];
  if (found === undefined) throw notFound(`no entity of type ${type}`);
  return found;
}

/**
 * How many entities have each attribute. Counted apart from the per-type rows, where an entity with
 * several types appears once per type. Instances of one attribute with different datasetIds count once.
 */
async function attributeCounts(
  deps: ReadDeps,
  tenant: string,
  scope: ReadScope | undefined,
): Promise<Map<string, number>> {
  const a = deps.store.dialect.attrEntries;
  const filters = scope?.filters ?? [];
  const where = ['e.tenant = ?', ...filters.map((f) => `(${f.sql})`)].join(' AND ');
  const rows = await deps.store.scan.all<{ attr: string; n: number }>(
    `SELECT ${a.name} AS attr, COUNT(*) AS n FROM entities e, ${a.from} WHERE ${where} GROUP BY ${a.name}`,
    [tenant, ...filters.flatMap((f) => f.params)],
  );
  return new Map(rows.map((r) => [r.attr, Number(r.n)]));
}

export async function listAttributes(
  deps: ReadDeps,
  tenant: string,
  scope?: ReadScope,
): Promise<AttributeSummary[]> {
  const byName = new Map<string, AttributeSummary>();
  const rows = await typeAttrRows(deps, tenant);
  const counts = await attributeCounts(deps, tenant, scope);
  for (const r of rows) {
    if (r.attr === null || (scope !== undefined && !scope.readable(r.type))) continue;
    let a = byName.get(r.attr);
    if (a === undefined) {
      const attributeCount = counts.get(r.attr) ?? 0;
      byName.set(r.attr, (a = { name: r.attr, attributeCount, attributeTypes: [], typeNames: [] }));
    }
    if (r.attrType !== null && !a.attributeTypes.includes(r.attrType)) a.attributeTypes.push(r.attrType);
    if (!a.typeNames.includes(r.type)) a.typeNames.push(r.type);
  }
  for (const a of byName.values()) a.typeNames.sort((x, y) => x.localeCompare(y));
  return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
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
