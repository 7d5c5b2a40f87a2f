import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { domainPacks, loadCityPack, replayStation } from '../domains/index.js';
import { fixedClock, silentLogger } from '../kernel/index.js';
import { recordingTransport } from './fake-transport.js';
import { createSimulator, type SimOptions } from './simulator.js';

const city = loadCityPack();
const START = Date.UTC(2026, 5, 1, 8); // Monday 15:00 in HCMC, rainy season

function sim(over: Partial<SimOptions> = {}) {
  const transport = recordingTransport();
  const s = createSimulator({
    transport,
    city,
    clock: fixedClock(START),
    log: silentLogger,
    devices: 300,
    seed: 7,
    speed: 60,
    start: START,
    ...over,
  });
  return { s, transport };
}

const typeOf = (deviceId: string, s: ReturnType<typeof sim>['s']) =>
  s.devices.find((d) => d.deviceId === deviceId)?.entityType;

describe('city simulator', () => {
  it('provisions every device of every domain with its entity and measures', async () => {
    const { s, transport } = sim();
    await s.setup();
    await s.loadCity();
    assert.equal(transport.groups.length, 1);
    assert.equal(transport.devices.length, s.devices.length);
    const types = new Set(transport.devices.map((d) => d.entity_type));
    for (const pack of domainPacks) {
      assert.ok(
        pack.entityTypes.some((t) => types.has(t)),
        `no device of ${pack.name}`,
      );
    }
    assert.ok(transport.entities.some((e) => e.type === 'AdministrativeArea'));
    assert.ok(transport.entities.some((e) => e.type === 'Organization'));
    const ids = new Set(transport.devices.map((d) => d.device_id));
    assert.equal(ids.size, transport.devices.length);
  });

  it('publishes every device at start and then at its own interval, stamped with simulated time', async () => {
    const { s, transport } = sim();
    await s.advance(0);
    assert.equal(transport.published.length, s.devices.length);
    await s.advance(60);
    const per = new Map<string, number>();
    for (const p of transport.published) per.set(p.deviceId, (per.get(p.deviceId) ?? 0) + 1);
    for (const d of s.devices)
      assert.equal(per.get(d.deviceId), 1 + Math.floor(60 / d.intervalMin), d.deviceId);
    const last = transport.published[transport.published.length - 1]!;
    assert.ok(Date.parse(String(last.measures.TimeInstant)) <= START + 60 * 60_000);
  });

  it('is deterministic from its seed', async () => {
    const a = sim();
    const b = sim();
    const c = sim({ seed: 8 });
    for (const x of [a, b, c]) await x.s.advance(30);
    assert.deepEqual(a.transport.published, b.transport.published);
    assert.notDeepEqual(a.transport.published, c.transport.published);
  });

  it('raises street flood levels in a rainstorm', async () => {
    const calm = sim();
    const storm = sim();
    storm.s.scenario('rainstorm');
    for (const x of [calm, storm]) await x.s.advance(120);
    const maxLevel = (x: ReturnType<typeof sim>) =>
      Math.max(
        ...x.transport.published
          .filter((p) => typeOf(p.deviceId, x.s) === 'FloodMonitoring')
          .map((p) => Number(p.measures.lvl)),
      );
    assert.ok(maxLevel(storm) >= 0.3, `storm peak ${maxLevel(storm)} m`);
    assert.ok(maxLevel(storm) > maxLevel(calm) + 0.2);
    assert.equal(storm.s.stats().scenario, 'rainstorm');
  });

  it('takes streetlights off in a power fault', async () => {
    const night = Date.UTC(2026, 5, 1, 14); // 21:00 local
    const on = (x: ReturnType<typeof sim>) =>
      x.transport.published.filter((p) => typeOf(p.deviceId, x.s) === 'Streetlight' && p.measures.on === 'on')
        .length;
    const normal = sim({ start: night, devices: 3000 });
    const fault = sim({ start: night, devices: 3000 });
    fault.s.scenario('power-fault');
    for (const x of [normal, fault]) await x.s.advance(0);
    assert.ok(on(fault) < on(normal), `${on(fault)} lights on in the fault vs ${on(normal)}`);
  });

  it('runs extra devices, such as a station replaying real hourly means with their VN_AQI', async () => {
    const hours = [0, 1, 2].map((k) => ({ hour: Date.UTC(2018, 9, 8, 9 + k), pm10: 40, pm25: 20 + k }));
    const { s, transport } = sim({ extraDevices: [replayStation(city, hours, START)] });
    await s.setup();
    await s.advance(120);
    const replayed = transport.published.filter((p) => p.deviceId === 'hcmc-air-replay-nhabe');
    assert.deepEqual(
      replayed.map((p) => p.measures.pm25),
      [20, 21, 22],
    );
    // The first hour alone gives no NowCast (2 of the 3 most recent hours are needed).
    assert.deepEqual(
      replayed.map((p) => typeof p.measures.aqi),
      ['undefined', 'number', 'number'],
    );
    assert.ok(transport.devices.some((d) => d.device_id === 'hcmc-air-replay-nhabe'));
  });

  it('refuses a speed outside 1x..60x', () => {
    assert.throws(() => sim({ speed: 0.5 }), RangeError);
    assert.throws(() => sim({ speed: 61 }), RangeError);
  });
});
