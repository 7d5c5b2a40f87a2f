// The ChangeRecorder of subscriptions: inside the transaction of each entity change, one outbox
// row per triggered subscription, holding the entity as the subscription renders it in a
// notification's `data` (CIM 009 §5.11), as JSON text. The notifier adds what every notification
// of the subscription shares (notification-envelope.ts) when it sends the row.
import { randomUUID } from 'node:crypto';
import type { Clock } from '../../kernel/index.js';
import type { ChangeRecorder, EntityChange } from '../entity/entity-deps.js';
import type { StoredEntity } from '../entity/model.js';
import { renderEntity } from '../entity/render-entity.js';
import type { CompiledSubscription } from './compiled-subscription.js';
import { passesFilters, triggeredBy } from './match-change.js';
import { withPreviousValues } from './show-changes.js';
import type { SubscriptionCache } from './subscription-cache.js';
import { outboxRepo } from './subscription-repo.js';

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

export function createOutboxRecorder(deps: {
  cache: SubscriptionCache;
  clock: Clock;
  /** Called when a change wrote rows; they become visible after its commit. */
  recorded(change: EntityChange): void;
}): ChangeRecorder {
  return async function recordNotifications(tx, change) {
    const now = deps.clock.now();
    let wrote = false;
    const entity = change.after ?? change.before;
    if (entity === undefined) return;
    for (const c of await deps.cache.candidates(change.tenant, change.id, entity.types)) {
      if (!triggeredBy(c, change, now)) continue;
      // Most subscriptions have no q, scopeQ or geoQ: no turn of the event loop for them.
      if ((c.filter !== undefined || c.geo !== undefined) && !(await passesFilters(tx, c, change))) continue;
      const row = {
        data: JSON.stringify([renderData(c, change)]),
        entityId: change.id,
        notificationId: randomUUID(),
      };
      await outboxRepo.add(tx, change.tenant, c.sub.id, row, now);
      wrote = true;
    }
    if (wrote) deps.recorded(change);
  };
}
