// What every notification of a subscription shares (CIM 009 §5.11.3): where it goes, its HTTP
// headers (the metadata of an MQTT message), its @context member and the throttling period. Built
// once per version of a subscription (the cache compiles a new one on every change), so that
// sending a notification only joins strings: the outbox rows already hold the JSON text of their
// entities, which is never parsed again.
import { formatLinkHeader } from '../context/index.js';
import { DEFAULT_TENANT } from '../entity/tenants.js';
import type { CompiledSubscription } from './compiled-subscription.js';
import type { KeyValue } from './model.js';
import type { MqttPublishOptions, MqttQos } from './mqtt-publisher.js';
import { isMqttUri } from './parse-notification.js';

export interface Envelope {
  readonly subscriptionId: string;
  readonly uri: string;
  readonly headers: Readonly<Record<string, string>>;
  /** For http(s) endpoints. */
  readonly http?: { readonly origin: string; readonly path: string };
  /** For mqtt(s) endpoints, from notifierInfo (MQTT binding: QoS 0 and MQTT 3.1.1 by default). */
  readonly mqtt?: {
    readonly brokerUrl: string;
    readonly topic: string;
    readonly options: MqttPublishOptions;
  };
  /** §5.2.12 throttling in milliseconds: at most one notification per period (0: none). */
  readonly throttleMs: number;
  /** The JSON text of a notification whose `data` items are `items` (JSON texts joined by commas). */
  body(id: string, notifiedAt: string, items: string): string;
  /** The JSON text of the MQTT message of a notification body: `{ metadata, body }`. */
  mqttMessage(body: string): string;
}

export const notificationIdOf = (uuid: string): string => `urn:ngsi-ld:Notification:${uuid}`;

function mqttOptions(info: readonly KeyValue[] | undefined): MqttPublishOptions {
  const get = (key: string) => info?.find((kv) => kv.key === key)?.value;
  return {
    qos: Number(get('MQTT-QoS') ?? 0) as MqttQos,
    version: (get('MQTT-Version') ?? 'mqtt3.1.1') as MqttPublishOptions['version'],
  };
}

function headersOf(c: CompiledSubscription): Record<string, string> {
  const { endpoint } = c.sub.notification;
  const headers: Record<string, string> = { 'content-type': endpoint.accept };
  if (endpoint.accept !== 'application/ld+json') headers.link = formatLinkHeader(c.sub.contextUrl);
  if (c.tenant !== DEFAULT_TENANT) headers['ngsild-tenant'] = c.tenant;
  // receiverInfo goes to the receiver as headers (MQTT: metadata); notifierInfo configures dothi.
  for (const { key, value } of endpoint.receiverInfo ?? []) headers[key.toLowerCase()] = value;
  return headers;
}

/** MQTT binding: the topic is the URI path; the broker URL keeps scheme, credentials and host. */
function mqttTarget(c: CompiledSubscription): NonNullable<Envelope['mqtt']> {
  const u = new URL(c.sub.notification.endpoint.uri);
  const topic = decodeURIComponent(u.pathname.slice(1));
  u.pathname = '';
  u.search = '';
  u.hash = '';
  return { brokerUrl: u.href, topic, options: mqttOptions(c.sub.notification.endpoint.notifierInfo) };
}

function httpTarget(uri: string): NonNullable<Envelope['http']> {
  const u = new URL(uri);
  return { origin: u.origin, path: `${u.pathname}${u.search}` };
}

function build(c: CompiledSubscription): Envelope {
  const { sub } = c;
  const uri = sub.notification.endpoint.uri;
  const headers = headersOf(c);
  const head = `","type":"Notification","subscriptionId":${JSON.stringify(sub.id)},"notifiedAt":"`;
  const tail =
    sub.notification.endpoint.accept === 'application/ld+json'
      ? `],"@context":${JSON.stringify(sub.context)}}`
      : ']}';
  const metadata = JSON.stringify(headers);
  const mqtt = isMqttUri(uri);
  return {
    subscriptionId: sub.id,
    uri,
    headers,
    ...(mqtt ? { mqtt: mqttTarget(c) } : { http: httpTarget(uri) }),
    throttleMs: (sub.throttling ?? 0) * 1000,
    // Members in the order of §5.11.3; `id` and `notifiedAt` are generated strings needing no escapes.
    body: (id, notifiedAt, items) => `{"id":"${id}${head}${notifiedAt}","data":[${items}${tail}`,
    mqttMessage: (body) => `{"metadata":${metadata},"body":${body}}`,
  };
}

const envelopes = new WeakMap<CompiledSubscription, Envelope>();

export function envelopeOf(c: CompiledSubscription): Envelope {
  let e = envelopes.get(c);
  if (e === undefined) envelopes.set(c, (e = build(c)));
  return e;
}
