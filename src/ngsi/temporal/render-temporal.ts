import type { AttrInstance } from '../entity/model.js';
import { renderContext, renderTypes } from '../entity/render-attributes.js';
import { renderInstance, type RenderContext } from '../entity/render-instance.js';
import type { TermMapper } from '../entity/term-mapper.js';
import type { AggregatedValues } from './aggregate-history.js';
import type { HistoryRow } from './history-repo.js';
import type { TemporalQuery } from './temporal-query.js';

// The temporal representation of an entity (CIM 009 §4.5.x "temporal evolution"): every
// attribute is an array of its instances in time order, each with its instanceId. A deleted
// instance shows as the NGSI-LD Null with `deletedAt`. With temporalValues (simplified temporal
// representation) each instance series becomes { type, values: [[value, time], ...] }.

export interface TemporalEntity {
  id: string;
  types: readonly string[];
  rows: readonly HistoryRow[];
  /** With aggrMethods: per attribute, each method's [value, startAt, endAt] list. */
  aggregated?: ReadonlyMap<string, AggregatedValues>;
}

const NGSI_NULL = 'urn:ngsi-ld:null';

/** The member that lists [value, time] pairs, per attribute type (V1.8 §4.5.9). */
const seriesMember: Record<string, string> = {
  Property: 'values',
  GeoProperty: 'values',
  Relationship: 'objects',
  LanguageProperty: 'languageMaps',
  VocabProperty: 'vocabs',
  JsonProperty: 'jsons',
  ListProperty: 'valueLists',
  ListRelationship: 'objectLists',
};

function instanceOf(row: HistoryRow): AttrInstance {
  const i = JSON.parse(row.value!) as AttrInstance;
  i.createdAt = row.created_at;
  i.modifiedAt = row.modified_at;
  return i;
}

/** The members of a plain instance, in the order renderInstance writes them. */
const plainMembers = ['type', 'value', 'observedAt', 'unitCode', 'datasetId'];

/**
 * True when a stored instance is its own normalized rendering: a Property or GeoProperty (whose
 * value is shown as stored) with nothing to compact, its members in rendering order.
 */
function rendersAsStored(i: Record<string, unknown>): boolean {
  if (i.type !== 'Property' && i.type !== 'GeoProperty') return false;
  let at = 0;
  for (const key in i) {
    while (at < plainMembers.length && plainMembers[at] !== key) at++;
    if (at++ === plainMembers.length) return false;
  }
  return true;
}

function normalized(row: HistoryRow, rc: RenderContext): Record<string, unknown> {
  if (row.deleted !== 0) {
    const out: Record<string, unknown> = { type: row.type, value: NGSI_NULL, instanceId: row.instance_id };
    if (row.dataset_id !== null) out.datasetId = row.dataset_id;
    out.deletedAt = row.modified_at;
    return out;
  }
  const stored = JSON.parse(row.value!) as Record<string, unknown>;
  let out: Record<string, unknown>;
  if (rendersAsStored(stored)) {
    out = stored;
    if (rc.opts.sysAttrs) {
      out.createdAt = row.created_at;
      out.modifiedAt = row.modified_at;
    }
  } else {
    const i = stored as unknown as AttrInstance;
    i.createdAt = row.created_at;
    i.modifiedAt = row.modified_at;
    out = renderInstance(i, rc, false) as Record<string, unknown>;
  }
  out.instanceId = row.instance_id;
  return out;
}

function valueOf(row: HistoryRow, rc: RenderContext): unknown {
  if (row.deleted !== 0) return NGSI_NULL;
  const i = instanceOf(row);
  // A Property's or GeoProperty's value is shown as stored.
  if (i.type === 'Property' || i.type === 'GeoProperty') return i.value;
  const r = renderInstance(i, rc, false) as Record<string, unknown>;
  return r.value ?? r.object ?? r.languageMap ?? r.vocab ?? r.json ?? r.valueList ?? r.objectList;
}

function simplified(rows: readonly HistoryRow[], rc: RenderContext): unknown {
  const series = new Map<string | null, HistoryRow[]>();
  for (const row of rows) {
    const list = series.get(row.dataset_id);
    if (list === undefined) series.set(row.dataset_id, [row]);
    else list.push(row);
  }
  const out = [...series].map(([datasetId, list]) => {
    const type = list[list.length - 1]!.type;
    const o: Record<string, unknown> = { type };
    o[seriesMember[type] ?? 'values'] = list.map((r) => [valueOf(r, rc), r.t]);
    if (datasetId !== null) o.datasetId = datasetId;
    return o;
  });
  return out.length === 1 ? out[0] : out;
}

/** Renders entities with their history rows; names are compacted with `terms`. */
export function renderTemporal(
  e: TemporalEntity,
  terms: TermMapper,
  q: TemporalQuery,
): Record<string, unknown> {
  const rc = renderContext(terms, { format: 'normalized', sysAttrs: q.sysAttrs });
  const out: Record<string, unknown> = { id: e.id, type: renderTypes(e.types, terms) };
  if (e.aggregated !== undefined) {
    // §4.5.19: aggregation applies to Property values, so the attribute is shown as a Property.
    for (const [attr, values] of e.aggregated) out[terms.compact(attr)] = { type: 'Property', ...values };
    return out;
  }
  const byAttr = new Map<string, HistoryRow[]>();
  for (const row of e.rows) {
    const list = byAttr.get(row.attr);
    if (list === undefined) byAttr.set(row.attr, [row]);
    else list.push(row);
  }
  for (const [attr, rows] of byAttr) {
    out[terms.compact(attr)] = q.temporalValues ? simplified(rows, rc) : rows.map((r) => normalized(r, rc));
  }
  return out;
}
