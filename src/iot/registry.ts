import type { Clock } from '../kernel/index.js';
import type { Store } from '../store/index.js';
import { deviceRepo, groupRepo, type DeviceRecord, type GroupRecord } from './registry-repo.js';

// The registry as the ingest path reads it: every lookup of a hot path (a group by apikey, a device
// by tenant and id) is cached for `ttlMs`, misses included, so that 30,000 measures a second do not
// turn into 30,000 reads. Changes made on this node invalidate at once; changes made by another
// node (clustered mode) are seen after `ttlMs`.

interface Cached<T> {
  value: T;
  at: number;
}

export interface Registry {
  groups(apikey: string): Promise<GroupRecord[]>;
  device(tenant: string, deviceId: string): Promise<DeviceRecord | undefined>;
  /** The device that `deviceId` names under `apikey`, with its group; undefined when unknown. */
  resolve(apikey: string, deviceId: string): Promise<Resolved>;
  forgetGroup(apikey: string): void;
  forgetDevice(tenant: string, deviceId: string, apikey: string): void;
}

export type Resolved =
  | { kind: 'device'; group: GroupRecord | undefined; device: DeviceRecord }
  | { kind: 'unknown-device'; group: GroupRecord }
  | { kind: 'unknown-apikey' };

const maxEntries = 200_000;

function cache<T>(clock: Clock, ttlMs: number, load: (key: string) => Promise<T>) {
  const entries = new Map<string, Cached<T>>();
  return {
    async get(key: string): Promise<T> {
      const hit = entries.get(key);
      if (hit !== undefined && clock.now() - hit.at < ttlMs) return hit.value;
      const value = await load(key);
      if (entries.size >= maxEntries) entries.clear();
      entries.set(key, { value, at: clock.now() });
      return value;
    },
    forget: (key: string) => entries.delete(key),
  };
}

export function createRegistry(store: Store, clock: Clock, ttlMs: number): Registry {
  const split = (key: string) => {
    const at = key.indexOf('\u0000');
    return [key.slice(0, at), key.slice(at + 1)] as const;
  };
  const groups = cache(clock, ttlMs, (apikey) => groupRepo.byApikey(store.read, apikey));
  const devices = cache(clock, ttlMs, (key) => deviceRepo.get(store.read, ...split(key)));
  const byKey = cache(clock, ttlMs, (key) => deviceRepo.byKey(store.read, ...split(key)));
  const device = (tenant: string, id: string) => devices.get(`${tenant}\u0000${id}`);
  return {
    groups: (apikey) => groups.get(apikey),
    device,
    async resolve(apikey, deviceId) {
      const found = await groups.get(apikey);
      const keyed = await byKey.get(`${apikey}\u0000${deviceId}`);
      if (keyed !== undefined) {
        const group = found.find((g) => g.tenant === keyed.tenant && g.subservice === keyed.subservice);
        return {
          kind: 'device',
          group: group ?? found.find((g) => g.tenant === keyed.tenant),
          device: keyed,
        };
      }
      for (const group of found) {
        const d = await device(group.tenant, deviceId);
        if (d !== undefined && d.device.apikey === '') return { kind: 'device', group, device: d };
      }
      const first = found[0];
      return first === undefined ? { kind: 'unknown-apikey' } : { kind: 'unknown-device', group: first };
    },
    forgetGroup: (apikey) => void groups.forget(apikey),
    forgetDevice: (tenant, id, apikey) => {
      devices.forget(`${tenant}\u0000${id}`);
      byKey.forget(`${apikey}\u0000${id}`);
    },
  };
}
