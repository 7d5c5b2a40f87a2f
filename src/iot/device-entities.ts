import type { AttrInstance, EntityInput } from '../ngsi/index.js';
import type { Device, StaticAttribute } from './model.js';

// The entities a provisioned device stands for: the entity it feeds (its static attributes and
// commands), and a Smart Data Models `Device` entity (dataModel.Device) whose `controlledAsset`
// relationship points at it.

/** Term → IRI of an active @context (the ngsi ActiveContext satisfies it). */
export interface Terms {
  expand(term: string): string;
}

export const commandStatus = (name: string) => `${name}_status`;
export const commandInfo = (name: string) => `${name}_info`;

/** IoT Agent in NGSI-LD mode: an entity name that is not a URI becomes `urn:ngsi-ld:<type>:<name>`. */
export function entityIdFor(entityType: string, deviceId: string, entityName?: string): string {
  const name = entityName ?? deviceId;
  return /^[A-Za-z][A-Za-z0-9+.-]*:/.test(name) ? name : `urn:ngsi-ld:${entityType}:${name}`;
}

export const deviceEntityId = (deviceId: string) => `urn:ngsi-ld:Device:${deviceId}`;

/** Builds one attribute instance from an IoT Agent attribute type and a value. */
export function instanceOf(type: string, value: unknown, observedAt?: string): AttrInstance {
  const at = observedAt === undefined ? {} : { observedAt };
  if (type === 'Relationship') return { type: 'Relationship', object: String(value), ...at };
  if (type === 'GeoProperty' || type.startsWith('geo:')) return { type: 'GeoProperty', value, ...at };
  return { type: 'Property', value, ...at };
}

function staticAttrs(list: readonly StaticAttribute[], terms: Terms): Record<string, AttrInstance[]> {
  const attrs: Record<string, AttrInstance[]> = {};
  for (const s of list) attrs[terms.expand(s.name)] = [instanceOf(s.type, s.value)];
  return attrs;
}

export function fedEntity(device: Device, statics: readonly StaticAttribute[], terms: Terms): EntityInput {
  const attrs = staticAttrs(statics, terms);
  for (const c of device.commands) {
    attrs[terms.expand(c.name)] = [{ type: 'Property', value: '' }];
    attrs[terms.expand(commandStatus(c.name))] = [{ type: 'Property', value: 'UNKNOWN' }];
  }
  return { id: device.entity_name, types: [terms.expand(device.entity_type)], attrs };
}

export function deviceEntity(device: Device, sdm: Terms): EntityInput {
  const measured = device.attributes.map((a) => a.name);
  const attrs: Record<string, AttrInstance[]> = {
    [sdm.expand('controlledAsset')]: [{ type: 'Relationship', object: device.entity_name }],
    [sdm.expand('supportedProtocol')]: [{ type: 'Property', value: [device.protocol ?? 'IoTA-JSON'] }],
  };
  if (measured.length > 0) attrs[sdm.expand('controlledProperty')] = [{ type: 'Property', value: measured }];
  return { id: deviceEntityId(device.device_id), types: [sdm.expand('Device')], attrs };
}
