import { DothiError, isDothiError, type Clock } from '../kernel/index.js';
import { decodePayload, formatOf, type PayloadFormat } from './codecs.js';
import { sampleOf } from './dead-letters.js';
import type { Terms } from './device-entities.js';
import type { IngestBatcher } from './ingest-batcher.js';
import { mapMeasures, planFor } from './measure-mapper.js';
import { createDevices, type ProvisioningDeps } from './provisioning.js';
import type { RateLimiter } from './rate-limit.js';
import type { Registry, Resolved } from './registry.js';

// The ingest path shared by MQTT and HTTP: size and rate checks, device lookup (autoprovisioning
// when the group allows it), decoding, mapping, then the group-committed write. Every rejection is
// kept in the dead-letter store, counted against its device, and thrown as a coded error.

export interface DeviceMessage {
  transport: 'mqtt' | 'http';
  apikey: string;
  deviceId: string;
  /** undefined when the topic does not name it: the device's protocol, or the payload, decides. */
  format: PayloadFormat | undefined;
  payload: string | Buffer;
  /** The attribute of a single-attribute topic (`…/attrs/<name>`). */
  attr?: string;
}

export interface Ingest {
  /** Resolves with the number of entity updates once they are durable. */
  accept(msg: DeviceMessage): Promise<number>;
  /** Records a rejection found before decoding (e.g. a wrong key on an MQTT connection). */
  refuse(msg: DeviceMessage, err: DothiError): Promise<never>;
}

export interface IngestDeps {
  registry: Registry;
  batcher: IngestBatcher;
  limiter: RateLimiter;
  provisioning: ProvisioningDeps;
  terms: Terms;
  clock: Clock;
  maxPayload: number;
}

export function createIngest(deps: IngestDeps): Ingest {
  const provisioning = new Map<string, Promise<Resolved>>();

  async function refuse(msg: DeviceMessage, err: DothiError, tenant = '', known = false): Promise<never> {
    const size = typeof msg.payload === 'string' ? Buffer.byteLength(msg.payload) : msg.payload.length;
    await deps.batcher.reject(
      {
        tenant,
        transport: msg.transport,
        apikey: msg.apikey,
        deviceId: msg.deviceId,
        code: err.code,
        reason: err.message,
        sample: sampleOf(msg.payload),
        size,
        at: deps.clock.isoNow(),
      },
      known,
    );
    throw err;
  }

  async function autoprovision(msg: DeviceMessage, resolved: Resolved): Promise<Resolved> {
    if (resolved.kind !== 'unknown-device' || !resolved.group.group.autoprovision) return resolved;
    const key = `${msg.apikey}\u0000${msg.deviceId}`;
    let p = provisioning.get(key);
    if (p === undefined) {
      const { tenant, subservice, group } = resolved.group;
      const body = {
        devices: [{ device_id: msg.deviceId, apikey: group.apikey, entity_type: group.entity_type }],
      };
      p = createDevices(deps.provisioning, { tenant, subservice }, body)
        .catch((err: unknown) => {
          if (!isDothiError(err) || err.code !== 'DUPLICATE_DEVICE_ID') throw err;
        })
        .then(() => deps.registry.resolve(msg.apikey, msg.deviceId))
        .finally(() => provisioning.delete(key));
      provisioning.set(key, p);
    }
    return p;
  }

  async function locate(msg: DeviceMessage) {
    const resolved = await autoprovision(msg, await deps.registry.resolve(msg.apikey, msg.deviceId));
    if (resolved.kind === 'device') return resolved;
    if (resolved.kind === 'unknown-apikey') {
      return refuse(
        msg,
        new DothiError('DEVICE_GROUP_NOT_FOUND', `no service group has apikey ${msg.apikey}`),
      );
    }
    return refuse(
      msg,
      new DothiError('DEVICE_NOT_FOUND', `no device ${msg.deviceId} under apikey ${msg.apikey}`),
      resolved.group.tenant,
    );
  }

  async function accept(msg: DeviceMessage): Promise<number> {
    const size = typeof msg.payload === 'string' ? Buffer.byteLength(msg.payload) : msg.payload.length;
    if (size > deps.maxPayload) {
      return refuse(
        msg,
        new DothiError('PAYLOAD_TOO_LARGE', `the payload (${size} bytes) exceeds ${deps.maxPayload}`),
      );
    }
    if (!deps.limiter.take(`${msg.apikey}\u0000${msg.deviceId}`)) {
      return refuse(msg, new DothiError('RATE_LIMITED', `device ${msg.deviceId} sends faster than allowed`));
    }
    const { group, device } = await locate(msg);
    const tenant = device.tenant;
    const at = deps.clock.isoNow();
    let inputs;
    try {
      const text = typeof msg.payload === 'string' ? msg.payload : msg.payload.toString('utf8');
      const plan = planFor(device.device, group?.group);
      const format = formatOf(msg.format, device.device.protocol, text);
      inputs = decodePayload(format, text, msg.attr).map((m) =>
        mapMeasures(device.device, plan, m, deps.terms, at),
      );
    } catch (err) {
      if (!isDothiError(err)) throw err;
      return refuse(msg, new DothiError('INVALID_MEASURE', err.message), tenant, true);
    }
    const updates = inputs.filter((i) => Object.keys(i.attrs).length > 0);
    try {
      await Promise.all(
        updates.map((input) => deps.batcher.measure(tenant, device.device.device_id, input, at)),
      );
    } catch (err) {
      if (!isDothiError(err)) throw err;
      return refuse(msg, err, tenant, true);
    }
    return updates.length;
  }

  return { accept, refuse: (msg, err) => refuse(msg, err) };
}
