import { connectAsync, type IClientOptions, type MqttClient } from 'mqtt';
import type { Logger } from '../kernel/index.js';
import type { MessageHandler, MqttTransport } from './mqtt-port.js';
import { ingestFilters, parseTopic } from './mqtt-topics.js';

// A client of an external broker (MQTT_URL: Mosquitto, EMQX), MQTT 5. The broker checks device
// credentials at CONNECT (its own ACLs); dothi checks each message's apikey. A message is
// acknowledged to the broker only once handled (durable or kept as a dead letter), and the session
// is persistent, so the broker redelivers whatever dothi had not acknowledged when it stopped.
// MQTT.js handles one message at a time per connection, so `subscribers` connections share the
// subscription (`$share/<group>/…`) to keep several batches' worth of messages in flight.

export interface ExternalBrokerOptions {
  url: string;
  log: Logger;
  /** Apikeys whose topics this node subscribes to; ['+'] for all. */
  apikeys: readonly string[];
  subscribers: number;
  /** Unique per node: the broker keeps each node's session (and unacknowledged messages) under it. */
  clientIdPrefix: string;
}

/** Nodes share the subscription as one group, so each message goes to one of them. */
const shareGroup = 'dothi-iot';

export function createExternalBroker(opts: ExternalBrokerOptions): MqttTransport {
  const clients: MqttClient[] = [];
  const filters = ingestFilters(opts.apikeys);

  async function connect(index: number, onMessage: MessageHandler): Promise<MqttClient> {
    // eslint-disable-next-line prefer-const -- assigned once connected; the ack handler needs it
    let client: MqttClient;
    const options: IClientOptions = {
      protocolVersion: 5,
      clientId: `${opts.clientIdPrefix}-${index}`,
      clean: false,
      properties: { sessionExpiryInterval: 3600 },
      reconnectPeriod: 1000,
      customHandleAcks: (topic, message, _packet, done) => {
        const t = parseTopic(topic);
        if (t === undefined) return done(0);
        onMessage(topic, message, { kind: 'device', apikey: t.apikey }).then(
          () => done(0),
          (err: unknown) => {
            opts.log.error({ err, topic }, 'MQTT message not handled; the broker will deliver it again');
            // No PUBACK, and a new connection: the persistent session gets the message again.
            done(err as Error);
            client.stream.destroy();
          },
        );
      },
    };
    client = await connectAsync(opts.url, options);
    client.on('error', (err) => opts.log.warn({ err }, 'external MQTT broker connection error'));
    const shared = opts.subscribers > 1;
    await client.subscribeAsync(
      filters.map((f) => (shared ? `$share/${shareGroup}/${f}` : f)),
      { qos: 1 },
    );
    return client;
  }

  return {
    url: opts.url,
    async start(onMessage) {
      for (let i = 0; i < opts.subscribers; i++) clients.push(await connect(i, onMessage));
    },
    async publish(topic, payload) {
      const c = clients[0];
      if (c === undefined) throw new Error('not connected to the MQTT broker');
      await c.publishAsync(topic, payload, { qos: 1 });
    },
    async close() {
      await Promise.all(clients.splice(0).map((c) => c.endAsync()));
    },
  };
}
