// The slice of MQTT the notifier uses (STYLE.md §5), implemented with MQTT.js: one client per
// broker (URL with credentials, and protocol version), connected on first use, reused, and
// dropped when its connection closes so that the next publish connects again.
import { connectAsync, type MqttClient } from 'mqtt';
import type { MqttVersion } from './model.js';
export type MqttQos = 0 | 1 | 2;

export interface MqttPublishOptions {
  qos: MqttQos;
  version: MqttVersion;
}

export interface MqttPublisher {
  /** Resolves when the publish completed (QoS 0: written; QoS 1: PUBACK; QoS 2: PUBCOMP). */
  publish(brokerUrl: string, topic: string, payload: string, opts: MqttPublishOptions): Promise<void>;
  /** Closes every client. */
  close(): Promise<void>;
}

export function createMqttPublisher(opts: { timeoutMs?: number } = {}): MqttPublisher {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const clients = new Map<string, Promise<MqttClient>>();

  function clientFor(brokerUrl: string, version: MqttVersion): Promise<MqttClient> {
    const key = `${version} ${brokerUrl}`;
    let client = clients.get(key);
    if (client === undefined) {
      // No automatic reconnection: the outbox retries, and a closed client is replaced.
      client = connectAsync(
        brokerUrl,
        { protocolVersion: version === 'mqtt5.0' ? 5 : 4, reconnectPeriod: 0, connectTimeout: timeoutMs },
        false,
      );
      clients.set(key, client);
      client.then(
        (c) => c.once('close', () => forget(key, c)),
        () => clients.delete(key),
      );
    }
    return client;
  }

  function forget(key: string, c: MqttClient): void {
    void clients.get(key)?.then((current) => {
      if (current === c) clients.delete(key);
    });
    c.end(true);
  }

  return {
    async publish(brokerUrl, topic, payload, o) {
      const key = `${o.version} ${brokerUrl}`;
      const client = await clientFor(brokerUrl, o.version);
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`MQTT publish timed out after ${timeoutMs} ms`)),
          timeoutMs,
        );
      });
      try {
        await Promise.race([client.publishAsync(topic, payload, { qos: o.qos }), timeout]);
      } catch (err) {
        forget(key, client);
        throw err;
      } finally {
        clearTimeout(timer);
      }
    },
    async close() {
      const all = [...clients.values()];
      clients.clear();
      await Promise.allSettled(all.map(async (p) => (await p).endAsync(true)));
    },
  };
}
