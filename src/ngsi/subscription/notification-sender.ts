// Sends one notification to its endpoint (CIM 009 §5.11.3): an HTTP POST on a kept-alive
// connection, or, for mqtt(s) endpoints, an MQTT publish of `{ metadata, body }` to the topic of
// the URI (MQTT binding). Success is a 2xx answer or a completed publish.
import type { Logger } from '../../kernel/index.js';
import { createHttpPoster } from './http-poster.js';
import type { MqttPublisher } from './mqtt-publisher.js';
import type { Envelope } from './notification-envelope.js';

export interface NotificationSender {
  /** Resolves to true on success, false on any other answer, a network error or a timeout. */
  send(env: Envelope, body: string): Promise<boolean>;
  /** Ends the connections and MQTT clients: sends under way fail. */
  close(): Promise<void>;
}

export function createNotificationSender(opts: {
  timeoutMs: number;
  mqtt: MqttPublisher;
  log: Logger;
}): NotificationSender {
  const http = createHttpPoster({ timeoutMs: opts.timeoutMs });
  return {
    async send(env, body) {
      try {
        if (env.mqtt !== undefined) {
          const { brokerUrl, topic, options } = env.mqtt;
          await opts.mqtt.publish(brokerUrl, topic, env.mqttMessage(body), options);
          return true;
        }
        const status = await http.post(env.http!.origin, env.http!.path, env.headers, body);
        return status >= 200 && status < 300;
      } catch (err) {
        opts.log.debug({ err, uri: env.uri }, 'notification not delivered');
        return false;
      }
    },
    async close() {
      await Promise.allSettled([http.close(), opts.mqtt.close()]);
    },
  };
}
