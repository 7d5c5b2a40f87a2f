// The ChangeRecorder of subscriptions: inside the transaction of each entity change, one outbox
// row per triggered subscription, holding the whole request of the notification (CIM 009
// §5.11.3; HTTP or MQTT) so that delivery needs nothing else and survives a restart.
import { randomUUID } from 'node:crypto';
import type { Clock } from '../../kernel/index.js';
import { formatLinkHeader } from '../context/index.js';
import type { ChangeRecorder, EntityChange } from '../entity/entity-deps.js';
import type { StoredEntity } from '../entity/model.js';
import { renderEntity } from '../entity/render-entity.js';
import { DEFAULT_TENANT } from '../entity/tenants.js';
import type { CompiledSubscription } from './compiled-subscription.js';
import { passesFilters, triggeredBy } from './match-change.js';
import type { KeyValue, MqttVersion } from './model.js';
import type { MqttQos } from './mqtt-publisher.js';
import { isMqttUri } from './parse-notification.js';
import { withPreviousValues } from './show-changes.js';
import type { SubscriptionCache } from './subscription-cache.js';
import { outboxRepo } from './subscription-repo.js';

export interface NotificationRequest {
  uri: string;
  headers: Record<string, string>;
  body: Record<string, unknown>;
  /** For mqtt(s) endpoints, from notifierInfo (MQTT binding: QoS 0 and MQTT 3.1.1 by default). */
  mqtt?: { qos: MqttQos; version: MqttVersion };
  /** §5.2.12 throttling in milliseconds: the notifier sends at most one notification per period. */
  throttleMs?: number;
}

/** The `data` item of a change notification (§5.11), as the subscription asks for it. */
export function renderData(c: CompiledSubscription, change: EntityChange): Record<string, unknown> {
  const n = c.sub.notification;
  if (change.kind === 'deleted' || change.after === undefined) {
    // §5.11: a deleted entity is notified by its id and type only.
    return renderEntity(change.before!, c.terms, { format: n.format, sysAttrs: false, attrs: new Set() });
  }
  const data = renderCurrent(c, change.after);
  return n.showChanges ? withPreviousValues(data, change, c.terms) : data;
}

/** An entity's current state as a subscription notifies it. */
export function renderCurrent(c: CompiledSubscription, entity: StoredEntity): Record<string, unknown> {
  const n = c.sub.notification;
  const attrs = n.attributes === undefined ? undefined : new Set(n.attributes);
  return renderEntity(entity, c.terms, {
    format: n.format,
    sysAttrs: n.sysAttrs,
    ...(attrs ? { attrs } : {}),
  });
}

function mqttOptions(info: readonly KeyValue[] | undefined): NotificationRequest['mqtt'] {
  const get = (key: string) => info?.find((kv) => kv.key === key)?.value;
  return {
    qos: Number(get('MQTT-QoS') ?? 0) as MqttQos,
    version: (get('MQTT-Version') ?? 'mqtt3.1.1') as MqttVersion,
  };
}

/** The notification (§5.11.3) of `data` to a subscription's endpoint. */
export function notificationOf(
  c: CompiledSubscription,
  data: Array<Record<string, unknown>>,
  nowIso: string,
): NotificationRequest {
  const { endpoint } = c.sub.notification;
  const ld = endpoint.accept === 'application/ld+json';
  const headers: Record<string, string> = { 'content-type': endpoint.accept };
  if (!ld) headers.link = formatLinkHeader(c.sub.contextUrl);
  if (c.tenant !== DEFAULT_TENANT) headers['ngsild-tenant'] = c.tenant;
  // receiverInfo goes to the receiver as headers (MQTT: metadata); notifierInfo configures dothi.
  for (const { key, value } of endpoint.receiverInfo ?? []) headers[key.toLowerCase()] = value;
  const body: Record<string, unknown> = {
    id: `urn:ngsi-ld:Notification:${randomUUID()}`,
    type: 'Notification',
    subscriptionId: c.sub.id,
    notifiedAt: nowIso,
    data,
  };
  if (ld) body['@context'] = c.sub.context;
  return {
    uri: endpoint.uri,
    headers,
    body,
    ...(isMqttUri(endpoint.uri) ? { mqtt: mqttOptions(endpoint.notifierInfo) } : {}),
    ...(c.sub.throttling === undefined ? {} : { throttleMs: c.sub.throttling * 1000 }),
  };
}

export function notificationRequest(
  c: CompiledSubscription,
  change: EntityChange,
  nowIso: string,
): NotificationRequest {
  return notificationOf(c, [renderData(c, change)], nowIso);
}

export function createOutboxRecorder(deps: {
  cache: SubscriptionCache;
  clock: Clock;
  /** Called when a row was written; the rows become visible after the commit. */
  recorded(): void;
}): ChangeRecorder {
  return async function recordNotifications(tx, change) {
    const now = deps.clock.isoNow();
    for (const c of await deps.cache.forTenant(change.tenant)) {
      if (!triggeredBy(c, change, now) || !(await passesFilters(tx, c, change))) continue;
      const request = notificationRequest(c, change, now);
      await outboxRepo.add(tx, change.tenant, c.sub.id, JSON.stringify(request), deps.clock.now());
      deps.recorded();
    }
  };
}
