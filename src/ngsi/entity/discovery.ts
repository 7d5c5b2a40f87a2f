import { notFound } from '../../kernel/index.js';
import type { ReadDeps } from './entity-reads.js';

// Discovery of types and attributes (CIM 009 §5.7.5-§5.7.10), computed from the stored entities.

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

async function typeAttrRows(deps: ReadDeps, tenant: string): Promise<Row[]> {
  await deps.tenants.require(deps.store.read, tenant);
  const a = deps.store.dialect.attrEntries;
  const withAttrs = await deps.store.read.all<Row>(
    `SELECT t.type AS type, ${a.name} AS attr, ${a.type} AS "attrType", COUNT(*) AS n
       FROM entities e JOIN entity_types t ON t.pk = e.pk, ${a.from}
      WHERE e.tenant = ? GROUP BY t.type, ${a.name}, ${a.type}`,
    [tenant],
  );
  const counts = await deps.store.read.all<Row>(
    `SELECT t.type AS type, NULL AS attr, NULL AS "attrType", COUNT(*) AS n
       FROM entities e JOIN entity_types t ON t.pk = e.pk WHERE e.tenant = ? GROUP BY t.type`,
    [tenant],
  );
  return [...counts, ...withAttrs];
}

export async function listTypes(deps: ReadDeps, tenant: string): Promise<TypeSummary[]> {
  const byType = new Map<string, TypeSummary>();
  for (const r of await typeAttrRows(deps, tenant)) {
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

export async function describeType(deps: ReadDeps, tenant: string, type: string): Promise<TypeSummary> {
  const found = (await listTypes(deps, tenant)).find((t) => t.type === type);
  if (found === undefined) throw notFound(`no entity of type ${type}`);
  return found;
}

/**
 * How many entities have each attribute. Counted apart from the per-type rows, where an entity with
 * several types appears once per type. Instances of one attribute with different datasetIds count once.
 */
async function attributeCounts(deps: ReadDeps, tenant: string): Promise<Map<string, number>> {
  const a = deps.store.dialect.attrEntries;
  const rows = await deps.store.read.all<{ attr: string; n: number }>(
    `SELECT ${a.name} AS attr, COUNT(*) AS n FROM entities e, ${a.from} WHERE e.tenant = ? GROUP BY ${a.name}`,
    [tenant],
  );
  return new Map(rows.map((r) => [r.attr, Number(r.n)]));
}

export async function listAttributes(deps: ReadDeps, tenant: string): Promise<AttributeSummary[]> {
  const byName = new Map<string, AttributeSummary>();
  const rows = await typeAttrRows(deps, tenant);
  const counts = await attributeCounts(deps, tenant);
  for (const r of rows) {
    if (r.attr === null) continue;
    let a = byName.get(r.attr);
    if (a === undefined) {
      const attributeCount = counts.get(r.attr) ?? 0;
      byName.set(r.attr, (a = { name: r.attr, attributeCount, attributeTypes: [], typeNames: [] }));
    }
    if (r.attrType !== null && !a.attributeTypes.includes(r.attrType)) a.attributeTypes.push(r.attrType);
    if (!a.typeNames.includes(r.type)) a.typeNames.push(r.type);
  }
  return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
}

export async function describeAttribute(
  deps: ReadDeps,
  tenant: string,
  name: string,
): Promise<AttributeSummary> {
  const found = (await listAttributes(deps, tenant)).find((a) => a.name === name);
  if (found === undefined) throw notFound(`no attribute ${name}`);
  return found;
}
