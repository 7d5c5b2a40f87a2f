// The composition root: the only place that builds concrete stores, servers and modules.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { createAuth, principalOf, type Auth } from './auth/index.js';
import { createHttpServer, openAuthenticator, storeStatsRoutes } from './http/index.js';
import {
  createBuiltInBroker,
  createExternalBroker,
  createIot,
  iotPublicRoutes,
  type Iot,
  type MqttTransport,
} from './iot/index.js';
import { createLogger, systemClock, type Clock, type Config, type Logger } from './kernel/index.js';
import { createNgsi, ngsiPublicRoutes, type Ngsi } from './ngsi/index.js';
import {
  cityJurisdictionPack,
  createJurisdictions,
  createReports,
  loadJurisdictionFiles,
  reportsActor,
  reportsApiFamilies,
  reportsPublicRoutes,
  type Reports,
} from './reports/index.js';
import { createPostgresStore, createSqliteStore, type Store } from './store/index.js';
import { liveRoutes } from './live/index.js';
import { builtAppDir, createMapData, webAppPublicRoutes, webAppRoutes } from './webapp/index.js';
import {
  hourlyMeansOf,
  loadCityPack,
  parseSensorCommunityCsv,
  replayStation,
  type CityPack,
} from './domains/index.js';
import {
  createSimControl,
  createSimulator,
  httpTransport,
  mqttTransport as simMqttTransport,
  type SimControl,
  type Simulator,
} from './sim/index.js';

export interface App {
  config: Config;
  log: Logger;
  store: Store;
  ngsi: Ngsi;
  iot: Iot;
  /** The city simulator's HTTP control; a simulator is attached by `startCitySimulator`. */
  sim: SimControl;
  clock: Clock;
  reports: Reports;
  http: FastifyInstance;
  /** The admin bearer token in force (undefined when authentication is off). */
  adminToken: string | undefined;
  auth: Auth;
  /** The admin account created by this (first) start, with its one-time password. */
  bootstrapAdmin: { username: string; password: string } | undefined;
  listen(): Promise<string>;
  close(): Promise<void>;
}

export interface AppOverrides {
  log?: Logger;
  clock?: Clock;
  store?: Store;
}

export function createStore(config: Config, log?: Logger): Store {
  if (config.DATABASE_URL !== undefined) return createPostgresStore({ url: config.DATABASE_URL });
  return createSqliteStore({
    path: config.DOTHI_SQLITE_PATH,
    synchronous: config.DOTHI_SQLITE_SYNC,
    readWorkers: config.DOTHI_SQLITE_READ_WORKERS,
    writerThread: config.DOTHI_SQLITE_WRITER_THREAD,
    writeStats: config.DOTHI_SQLITE_WRITE_STATS,
    checkpointIntervalMs: config.DOTHI_SQLITE_CHECKPOINT_MS,
    walLimitBytes: config.DOTHI_SQLITE_WAL_LIMIT,
    onPipelineFailure: (err) =>
      log?.warn(
        { err },
        'pipelined writes failed on the SQLite writer thread; they ran again as transactions',
      ),
  });
}

/** The admin token: configured, or generated once and kept beside the SQLite database. */
function adminToken(config: Config, log: Logger): string | undefined {
  if (config.DOTHI_AUTH === 'off') return undefined;
  if (config.DOTHI_ADMIN_TOKEN !== undefined) return config.DOTHI_ADMIN_TOKEN;
  if (config.DOTHI_ADMIN_TOKEN_FILE !== undefined)
    return readFileSync(config.DOTHI_ADMIN_TOKEN_FILE, 'utf8').trim();
  const file = `${dirname(config.DOTHI_SQLITE_PATH)}/admin-token`;
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const token = randomBytes(24).toString('base64url');
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  log.warn({ file }, `generated an admin token; it is stored in ${file}`);
  return token;
}

function mqttTransport(
  config: Config,
  log: Logger,
  token: string | undefined,
  iot: () => Iot,
): MqttTransport {
  if (config.MQTT_URL !== undefined) {
    return createExternalBroker({
      url: config.MQTT_URL,
      log,
      apikeys: config.DOTHI_MQTT_APIKEYS.split(','),
      subscribers: config.DOTHI_MQTT_SUBSCRIBERS,
      clientIdPrefix: `dothi-${hostname()}-${config.PORT}-${config.DOTHI_MQTT_APIKEYS}`.slice(0, 120),
    });
  }
  return createBuiltInBroker({
    host: config.HOST,
    port: config.DOTHI_MQTT_PORT,
    log,
    adminToken: token,
    knownApikey: (apikey) => iot().knownApikey(apikey),
  });
}

function warnAuthOff(config: Config, log: Logger): void {
  log.warn(
    { DOTHI_AUTH: 'off', host: config.HOST },
    '!!! AUTHENTICATION IS OFF: every API is open to anyone who can reach this address. Development and conformance testing only. !!!',
  );
}

function tlsFiles(config: Config): { tls?: { cert: Buffer; key: Buffer } } {
  if (config.DOTHI_TLS_CERT_FILE === undefined || config.DOTHI_TLS_KEY_FILE === undefined) return {};
  return {
    tls: { cert: readFileSync(config.DOTHI_TLS_CERT_FILE), key: readFileSync(config.DOTHI_TLS_KEY_FILE) },
  };
}

/** Citizen report jurisdictions: the configured packs, or the demo city's. */
function reportJurisdictions(config: Config) {
  const files = config.DOTHI_REPORTS_JURISDICTIONS.split(',').filter(Boolean);
  if (files.length > 0) return loadJurisdictionFiles(files);
  return createJurisdictions([cityJurisdictionPack(loadCityPack())]);
}

/** First run without a configured admin token: an admin account with a one-time password. */
async function bootstrapAdmin(config: Config, auth: Auth, log: Logger) {
  if (config.DOTHI_AUTH === 'off' || config.DOTHI_ADMIN_TOKEN !== undefined) return undefined;
  const created = await auth.bootstrap();
  if (created !== undefined)
    log.warn(
      { username: created.username },
      'created the admin account; its one-time password is printed once',
    );
  return created;
}

export async function createApp(config: Config, overrides: AppOverrides = {}): Promise<App> {
  const log = overrides.log ?? createLogger(config.DOTHI_LOG_LEVEL);
  const clock = overrides.clock ?? systemClock;
  const store = overrides.store ?? createStore(config, log);
  try {
    await store.migrate();
  } catch (err) {
    // A store the app made is closed again, so that a failed start leaves no pool or thread behind.
    if (overrides.store === undefined) await store.close().catch(() => undefined);
    throw err;
  }
  const token = adminToken(config, log);
  const auth = createAuth({
    store,
    clock,
    log,
    config,
    ...(token === undefined ? {} : { adminToken: token }),
    families: reportsApiFamilies,
  });
  const authOn = config.DOTHI_AUTH === 'on';
  if (!authOn) warnAuthOff(config, log);
  const ngsi = createNgsi({
    store,
    clock,
    log,
    config,
    ...(authOn ? { access: auth.ngsiAccess, recorders: [auth.recorder] } : {}),
  });
  await ngsi.start();
  const reports = createReports({
    store,
    entities: ngsi.entities,
    clock,
    log,
    jurisdictions: reportJurisdictions(config),
    publicBase: config.DOTHI_PUBLIC_URL ?? `http://localhost:${config.PORT}`,
    apiKeys: config.DOTHI_OPEN311_API_KEYS.split(','),
    escalationIntervalMs: config.DOTHI_REPORTS_ESCALATE_S * 1000,
    actorOf: (req) => reportsActor(authOn ? principalOf(req) : undefined),
  });
  reports.start();
  const iot: Iot = await createIot({
    store,
    entities: ngsi.entities,
    contexts: ngsi.contexts,
    clock,
    log,
    mqtt: mqttTransport(config, log, token, () => iot),
    settings: {
      contextUrl: config.DOTHI_IOT_CONTEXT,
      silentAfterS: config.DOTHI_IOT_SILENT_AFTER_S,
      ratePerSecond: config.DOTHI_IOT_RATE,
      burst: config.DOTHI_IOT_BURST,
      maxPayload: config.DOTHI_IOT_MAX_PAYLOAD,
      bodyLimit: config.DOTHI_BODY_LIMIT,
      batchMax: config.DOTHI_IOT_BATCH_MAX,
      cacheTtlS: config.DOTHI_IOT_CACHE_TTL_S,
      commandTimeoutS: config.DOTHI_IOT_CMD_TIMEOUT_S,
    },
  });
  await auth.recordConfig();
  const admin = await bootstrapAdmin(config, auth, log);
  const sim = createSimControl();
  const http = await createHttpServer({
    log,
    bodyLimit: config.DOTHI_BODY_LIMIT,
    shutdownGraceMs: config.DOTHI_SHUTDOWN_GRACE_MS,
    auth: authOn ? auth.authenticator : openAuthenticator,
    publicRoutes: [
      'GET /health',
      ...ngsiPublicRoutes,
      ...auth.publicRoutes,
      ...iotPublicRoutes,
      ...webAppPublicRoutes,
      ...reportsPublicRoutes,
    ],
    ...tlsFiles(config),
    ...(config.DOTHI_CORS_ORIGINS === undefined
      ? {}
      : { corsOrigins: config.DOTHI_CORS_ORIGINS.split(',').map((o) => o.trim()) }),
    ...(authOn && auth.rateLimit !== undefined ? { rateLimit: auth.rateLimit } : {}),
    plugins: [
      auth.plugin,
      ngsi.api,
      iot.api,
      sim.api,
      liveRoutes({ watch: ngsi.subscriptions.watch, heartbeatS: 25 }),
      webAppRoutes({
        distDir: builtAppDir(dirname(fileURLToPath(import.meta.url))),
        mapData: createMapData(config.DOTHI_MAP_DIR),
        tilesUrl: config.MAP_TILES_URL,
      }),
      reports.api,
      storeStatsRoutes(store),
      async (app) => {
        app.get('/health', async () => ({ status: 'ok' }));
      },
    ],
  });
  return {
    config,
    log,
    store,
    ngsi,
    iot,
    sim,
    clock,
    reports,
    http,
    adminToken: token,
    auth,
    bootstrapAdmin: admin,
    listen: async () => {
      const url = await http.listen({ host: config.HOST, port: config.PORT });
      await iot.start();
      return url;
    },
    close: async () => {
      await http.close();
      await reports.close();
      await iot.close();
      await ngsi.close();
      await store.close();
    },
  };
}

/** A demo air station replaying a real sensor export, when one is configured. */
export function airReplay(city: CityPack, file: string | undefined, start: number) {
  if (file === undefined) return [];
  const hours = hourlyMeansOf(parseSensorCommunityCsv(readFileSync(file, 'utf8')));
  return hours.length === 0 ? [] : [replayStation(city, hours, start)];
}

export interface RunningSimulator {
  sim: Simulator;
  close(): Promise<void>;
}

/**
 * The demo city (`dothi demo`): the HCMC pack's devices, provisioned through the IoT Agent API of
 * the listening server at `baseUrl` and publishing through its ingest (MQTT or HTTP).
 */
export async function startCitySimulator(app: App, baseUrl: string): Promise<RunningSimulator> {
  const { config } = app;
  const apikey = 'sim-hcmc';
  const http = httpTransport({ baseUrl, token: app.adminToken });
  // The group first: the MQTT broker admits a device connection only for a known apikey.
  await http.provisionGroup({ apikey, resource: '/iot/json' });
  const mqtt = config.DOTHI_SIM_TRANSPORT === 'mqtt';
  const transport = mqtt ? await simMqttTransport({ url: app.iot.mqttUrl, apikey, http }) : http;
  const city = loadCityPack();
  const start = app.clock.now();
  const sim = createSimulator({
    transport,
    city,
    start,
    extraDevices: airReplay(city, config.DOTHI_SIM_AIR_REPLAY, start),
    clock: app.clock,
    log: app.log,
    devices: config.DOTHI_SIM_DEVICES,
    seed: config.DOTHI_SIM_SEED,
    speed: config.DOTHI_SIM_SPEED,
    apikey,
    measureTransport: mqtt ? 'MQTT' : 'HTTP',
  });
  app.sim.attach(sim);
  await sim.setup();
  sim.start();
  await sim.loadCity();
  return {
    sim,
    close: async () => {
      app.sim.attach(undefined);
      await sim.stop();
      await transport.close();
    },
  };
}
