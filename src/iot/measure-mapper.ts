import { DothiError } from '../kernel/index.js';
import type { AttrInstance, EntityInput } from '../ngsi/index.js';
import { isIsoDate, type Measures } from './codecs.js';
import { instanceOf, type Terms } from './device-entities.js';
import { evaluateExpression } from './expression.js';
import type { AttributeMapping, Device, ServiceGroup } from './model.js';

// Measures → one attribute update of the device's entity, as the IoT Agents map them: `object_id`
// renames a measure to its attribute `name`, the attribute `type` converts the value, an
// `expression` computes it from the message's measures, `explicitAttrs` keeps only declared
// attributes, and a `TimeInstant` measure sets `observedAt` (else the time of arrival).

const invalid = (detail: string) => new DothiError('INVALID_MEASURE', detail);
const measureName = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;
const reserved = new Set([
  'id',
  'type',
  'scope',
  'createdAt',
  'modifiedAt',
  'observedAt',
  'deletedAt',
  'unitCode',
  'datasetId',
  'observationSpace',
  'operationSpace',
]);
const numberTypes = new Set(['Number', 'Float', 'Integer', 'number', 'float', 'integer', 'Double', 'double']);
const boolTypes = new Set(['Boolean', 'boolean', 'Bool', 'bool']);
const textTypes = new Set(['Text', 'String', 'string', 'text']);

export interface MappingPlan {
  byObjectId: ReadonlyMap<string, AttributeMapping>;
  explicit: boolean;
  commands: ReadonlySet<string>;
}

/** Device attributes win over the group's for the same measure. */
export function planFor(device: Device, group: ServiceGroup | undefined): MappingPlan {
  const byObjectId = new Map<string, AttributeMapping>();
  for (const a of [...(group?.attributes ?? []), ...device.attributes])
    byObjectId.set(a.object_id ?? a.name, a);
  return {
    byObjectId,
    explicit: device.explicitAttrs || (group?.explicitAttrs ?? false),
    commands: new Set(device.commands.map((c) => c.name)),
  };
}

function toNumber(name: string, v: unknown, integer: boolean): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  if (!Number.isFinite(n) || (integer && !Number.isInteger(n))) {
    throw invalid(
      `measure ${name} must be ${integer ? 'an integer' : 'a number'}, not ${JSON.stringify(v)?.slice(0, 40)}`,
    );
  }
  return n;
}

function geoPoint(name: string, v: unknown): unknown {
  const m = typeof v === 'string' ? /^\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*$/.exec(v) : null;
  if (m === null) throw invalid(`measure ${name} must be a "lat, lon" point`);
  const [lat, lon] = [Number(m[1]), Number(m[2])];
  if (Math.abs(lat) > 90 || Math.abs(lon) > 180) throw invalid(`measure ${name} is not a point on Earth`);
  return { type: 'Point', coordinates: [lon, lat] };
}

/** Converts a measure to its declared type; an undeclared UltraLight number becomes a number. */
export function convert(name: string, type: string | undefined, v: unknown): unknown {
  if (type !== undefined && numberTypes.has(type)) return toNumber(name, v, type.toLowerCase() === 'integer');
  if (type !== undefined && boolTypes.has(type)) {
    if (v === true || v === 'true') return true;
    if (v === false || v === 'false') return false;
    throw invalid(`measure ${name} must be a boolean`);
  }
  if (type !== undefined && textTypes.has(type)) {
    if (typeof v === 'object' && v !== null) throw invalid(`measure ${name} must be text`);
    return String(v);
  }
  if (type === 'geo:point') return geoPoint(name, v);
  if (type === undefined && typeof v === 'string' && /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(v))
    return Number(v);
  if (typeof v === 'number' && !Number.isFinite(v)) throw invalid(`measure ${name} is not a finite number`);
  if (v === null || v === undefined) throw invalid(`measure ${name} has no value`);
  return v;
}

function observedAtOf(measures: Measures, receivedAt: string): string {
  const t = measures.TimeInstant;
  if (t === undefined) return receivedAt;
  if (!isIsoDate(t)) throw invalid('TimeInstant must be an ISO 8601 date-time');
  return new Date(t).toISOString();
}

function attribute(plan: MappingPlan, key: string, measures: Measures, observedAt: string) {
  const m = plan.byObjectId.get(key);
  if (m === undefined && plan.explicit) return undefined;
  const name = m?.name ?? key;
  if (!measureName.test(name) || reserved.has(name))
    throw invalid(`'${key.slice(0, 64)}' is not a valid measure name`);
  if (plan.commands.has(name)) throw invalid(`'${name}' is a command, not a measure`);
  const type = m?.type;
  const raw = m?.expression === undefined ? measures[key] : evaluateExpression(m.expression, measures);
  const value = convert(name, type === 'Property' ? undefined : type, raw);
  if (name === 'location' && type !== 'geo:point' && type !== 'geo:json' && type !== 'GeoProperty') {
    throw invalid('measure location must be declared as a geo:point or geo:json attribute');
  }
  return { name, instance: instanceOf(type ?? 'Property', value, observedAt) };
}

export function mapMeasures(
  device: Device,
  plan: MappingPlan,
  measures: Measures,
  terms: Terms,
  receivedAt: string,
): EntityInput {
  const observedAt = observedAtOf(measures, receivedAt);
  const attrs: Record<string, AttrInstance[]> = {};
  for (const key of Object.keys(measures)) {
    if (key === 'TimeInstant') continue;
    const a = attribute(plan, key, measures, observedAt);
    if (a !== undefined) attrs[terms.expand(a.name)] = [a.instance];
  }
  return { id: device.entity_name, types: [terms.expand(device.entity_type)], attrs };
}
