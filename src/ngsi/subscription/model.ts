// The subscription normal form (CIM 009 §5.2.12, §5.2.14, §5.2.15): names are expanded IRIs, as in
// the entity normal form; the subscription's own @context is kept so that notifications are
// compacted with it (§5.11). Stored as JSON text in `subscriptions.doc`.
import type { ContextValue } from '../context/index.js';
import type { RenderFormat } from '../entity/render-entity.js';

/** CIM 009 V1.8 §5.2.12 notificationTrigger. */
export const notificationTriggers = [
  'entityCreated',
  'entityUpdated',
  'entityDeleted',
  'attributeCreated',
  'attributeUpdated',
  'attributeDeleted',
] as const;
export type NotificationTrigger = (typeof notificationTriggers)[number];

/** §5.2.12: without notificationTrigger, attributeCreated and attributeUpdated. */
export const defaultTriggers: readonly NotificationTrigger[] = ['attributeCreated', 'attributeUpdated'];

export const endpointAccepts = ['application/json', 'application/ld+json'] as const;
export type EndpointAccept = (typeof endpointAccepts)[number];

/** notifierInfo `MQTT-Version` values (CIM 009, MQTT binding); mqtt3.1.1 when absent. */
export const mqttVersions = ['mqtt3.1.1', 'mqtt5.0'] as const;
export type MqttVersion = (typeof mqttVersions)[number];

export interface KeyValue {
  key: string;
  value: string;
}

/** §5.2.12 EntitySelector; `type` is a type expression (§4.17) of expanded IRIs. */
export interface EntitySelector {
  id?: string;
  idPattern?: string;
  type: string;
}

/** The members of a geoQ as given, with `geoproperty` expanded. */
export interface StoredGeoQ {
  georel: unknown;
  geometry: unknown;
  coordinates: unknown;
  geoproperty: string;
}

export interface NotificationParams {
  /** Expanded names of the attributes to show; all when absent. */
  attributes?: string[];
  format: RenderFormat;
  showChanges: boolean;
  sysAttrs: boolean;
  endpoint: {
    uri: string;
    accept: EndpointAccept;
    receiverInfo?: KeyValue[];
    notifierInfo?: KeyValue[];
  };
}

export interface Subscription {
  id: string;
  subscriptionName?: string;
  description?: string;
  entities?: EntitySelector[];
  /** Expanded names. */
  watchedAttributes?: string[];
  notificationTrigger: NotificationTrigger[];
  q?: string;
  /** The expanded IRI of every attribute name in `q`, so q compiles again without the @context. */
  qNames?: Record<string, string>;
  geoQ?: StoredGeoQ;
  scopeQ?: string;
  isActive: boolean;
  expiresAt?: string;
  throttling?: number;
  timeInterval?: number;
  notification: NotificationParams;
  /** The @context of the request that created (or last changed) the subscription. */
  context: ContextValue;
  /** A URL for the Link header of application/json notifications. */
  contextUrl: string;
  createdAt: string;
  modifiedAt: string;
}

/** §5.2.12 notification statistics, kept beside the document. */
export interface SubscriptionStats {
  timesSent: number;
  timesFailed: number;
  lastNotification?: string;
  lastSuccess?: string;
  lastFailure?: string;
}

export const subscriptionStatuses = ['active', 'paused', 'expired'] as const;
export type SubscriptionStatus = (typeof subscriptionStatuses)[number];

export function statusOf(sub: Subscription, nowIso: string): SubscriptionStatus {
  if (sub.expiresAt !== undefined && Date.parse(sub.expiresAt) <= Date.parse(nowIso)) return 'expired';
  return sub.isActive ? 'active' : 'paused';
}

export const newSubscriptionId = (uuid: string): string => `urn:ngsi-ld:Subscription:${uuid}`;
