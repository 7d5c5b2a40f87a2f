// A transport that records what the simulator sends, for unit tests beside the real end-to-end
// test through the platform's ingest (test/sim).
import type { NgsiEntity } from '../domains/index.js';
import type { DeviceProvision, ServiceGroupInput, SimTransport } from './transport.js';

export interface Published {
  apikey: string;
  deviceId: string;
  measures: Record<string, unknown>;
}

export function recordingTransport(): SimTransport & {
  groups: ServiceGroupInput[];
  devices: DeviceProvision[];
  published: Published[];
  entities: NgsiEntity[];
} {
  const groups: ServiceGroupInput[] = [];
  const devices: DeviceProvision[] = [];
  const published: Published[] = [];
  const entities: NgsiEntity[] = [];
  return {
    groups,
    devices,
    published,
    entities,
    provisionGroup: async (g) => void groups.push(g),
    provisionDevices: async (d) => void devices.push(...d),
    publish: async (apikey, deviceId, measures) => void published.push({ apikey, deviceId, measures }),
    upsert: async (e) => void entities.push(...e),
    close: async () => {},
  };
}
