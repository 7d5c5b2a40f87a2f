// The simulator's one dependency on the platform: a device fleet's view of it. The real
// implementations speak the FIWARE IoT Agent protocol (provisioning over HTTP, measures over HTTP
// or MQTT) and NGSI-LD (city data and events); tests may pass a fake.
import type { MeasureAttr, NgsiEntity } from '../domains/index.js';

export interface ServiceGroupInput {
  apikey: string;
  resource: string;
  entity_type?: string;
}

export interface DeviceProvision {
  device_id: string;
  entity_name: string;
  entity_type: string;
  transport: 'HTTP' | 'MQTT';
  attributes: readonly MeasureAttr[];
}

export interface SimTransport {
  /** Creates the service group (idempotent: an existing one is kept). */
  provisionGroup(group: ServiceGroupInput): Promise<void>;
  /** Provisions devices (idempotent: existing ones are kept). */
  provisionDevices(devices: readonly DeviceProvision[]): Promise<void>;
  /** Publishes one device's measures, keyed by object_id, through the ingest path. */
  publish(apikey: string, deviceId: string, measures: Record<string, unknown>): Promise<void>;
  /** Creates or updates NGSI-LD entities (attributes merged into existing entities). */
  upsert(entities: readonly NgsiEntity[]): Promise<void>;
  close(): Promise<void>;
}
