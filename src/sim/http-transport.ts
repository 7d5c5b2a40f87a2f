// The simulator's transport over HTTP: FIWARE IoT Agent provisioning (/iot/services,
// /iot/devices), measures as IoTA-JSON (`POST /iot/json?k=<apikey>&i=<deviceId>`), and NGSI-LD
// batch upsert for city data and events.
import type { NgsiEntity } from '../domains/index.js';
import type { DeviceProvision, ServiceGroupInput, SimTransport } from './transport.js';

export interface HttpTransportOptions {
  /** The platform's base URL, e.g. http://127.0.0.1:1026. */
  baseUrl: string;
  /** Bearer token for provisioning and NGSI-LD (measures need only the apikey). */
  token?: string;
  fetch?: typeof globalThis.fetch;
}

/** A request the platform refused: the simulator reports it, never drops it silently. */
export class TransportError extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
    what: string,
  ) {
    super(`${what}: HTTP ${status} ${body.slice(0, 300)}`);
    this.name = 'TransportError';
  }
}

export function httpTransport(o: HttpTransportOptions): SimTransport & { publishPath: string } {
  const fetch = o.fetch ?? globalThis.fetch;
  const auth: Record<string, string> = o.token === undefined ? {} : { authorization: `Bearer ${o.token}` };

  async function send(method: string, path: string, body: unknown, what: string, ok: readonly number[]) {
    const res = await fetch(`${o.baseUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...auth },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    if (!ok.includes(res.status)) throw new TransportError(res.status, text, what);
    return res.status;
  }

  async function provisionDevices(devices: readonly DeviceProvision[]) {
    const status = await send('POST', '/iot/devices', { devices }, 'device provisioning', [201, 409]);
    // A batch with one known device is refused whole: provision one by one, keeping known ones.
    if (status === 409 && devices.length > 1) {
      for (const d of devices)
        await send('POST', '/iot/devices', { devices: [d] }, 'device provisioning', [201, 409]);
    }
  }

  return {
    publishPath: '/iot/json',
    provisionGroup: async (group: ServiceGroupInput) => {
      await send('POST', '/iot/services', { services: [group] }, 'service group provisioning', [201, 409]);
    },
    provisionDevices,
    publish: async (apikey, deviceId, measures) => {
      const q = new URLSearchParams({ k: apikey, i: deviceId });
      await send('POST', `/iot/json?${q}`, measures, `measure of ${deviceId}`, [200, 201, 204]);
    },
    upsert: async (entities: readonly NgsiEntity[]) => {
      if (entities.length === 0) return;
      await send(
        'POST',
        '/ngsi-ld/v1/entityOperations/upsert?options=update',
        entities,
        'entity upsert',
        [201, 204],
      );
    },
    close: async () => {},
  };
}
