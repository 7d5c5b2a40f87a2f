// NGSI-LD subscriptions (CIM 009 §5.8, §5.11): the API's service, the ChangeRecorder that writes
// the notification outbox inside entity transactions, the periodic notifier (timeInterval), and
// the notifier that delivers the outbox over HTTP or MQTT.
import type { Clock, Logger } from '../../kernel/index.js';
import type { Store } from '../../store/index.js';
import type { ContextResolver } from '../context/index.js';
import type { ChangeListener, ChangeRecorder, EntityChange } from '../entity/entity-deps.js';
import { createNotifier, type NotifierOptions } from './notifier.js';
import { createOutboxRecorder } from './outbox-recorder.js';
import { createPeriodicNotifier } from './periodic-notifier.js';
import { createSubscriptionCache } from './subscription-cache.js';
import { createSubscriptionService, type SubscriptionService } from './subscription-service.js';
import { createWatchers } from './watchers.js';

export type { SubscriptionService, SubscriptionPage } from './subscription-service.js';
export type { WatchSpec, WatchListener, WatchNotification } from './watchers.js';
export type { StoredSubscription } from './subscription-repo.js';
export type { Subscription, SubscriptionStats, NotificationTrigger } from './model.js';
export { notificationTriggers, statusOf } from './model.js';
export { renderSubscription } from './render-subscription.js';
export { createNotifier } from './notifier.js';
export type { Notifier, NotifierOptions } from './notifier.js';
export { createMqttPublisher } from './mqtt-publisher.js';
export type { MqttPublisher, MqttPublishOptions, MqttQos } from './mqtt-publisher.js';

export interface Subscriptions {
  service: SubscriptionService;
  /** For the entity service: writes the outbox rows of a change (and matches watches) inside its transaction. */
  recorder: ChangeRecorder;
  /** For the entity service's onChange: wakes the notifier after a commit that wrote rows, delivers watches. */
  committed: ChangeListener;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function createSubscriptions(deps: {
  store: Store;
  clock: Clock;
  log: Logger;
  contexts: ContextResolver;
  notifier?: Omit<NotifierOptions, 'store' | 'clock' | 'log' | 'subscription'>;
}): Subscriptions {
  const { store, clock, log } = deps;
  const cache = createSubscriptionCache({ store, contexts: deps.contexts, log });
  const notifier = createNotifier({ store, clock, log, subscription: cache.get, ...deps.notifier });
  const periodic = createPeriodicNotifier({ store, clock, log, cache, wrote: notifier.wakeFor });
  const watchers = createWatchers({ hooks: store.dialect.query, clock, log });
  // Keyed by the change object, as the watches' matches: the subscriptions whose rows a change
  // wrote are woken after its commit, and those of a change that never commits never are.
  const recorded = new WeakMap<EntityChange, readonly string[]>();
  const outbox = createOutboxRecorder({ cache, clock, recorded: (change, ids) => recorded.set(change, ids) });
  return {
    service: createSubscriptionService({ store, clock, cache, watchers, core: deps.contexts.core() }),
    recorder: async (tx, change) => {
      await outbox(tx, change);
      await watchers.recorder(tx, change);
    },
    committed: (changes) => {
      watchers.committed(changes);
      for (const change of changes) {
        const ids = recorded.get(change);
        if (ids === undefined) continue;
        recorded.delete(change);
        for (const id of ids) notifier.wakeFor(change.tenant, id);
      }
    },
    async start() {
      await cache.load();
      notifier.start();
      periodic.start();
    },
    async stop() {
      await periodic.stop();
      await notifier.stop();
    },
  };
}
