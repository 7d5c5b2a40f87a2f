// The ChangeRecorder of subscriptions: inside the transaction of each entity change, one outbox
// row per triggered subscription, holding the whole HTTP request of the notification (CIM 009
// §5.11.3) so that delivery needs nothing else and survives a restart.
import { randomUUID } from 'node:crypto';
import type { Clock } from '../../kernel/index.js';
import { formatLinkHeader } from '../context/index.js';
import type { ChangeRecorder, EntityChange } from '../entity/entity-deps.js';
import { renderEntity } from '../entity/render-entity.js';
import { DEFAULT_TENANT } from '../entity/tenants.js';
import type { CompiledSubscription } from './compiled-subscription.js';
import { passesFilters, triggeredBy } from './match-change.js';
import type { SubscriptionCache } from './subscription-cache.js';
import { outboxRepo } from './subscription-repo.js';

export interface NotificationRequest {
  uri: string;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

function renderData(c: CompiledSubscription, change: EntityChange): Record<string, unknown> {
  const n = c.sub.notification;
  if (change.kind === 'deleted' || change.after === undefined) {
    // §5.11: a deleted entity is notified by its id and type only.
    return renderEntity(change.before!, c.terms, { format: n.format, sysAttrs: false, attrs: new Set() });
  }
  const attrs = n.attributes === undefined ? undefined : new Set(n.attributes);
  return renderEntity(change.after, c.terms, {
    format: n.format,
    sysAttrs: n.sysAttrs,
    ...(attrs ? { attrs } : {}),
  });
}

export function notificationRequest(
  c: CompiledSubscription,
  change: EntityChange,
  nowIso: string,
): NotificationRequest {
  const { endpoint } = c.sub.notification;
  const ld = endpoint.accept === 'application/ld+json';
  const headers: Record<string, string> = { 'content-type': endpoint.accept };
  if (!ld) headers.link = formatLinkHeader(c.sub.contextUrl);
  if (c.tenant !== DEFAULT_TENANT) headers['ngsild-tenant'] = c.tenant;
  for (const { key, value } of endpoint.receiverInfo ?? []) headers[key.toLowerCase()] = value;
  const body: Record<string, unknown> = {
    id: `urn:ngsi-ld:Notification:${randomUUID()}`,
    type: 'Notification',
    subscriptionId: c.sub.id,
    notifiedAt: nowIso,
    data: [renderData(c, change)],
  };
  if (ld) body['@context'] = c.sub.context;
  return { uri: endpoint.uri, headers, body };
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
