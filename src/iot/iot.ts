import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { DothiError, isDothiError, type Clock, type Logger } from '../kernel/index.js';
import type { EntityService } from '../ngsi/index.js';
import type { Store } from '../store/index.js';
import { createCommands, type Commands } from './commands.js';
import type { Terms } from './device-entities.js';
import { createIngestBatcher } from './ingest-batcher.js';
import { aboutRoute, deadLetterRoutes, ingestRoutes } from './ingest-routes.js';
import { createIngest, type DeviceMessage, type Ingest } from './ingest.js';
import type { MessageOutcome, MqttTransport, Sender } from './mqtt-port.js';
import { parseTopic } from './mqtt-topics.js';
import { provisionRoutes } from './provision-routes.js';
import type { ProvisioningDeps } from './provisioning.js';
import { createRateLimiter } from './rate-limit.js';
import { deviceRepo } from './registry-repo.js';
import { createRegistry } from './registry.js';

export interface IotSettings {
  /** The @context device attributes are expanded with (the core context when undefined). */
  contextUrl: string | undefined;
  silentAfterS: number;
  ratePerSecond: number;
  burst: number;
  maxPayload: number;
  bodyLimit: number;
  batchMax: number;
  cacheTtlS: number;
  commandTimeoutS: number;
}

/** The slice of the broker's @context resolver the module uses. */
export interface ContextSource {
  resolve(url: string): Promise<Terms>;
  core(): Terms;
}

export interface IotOptions {
  store: Store;
  entities: EntityService;
  contexts: ContextSource;
  clock: Clock;
  log: Logger;
  mqtt: MqttTransport;
  settings: IotSettings;
}

export interface Iot {
  api: FastifyPluginAsync;
  ingest: Ingest;
  commands: Commands;
  /** Whether a service group has this apikey (MQTT connections authenticate with it). */
  knownApikey(apikey: string): Promise<boolean>;
  /** The MQTT address devices connect to (after `start`). */
  readonly mqttUrl: string;
  /** Starts MQTT (listening, or connecting to the external broker) and the command timer. */
  start(): Promise<void>;
  /** Resolves when all device input received so far is settled. */
  drain(): Promise<void>;
  close(): Promise<void>;
}

const sdmDeviceContext = 'https://smart-data-models.github.io/dataModel.Device/context.jsonld';

export async function createIot(opts: IotOptions): Promise<Iot> {
  const { store, entities, clock, log, settings } = opts;
  const terms =
    settings.contextUrl === undefined
      ? opts.contexts.core()
      : await opts.contexts.resolve(settings.contextUrl);
  const sdm = await opts.contexts.resolve(sdmDeviceContext);
  const registry = createRegistry(store, clock, settings.cacheTtlS * 1000);
  const commands = createCommands({
    store,
    entities,
    registry,
    clock,
    log,
    terms,
    timeoutMs: settings.commandTimeoutS * 1000,
    publish: (topic, payload) => opts.mqtt.publish(topic, payload),
  });
  const provisioning: ProvisioningDeps = {
    store,
    entities,
    registry,
    clock,
    terms,
    sdm,
    onDevice: commands.watch,
  };
  const batcher = createIngestBatcher({ store, entities, log, maxBatch: settings.batchMax });
  const ingest = createIngest({
    registry,
    batcher,
    limiter: createRateLimiter(clock, settings.ratePerSecond, settings.burst),
    provisioning,
    terms,
    clock,
    maxPayload: settings.maxPayload,
  });
  for (const d of await deviceRepo.withCommands(store.read)) commands.watch(d);
  const unlisten = entities.onChange(commands.onChange);
  const health = { silentAfterMs: settings.silentAfterS * 1000, now: () => clock.now() };
  let sweep: NodeJS.Timeout | undefined;

  async function onMessage(topicText: string, payload: Buffer, sender: Sender): Promise<MessageOutcome> {
    const topic = parseTopic(topicText)!;
    const msg: DeviceMessage = {
      transport: 'mqtt',
      apikey: topic.apikey,
      deviceId: topic.deviceId,
      format: topic.format,
      payload,
      ...(topic.attr === undefined ? {} : { attr: topic.attr }),
    };
    try {
      if (sender.kind === 'device' && sender.apikey !== topic.apikey) {
        await ingest.refuse(
          msg,
          new DothiError('UNAUTHORIZED', 'the connection may not publish for this apikey'),
        );
      }
      if (topic.kind === 'cmdexe') {
        await commands
          .answer(topic.apikey, topic.deviceId, topic.format, payload.toString('utf8'))
          .catch((err: unknown) => (isDothiError(err) ? ingest.refuse(msg, err) : Promise.reject(err)));
      } else await ingest.accept(msg);
      return 'accepted';
    } catch (err) {
      if (isDothiError(err)) return 'rejected';
      throw err;
    }
  }

  return {
    api: async (app: FastifyInstance) => {
      await provisionRoutes(app, provisioning, health);
      await ingestRoutes(app, ingest, settings.bodyLimit);
      await deadLetterRoutes(app, store);
      await aboutRoute(app, () => opts.mqtt.url);
    },
    ingest,
    commands,
    knownApikey: async (apikey) => (await registry.groups(apikey)).length > 0,
    get mqttUrl() {
      return opts.mqtt.url;
    },
    async start() {
      await opts.mqtt.start(onMessage);
      const every = Math.max(1000, Math.floor((settings.commandTimeoutS * 1000) / 4));
      sweep = setInterval(() => {
        commands.expire().catch((err: unknown) => log.error({ err }, 'command expiry failed'));
      }, every);
      sweep.unref();
    },
    drain: () => batcher.drain(),
    async close() {
      clearInterval(sweep);
      unlisten();
      await opts.mqtt.close();
      await batcher.drain();
      await commands.idle();
    },
  };
}
