import { DothiError, type Clock, type Logger } from '../kernel/index.js';
import type { AttrInstance, EntityChange, EntityService } from '../ngsi/index.js';
import type { Store } from '../store/index.js';
import { decodeResults, encodeCommand, isFailure } from './command-codec.js';
import { commandRepo, type PendingCommand } from './commands-repo.js';
import { formatOf, type PayloadFormat } from './codecs.js';
import { commandInfo, commandStatus, type Terms } from './device-entities.js';
import type { Device } from './model.js';
import { commandTopic } from './mqtt-topics.js';
import { deviceRepo } from './registry-repo.js';
import type { Registry } from './registry.js';

// Commands (IoT Agent conventions): a change of a command attribute of a provisioned device's
// entity (PATCH through the NGSI-LD API) is sent to the device — over MQTT on `/<apikey>/<id>/cmd`,
// or by HTTP POST to the device's `endpoint` — and `<command>_status` goes PENDING, then OK or
// ERROR when the device answers (on `/cmdexe`, or in the HTTP response), or EXPIRED after
// `timeoutMs`. The broker is watched through its change listener; its entity code is not touched.

export interface CommandDeps {
  store: Store;
  entities: EntityService;
  registry: Registry;
  clock: Clock;
  log: Logger;
  terms: Terms;
  timeoutMs: number;
  /** Publishes on the MQTT broker devices use. */
  publish(topic: string, payload: string): Promise<void>;
  fetchImpl?: typeof fetch;
}

export interface Commands {
  /** The entity change listener. */
  onChange(changes: readonly EntityChange[]): void;
  /** A device's answer (`/cmdexe`); resolves once the status is durable. */
  answer(apikey: string, deviceId: string, format: PayloadFormat | undefined, text: string): Promise<void>;
  /** Marks every command past its timeout EXPIRED. */
  expire(): Promise<number>;
  /** Command attributes (expanded) of provisioned devices, so that other changes cost nothing. */
  watch(device: Device): void;
  /** Resolves when every send started so far has settled. */
  idle(): Promise<void>;
}

export function createCommands(deps: CommandDeps): Commands {
  const watched = new Set<string>();
  const inFlight = new Set<Promise<void>>();

  const setStatus = (c: PendingCommand, status: string, info?: unknown) => {
    const attrs: Record<string, AttrInstance[]> = {
      [deps.terms.expand(commandStatus(c.name))]: [{ type: 'Property', value: status }],
    };
    if (info !== undefined)
      attrs[deps.terms.expand(commandInfo(c.name))] = [{ type: 'Property', value: info }];
    return deps.entities.appendAttributes(c.tenant, c.entityId, attrs, false);
  };

  async function finish(c: PendingCommand, status: string, info?: unknown): Promise<void> {
    const done = await deps.store.write((tx) => commandRepo.finish(tx, c, status));
    if (done) await setStatus(c, status, info);
  }

  async function sendHttp(c: PendingCommand, endpoint: string, payload: string): Promise<void> {
    try {
      const res = await (deps.fetchImpl ?? fetch)(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: payload,
        signal: AbortSignal.timeout(deps.timeoutMs),
      });
      const text = await res.text();
      let info: unknown = text;
      try {
        info = JSON.parse(text);
      } catch {
        // The device answered with plain text; it is kept as it is.
      }
      await finish(c, res.ok && !isFailure(info) ? 'OK' : 'ERROR', info);
    } catch (err) {
      await finish(c, 'ERROR', (err as Error).message);
    }
  }

  async function send(tenant: string, device: Device, name: string, value: unknown): Promise<void> {
    const c = { tenant, deviceId: device.device_id, name, entityId: device.entity_name };
    await deps.store.write((tx) =>
      commandRepo.put(tx, c, deps.clock.isoNow(), deps.clock.now() + deps.timeoutMs),
    );
    await setStatus(c, 'PENDING');
    const format = formatOf(undefined, device.protocol, '{');
    const payload = encodeCommand(format, device.device_id, name, value);
    if (device.endpoint !== undefined && device.transport !== 'MQTT')
      return sendHttp(c, device.endpoint, payload);
    try {
      await deps.publish(commandTopic(undefined, device.apikey, device.device_id), payload);
    } catch (err) {
      await finish(c, 'ERROR', (err as Error).message);
    }
  }

  async function dispatch(change: EntityChange): Promise<void> {
    const devices = await deviceRepo.byEntity(deps.store.read, change.tenant, change.id);
    for (const { device } of devices) {
      for (const cmd of device.commands) {
        const iri = deps.terms.expand(cmd.name);
        if (!change.attrs.includes(iri)) continue;
        await send(change.tenant, device, cmd.name, change.after?.attrs[iri]?.[0]?.value);
      }
    }
  }

  function track(p: Promise<void>) {
    const t = p
      .catch((err: unknown) => deps.log.error({ err }, 'command dispatch failed'))
      .finally(() => inFlight.delete(t));
    inFlight.add(t);
  }

  return {
    onChange(changes) {
      for (const change of changes) {
        if (change.kind !== 'updated' || !change.attrs.some((a) => watched.has(a))) continue;
        track(dispatch(change));
      }
    },
    async answer(apikey, deviceId, format, text) {
      const resolved = await deps.registry.resolve(apikey, deviceId);
      if (resolved.kind !== 'device')
        throw new DothiError('DEVICE_NOT_FOUND', `no device ${deviceId} under apikey ${apikey}`);
      const { tenant, device } = resolved.device;
      for (const { name, result } of decodeResults(formatOf(format, device.protocol, text), text)) {
        const c = { tenant, deviceId, name, entityId: device.entity_name };
        await finish(c, isFailure(result) ? 'ERROR' : 'OK', result);
      }
    },
    async expire() {
      const due = await commandRepo.due(deps.store.read, deps.clock.now());
      for (const c of due) await finish(c, 'EXPIRED');
      return due.length;
    },
    watch(device) {
      for (const c of device.commands) watched.add(deps.terms.expand(c.name));
    },
    async idle() {
      while (inFlight.size > 0) await Promise.all([...inFlight]);
    },
  };
}
