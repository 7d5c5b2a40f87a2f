import { createServer, type AddressInfo, type Server } from 'node:net';
import { Aedes, type Client } from 'aedes';
import type { Logger } from '../kernel/index.js';
import type { MessageHandler, MqttTransport, Sender } from './mqtt-port.js';
import { parseTopic } from './mqtt-topics.js';

// The built-in MQTT broker (aedes, MQTT 3.1.1; aedes does not speak MQTT 5 — use an external broker
// through MQTT_URL for MQTT 5 devices). Credentials are checked at CONNECT (a device connects with
// its group's apikey as username; dothi's own clients with the admin token as password) and on
// every PUBLISH and SUBSCRIBE (a device only reaches the topics of its apikey). Device messages are
// handled in `authorizePublish`: aedes sends the QoS 1 PUBACK only after that callback, so a
// PUBACK means the measures are durable (or the rejection is kept).

export interface BuiltInBrokerOptions {
  host: string;
  port: number;
  log: Logger;
  /** Whether `apikey` names a provisioned service group. */
  knownApikey(apikey: string): Promise<boolean>;
  /** The password of trusted connections (username `dothi`); undefined allows anonymous trusted ones. */
  adminToken: string | undefined;
}

export const trustedUser = 'dothi';

const deviceTopicRoots = (apikey: string) => [
  `/${apikey}/`,
  `/json/${apikey}/`,
  `/ul/${apikey}/`,
  `${apikey}/`,
];

function mayReach(sender: Sender, topic: string): boolean {
  if (sender.kind === 'trusted') return true;
  return deviceTopicRoots(sender.apikey).some((root) => topic.startsWith(root));
}

export function createBuiltInBroker(opts: BuiltInBrokerOptions): MqttTransport {
  const senders = new WeakMap<Client, Sender>();
  // Payloads of rejected messages: they are acknowledged (they are kept as dead letters) but never forwarded.
  const rejected = new WeakSet<Buffer>();
  let handler: MessageHandler | undefined;
  let server: Server | undefined;
  let broker: Aedes | undefined;
  let url = '';

  const authenticate = (
    client: Client,
    username: string | undefined,
    password: Buffer | undefined,
    done: (e: null, ok: boolean) => void,
  ) => {
    if (
      username === trustedUser &&
      (opts.adminToken === undefined || password?.toString() === opts.adminToken)
    ) {
      senders.set(client, { kind: 'trusted' });
      return done(null, true);
    }
    if (username === undefined || username === trustedUser) return done(null, false);
    opts.knownApikey(username).then(
      (ok) => {
        if (ok) senders.set(client, { kind: 'device', apikey: username });
        done(null, ok);
      },
      (err: unknown) => {
        opts.log.error({ err }, 'MQTT authentication failed');
        done(null, false);
      },
    );
  };

  const authorizePublish = (
    client: Client | null,
    packet: { topic: string; payload: Buffer | string },
    done: (e?: Error | null) => void,
  ) => {
    if (client === null) return done(null);
    const sender = senders.get(client);
    const payload = Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload);
    if (sender === undefined || handler === undefined) return done(new Error('not authorised'));
    const topic = parseTopic(packet.topic);
    if (topic === undefined || topic.kind === 'cmd')
      return done(sender.kind === 'trusted' ? null : new Error('topic not allowed'));
    handler(packet.topic, payload, sender).then(
      (outcome) => {
        if (outcome === 'rejected') rejected.add(payload);
        done(null);
      },
      (err: Error) => done(err),
    );
  };

  return {
    get url() {
      return url;
    },
    async start(onMessage) {
      handler = onMessage;
      broker = await Aedes.createBroker({
        authenticate,
        authorizePublish,
        authorizeSubscribe: (client, sub, done) => {
          const sender = senders.get(client);
          done(null, sender !== undefined && mayReach(sender, sub.topic) ? sub : null);
        },
        authorizeForward: (_client, packet) => (rejected.has(packet.payload as Buffer) ? undefined : packet),
        concurrency: 1000,
      });
      const b = broker;
      server = createServer((socket) => b.handle(socket));
      await new Promise<void>((resolve, reject) => {
        server!.once('error', reject);
        server!.listen(opts.port, opts.host, () => resolve());
      });
      const address = server.address() as AddressInfo;
      url = `mqtt://${opts.host.includes(':') ? `[${opts.host}]` : opts.host}:${address.port}`;
      opts.log.info({ url }, 'built-in MQTT broker listening');
    },
    publish(topic, payload) {
      return new Promise((resolve, reject) => {
        if (broker === undefined) return reject(new Error('the MQTT broker is not running'));
        broker.publish(
          { cmd: 'publish', topic, payload: Buffer.from(payload), qos: 1, retain: false, dup: false },
          (err) => (err ? reject(err) : resolve()),
        );
      });
    },
    async close() {
      const b = broker;
      broker = undefined;
      if (b !== undefined) await new Promise<void>((r) => b.close(() => r()));
      const s = server;
      server = undefined;
      if (s !== undefined) await new Promise<void>((r) => s.close(() => r()));
    },
  };
}
