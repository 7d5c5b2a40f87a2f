// The city simulator: places the domain packs' devices in a city, provisions them through the
// IoT Agent API, and publishes their measures through the ingest path, in simulated time that
// runs 1x to 60x real time. Deterministic from the seed: every device has its own random stream.
import pLimit from 'p-limit';
import {
  cityDevices,
  cityEntities,
  createRng,
  hashSeed,
  type CityPack,
  type Conditions,
  type DeviceSpec,
  type NgsiEntity,
  type Rng,
} from '../domains/index.js';
import type { Clock, Logger } from '../kernel/index.js';
import { scenarioMinutes, type ActiveScenario, type ScenarioName } from './scenarios.js';
import type { DeviceProvision, SimTransport } from './transport.js';
import { conditionsAt } from './weather.js';

export interface SimOptions {
  transport: SimTransport;
  city: CityPack;
  clock: Clock;
  log: Logger;
  /** Devices across all domains. */
  devices: number;
  seed: number;
  /** Simulated seconds per real second, 1..60. */
  speed: number;
  /** Simulated start time, ms (default: the clock's now). */
  start?: number;
  apikey?: string;
  /** How measures travel: HTTP or MQTT (provisioned per device). */
  measureTransport?: 'HTTP' | 'MQTT';
  /** Real milliseconds between two ticks of the real-time loop. */
  tickMs?: number;
  /** Publishes in flight at once. */
  concurrency?: number;
  /** Devices beyond the domain packs' placements (e.g. a station replaying real data). */
  extraDevices?: readonly DeviceSpec[];
}

export interface SimStats {
  devices: number;
  published: number;
  failed: number;
  events: number;
  simTime: string;
  scenario: ScenarioName | null;
}

export interface Simulator {
  readonly devices: readonly DeviceSpec[];
  /** Provisions the devices and writes their entities' static attributes. */
  setup(): Promise<void>;
  /** Loads the city's own entities: administrative areas, agencies, roads. */
  loadCity(): Promise<void>;
  /** Runs simulated time forward by `minutes` now, publishing everything that falls due. */
  advance(minutes: number): Promise<void>;
  /** Starts the real-time loop at the configured speed. */
  start(): void;
  stop(): Promise<void>;
  scenario(name: ScenarioName): void;
  stats(): SimStats;
}

interface Running {
  spec: DeviceSpec;
  rng: Rng;
  next: number;
  last: number | undefined;
}

const chunks = <T>(xs: readonly T[], n: number): T[][] =>
  Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, i * n + n));

/** Devices in round-robin order of their entity types, so every domain reports from the first tick. */
function interleaved(specs: readonly DeviceSpec[]): DeviceSpec[] {
  const byType = new Map<string, DeviceSpec[]>();
  for (const s of specs) {
    const list = byType.get(s.entityType);
    if (list === undefined) byType.set(s.entityType, [s]);
    else list.push(s);
  }
  const lists = [...byType.values()];
  const longest = Math.max(0, ...lists.map((l) => l.length));
  return Array.from({ length: longest }, (_, i) =>
    lists.flatMap((l) => (i < l.length ? [l[i] as DeviceSpec] : [])),
  ).flat();
}

export const MIN_SPEED = 1;
export const MAX_SPEED = 60;

export function createSimulator(o: SimOptions): Simulator {
  if (!(o.speed >= MIN_SPEED && o.speed <= MAX_SPEED))
    throw new RangeError(`speed must be 1..60, got ${o.speed}`);
  const apikey = o.apikey ?? `sim-${o.city.id}`;
  const specs = [...cityDevices(o.city, o.devices, o.seed), ...(o.extraDevices ?? [])];
  const simStart = o.start ?? o.clock.now();
  const running: Running[] = interleaved(specs).map((spec) => ({
    spec,
    rng: createRng(hashSeed(o.seed, spec.deviceId)),
    next: simStart,
    last: undefined,
  }));
  const limit = pLimit(o.concurrency ?? 32);
  const log = o.log.child({ module: 'sim' });
  let simNow = simStart;
  let active: ActiveScenario | undefined;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> | undefined;
  const counts = { published: 0, failed: 0, events: 0 };

  const conditions = new Map<number, Conditions>();
  const conditionsFor = (t: number) => {
    let c = conditions.get(t);
    if (c === undefined) {
      c = conditionsAt(o.seed, t, active);
      conditions.set(t, c);
    }
    return c;
  };

  async function publish(r: Running, at: number, measures: Record<string, unknown>) {
    try {
      await o.transport.publish(apikey, r.spec.deviceId, {
        ...measures,
        TimeInstant: new Date(at).toISOString(),
      });
      counts.published += 1;
    } catch (err) {
      counts.failed += 1;
      log.warn({ err, device: r.spec.deviceId }, 'a simulated measure was not accepted');
    }
  }

  /** Steps every device whose report falls due up to `t`; publishes them with bounded concurrency. */
  async function runUntil(t: number) {
    const jobs: Promise<void>[] = [];
    const events: NgsiEntity[] = [];
    for (const r of running) {
      while (r.next <= t) {
        const at = r.next;
        const dt = r.last === undefined ? r.spec.intervalMin : (at - r.last) / 60_000;
        const measures = r.spec.model.step(conditionsFor(at), dt, r.rng);
        events.push(...(r.spec.model.events?.() ?? []));
        if (measures !== null) jobs.push(limit(() => publish(r, at, measures)));
        r.last = at;
        r.next = at + r.spec.intervalMin * 60_000;
      }
    }
    conditions.clear();
    simNow = Math.max(simNow, t);
    await Promise.all(jobs);
    if (events.length > 0) {
      await o.transport.upsert(events);
      counts.events += events.length;
    }
  }

  async function loadCity() {
    for (const part of chunks(cityEntities(o.city), 500)) await o.transport.upsert(part);
    log.info({ city: o.city.id }, 'city entities loaded');
  }

  async function setup() {
    await o.transport.provisionGroup({ apikey, resource: '/iot/json' });
    const provisions: DeviceProvision[] = specs.map((s) => ({
      device_id: s.deviceId,
      entity_name: s.entityId,
      entity_type: s.entityType,
      transport: o.measureTransport ?? 'HTTP',
      attributes: s.attributes,
    }));
    for (const part of chunks(provisions, 500)) await o.transport.provisionDevices(part);
    const statics = specs.map((s) => ({ id: s.entityId, type: s.entityType, ...s.entity }));
    for (const part of chunks(statics, 500)) await o.transport.upsert(part);
    log.info({ devices: specs.length, city: o.city.id }, 'simulated devices provisioned');
  }

  function tick(realStart: number) {
    if (inFlight !== undefined) return; // the previous tick is still publishing: catch up next time
    const target = simStart + (o.clock.now() - realStart) * o.speed;
    inFlight = runUntil(target)
      .catch((err: unknown) => log.error({ err }, 'simulator tick failed'))
      .finally(() => {
        inFlight = undefined;
      });
  }

  return {
    devices: specs,
    setup,
    loadCity,
    advance: (minutes) => runUntil(simNow + minutes * 60_000),
    start() {
      const realStart = o.clock.now();
      tick(realStart);
      timer = setInterval(() => tick(realStart), o.tickMs ?? 1000);
      timer.unref();
    },
    async stop() {
      if (timer !== undefined) clearInterval(timer);
      timer = undefined;
      await inFlight;
    },
    scenario(name) {
      active = { name, since: simNow };
      log.info({ scenario: name, minutes: scenarioMinutes[name] }, `scenario ${name} started`);
    },
    stats: () => ({
      devices: specs.length,
      ...counts,
      simTime: new Date(simNow).toISOString(),
      scenario:
        active !== undefined && simNow - active.since < scenarioMinutes[active.name] * 60_000
          ? active.name
          : null,
    }),
  };
}
