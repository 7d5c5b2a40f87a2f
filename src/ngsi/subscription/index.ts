// NGSI-LD subscriptions (CIM 009 §5.8, §5.11): the API's service, the ChangeRecorder that writes
// the notification outbox inside entity transactions, the periodic notifier (timeInterval), and
// the notifier that delivers the outbox over HTTP or MQTT.
import { objectSlot, type Clock, type Logger } from '../../kernel/index.js';
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
  const periodic = createPeriodicNotifier({ store, clock, log, cache, wrote: notifier.committed });
  const watchers = createWatchers({ hooks: store.dialect.query, clock, log });
  // Kept with the change object, as the watches' matches: the notifier reads the outbox after the
  // commit of a change that wrote rows, and not for a change that never commits.
  const recorded = objectSlot<EntityChange, true>('outbox rows');
  const outbox = createOutboxRecorder({ cache, clock, recorded: (change) => recorded.set(change, true) });
  return {
    service: createSubscriptionService({ store, clock, cache, watchers, core: deps.contexts.core() }),
    recorder: async (tx, change) => {
      await outbox(tx, change);
      await watchers.recorder(tx, change);
    },
    committed: (changes) => {
      watchers.committed(changes);
      let wrote = false;
      for (const change of changes) wrote = recorded.take(change) !== undefined || wrote;
      if (wrote) notifier.committed();
    },
    async start() {
      await cache.load();
      await notifier.start();
      periodic.start();
    },
    async stop() {
      await periodic.stop();
      await notifier.stop();
    },
  };
}
