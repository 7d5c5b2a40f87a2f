// The slice of MQTT the IoT module uses (STYLE.md §5): a broker connection that hands every
// device message to `onMessage` and acknowledges it (QoS 1 PUBACK) only when the returned promise
// settles, and that publishes commands. Two implementations: the built-in broker (aedes) and a
// client of an external broker (MQTT.js).

/** Who sent a message: a device connection bound to one apikey, or a trusted connection. */
export type Sender = { kind: 'device'; apikey: string } | { kind: 'trusted' };

export type MessageOutcome = 'accepted' | 'rejected';

/** Resolves when the message is durable (accepted) or kept as a dead letter (rejected). */
export type MessageHandler = (topic: string, payload: Buffer, sender: Sender) => Promise<MessageOutcome>;

export interface MqttTransport {
  start(onMessage: MessageHandler): Promise<void>;
  publish(topic: string, payload: string): Promise<void>;
  /** The address devices connect to (mqtt://host:port). */
  readonly url: string;
  close(): Promise<void>;
}
