// The demo city at scale (`npm run bench -- city`): a dothi server in its own process, and the
// city simulator (scale mode, BENCH_CITY_DEVICES devices, default 20,000) provisioning through
// the IoT Agent API and publishing over MQTT QoS 1 as fast as the server acknowledges. Prints
// provisioning and publishing rates, and checks that every device's entity is in the store.
import { domainNames, loadCityPack } from '../src/domains/index.js';
import { silentLogger, systemClock } from '../src/kernel/index.js';
import { createSimulator, httpTransport, mqttTransport } from '../src/sim/index.js';
import { freePort, startDothi } from './harness.js';

const devices = Number(process.env.BENCH_CITY_DEVICES ?? 20_000);
const minutes = Number(process.env.BENCH_CITY_MINUTES ?? 15);
const APIKEY = 'bench-city';

const mqttPort = await freePort();
const server = await startDothi(await freePort(), { DOTHI_MQTT_PORT: String(mqttPort) });
try {
  const http = httpTransport({ baseUrl: server.url, token: server.token });
  await http.provisionGroup({ apikey: APIKEY, resource: '/iot/json' });
  const transport = await mqttTransport({ url: `mqtt://127.0.0.1:${mqttPort}`, apikey: APIKEY, http });
  const start = Date.UTC(2026, 5, 1, 1);
  const sim = createSimulator({
    transport,
    city: loadCityPack(),
    clock: systemClock,
    log: silentLogger,
    devices,
    seed: 1,
    speed: 60,
    start,
    apikey: APIKEY,
    measureTransport: 'MQTT',
    concurrency: 256,
  });
  let t = performance.now();
  await sim.setup();
  const setupS = (performance.now() - t) / 1000;
  t = performance.now();
  await sim.advance(minutes);
  const publishS = (performance.now() - t) / 1000;
  const stats = sim.stats();
  const counts: Record<string, number> = {};
  for (const type of new Set(sim.devices.map((d) => d.entityType))) {
    const r = await fetch(`${server.url}/ngsi-ld/v1/entities?type=${type}&count=true&limit=1`, {
      headers: { authorization: `Bearer ${server.token}` },
    });
    counts[type] = Number(r.headers.get('ngsild-results-count'));
  }
  const missing = sim.devices.length - Object.values(counts).reduce((a, b) => a + b, 0);
  await transport.close();
  console.log(
    JSON.stringify(
      {
        benchmark: 'city',
        devices: sim.devices.length,
        domains: domainNames.length,
        simulatedMinutes: minutes,
        provisioningSeconds: Math.round(setupS * 10) / 10,
        devicesProvisionedPerSecond: Math.round(sim.devices.length / setupS),
        measuresPublished: stats.published,
        measuresFailed: stats.failed,
        publishSeconds: Math.round(publishS * 10) / 10,
        messagesPerSecond: Math.round(stats.published / publishS),
        entitiesMissing: missing,
        entitiesByType: counts,
      },
      null,
      2,
    ),
  );
} finally {
  await server.stop();
}
