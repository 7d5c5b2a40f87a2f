// `dothi sim`: drives a running dothi from outside, like a real device fleet.
//   dothi sim scenario <name>           start a scenario in the running demo city (POST /sim/scenario)
//   dothi sim --devices 100000 …        run a simulated city of that size against the server (scale mode)
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadCityPack } from './domains/index.js';
import { airReplay } from './app.js';
import { createLogger, systemClock, type Config } from './kernel/index.js';
import {
  createSimulator,
  httpTransport,
  mqttTransport,
  parseScenario,
  scenarioNames,
  type SimTransport,
} from './sim/index.js';

export const simUsage = `  dothi sim scenario <${scenarioNames.join('|')}>
                     start a scenario in the running demo city
  dothi sim [--devices N] [--speed 1..60] [--seed N] [--mqtt URL] [--replay-air CSV]
                     run a simulated city of N devices against a running dothi (scale mode)
  sim options: --url (default http://127.0.0.1:$PORT), --token (default: the admin token file)`;

function token(config: Config, given: string | undefined): string | undefined {
  if (given !== undefined) return given;
  if (config.DOTHI_ADMIN_TOKEN !== undefined) return config.DOTHI_ADMIN_TOKEN;
  const file = join(dirname(config.DOTHI_SQLITE_PATH), 'admin-token');
  return existsSync(file) ? readFileSync(file, 'utf8').trim() : undefined;
}

async function scenario(
  baseUrl: string,
  auth: string | undefined,
  name: string | undefined,
): Promise<number> {
  const parsed = parseScenario(name ?? '');
  if (parsed === undefined) {
    process.stderr.write(`dothi: a scenario is one of ${scenarioNames.join(', ')}\n`);
    return 1;
  }
  const res = await fetch(`${baseUrl}/sim/scenario`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(auth === undefined ? {} : { authorization: `Bearer ${auth}` }),
    },
    body: JSON.stringify({ name: parsed }),
  }).catch((err: unknown) => {
    process.stderr.write(`dothi: no dothi answers at ${baseUrl} (${String(err)})\n`);
    return undefined;
  });
  if (res === undefined) return 2;
  process.stdout.write(`${await res.text()}\n`);
  return res.ok ? 0 : 2;
}

async function fleet(config: Config, baseUrl: string, auth: string | undefined, v: Record<string, unknown>) {
  const num = (x: unknown, d: number) => (typeof x === 'string' ? Number(x) : d);
  const seed = num(v.seed, config.DOTHI_SIM_SEED);
  const apikey = `sim-scale-${seed}`;
  const http = httpTransport({ baseUrl, token: auth });
  await http.provisionGroup({ apikey, resource: '/iot/json' });
  const transport: SimTransport =
    typeof v.mqtt === 'string' ? await mqttTransport({ url: v.mqtt, apikey, http }) : http;
  const log = createLogger(config.DOTHI_LOG_LEVEL);
  const city = loadCityPack();
  const start = systemClock.now();
  const replay = typeof v['replay-air'] === 'string' ? v['replay-air'] : config.DOTHI_SIM_AIR_REPLAY;
  const sim = createSimulator({
    transport,
    city,
    start,
    extraDevices: airReplay(city, replay, start),
    clock: systemClock,
    log,
    devices: num(v.devices, config.DOTHI_SIM_DEVICES),
    seed,
    speed: num(v.speed, config.DOTHI_SIM_SPEED),
    apikey,
    measureTransport: typeof v.mqtt === 'string' ? 'MQTT' : 'HTTP',
    concurrency: 64,
  });
  await sim.setup();
  sim.start();
  const report = setInterval(() => log.info(sim.stats(), 'simulator'), 10_000);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  clearInterval(report);
  await sim.stop();
  await transport.close();
  log.info(sim.stats(), 'simulator stopped');
  return 0;
}

export async function simCommand(config: Config, argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      url: { type: 'string' },
      token: { type: 'string' },
      devices: { type: 'string' },
      speed: { type: 'string' },
      seed: { type: 'string' },
      mqtt: { type: 'string' },
      'replay-air': { type: 'string' },
    },
  });
  const baseUrl = values.url ?? `http://127.0.0.1:${config.PORT}`;
  const auth = token(config, values.token);
  if (positionals[0] === 'scenario') return scenario(baseUrl, auth, positionals[1]);
  if (positionals.length > 0) {
    process.stderr.write(`dothi: unknown sim command '${positionals[0]}'\n\n${simUsage}\n`);
    return 1;
  }
  return fleet(config, baseUrl, auth, values);
}
