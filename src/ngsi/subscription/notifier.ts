// Delivers outbox rows (CIM 009 §5.11) after their commit: HTTP POST, or an MQTT publish for
// mqtt(s) endpoints. One worker per subscription keeps its rows in order; at most `concurrency`
// workers send at once, and a worker waiting for a retry holds no slot, so a slow or dead endpoint
// delays only its own subscription. A backlog goes in few notifications (notification-batch.ts).
// Failures are retried with exponential backoff; rows stay in the outbox until a 2xx answer (MQTT:
// a completed publish), so what was pending when the broker stopped is delivered after the next
// start (at least once: a crash between the answer and the write of the outcome sends the rows
// again, in a notification with the same id when it carries the same rows).
// A worker keeps its rows in memory (outbox-buffer.ts), handed to it after their commit by one
// read of all new rows (outbox-feed.ts); the outcomes are written in batches (delivery-log.ts),
// and a worker goes on at once, skipping in memory the rows it delivered.
// Throttling (§5.2.12, "minimal period of time which shall elapse between two consecutive
// notifications"): rows that arrive within the period wait and are coalesced into the next
// notification, which carries the latest state of each entity, so no change is lost.
import type { Clock, Logger } from '../../kernel/index.js';
import type { Store } from '../../store/index.js';
import type { CompiledSubscription } from './compiled-subscription.js';
import { createDeliveryLog } from './delivery-log.js';
import { createMqttPublisher, type MqttPublisher } from './mqtt-publisher.js';
import { nextBatch, type Batch } from './notification-batch.js';
import { envelopeOf, notificationIdOf } from './notification-envelope.js';
import { createNotificationSender, type NotificationSender } from './notification-sender.js';
import { OutboxBuffer } from './outbox-buffer.js';
import { createOutboxFeed } from './outbox-feed.js';
import { outboxRepo } from './subscription-repo.js';

export interface NotifierOptions {
  store: Store;
  clock: Clock;
  log: Logger;
  /** The subscription of a worker, compiled; undefined once it is deleted. */
  subscription(tenant: string, id: string): CompiledSubscription | undefined;
  minBackoffMs?: number;
  maxBackoffMs?: number;
  concurrency?: number;
  timeoutMs?: number;
  /** Closed by stop(); MQTT.js behind the port when absent. */
  mqtt?: MqttPublisher;
}

/** Most rows read at once, and so carried by one notification. */
const BATCH_MAX = 100;

export interface Notifier {
  /** Starts delivering, beginning with the rows left pending by a previous run. */
  start(): Promise<void>;
  /** Outbox rows were committed (called after the commit). */
  committed(): void;
  /** Stops delivering and waits for the deliveries under way to end. */
  stop(): Promise<void>;
}

interface Worker {
  readonly tenant: string;
  readonly subscriptionId: string;
  running: boolean;
  queued: boolean;
  again: boolean;
  timer: NodeJS.Timeout | undefined;
  /** Its rows in memory; the outbox may still hold the delivered ones until their removal commits. */
  readonly rows: OutboxBuffer;
  /** Of the subscription the rows were read for. */
  createdAt: string | undefined;
  /** When the last notification was delivered, for throttling. */
  lastSentAt: number | undefined;
  /** Failures in a row, and when the next attempt is due, ahead of their write. */
  failures: number;
  retryAt: number;
}

export function createNotifier(opts: NotifierOptions): Notifier {
  const { store, clock, log } = opts;
  const minBackoff = opts.minBackoffMs ?? 1_000;
  const maxBackoff = opts.maxBackoffMs ?? 300_000;
  const concurrency = opts.concurrency ?? 128;
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const mqtt = opts.mqtt ?? createMqttPublisher({ timeoutMs });
  let sender: NotificationSender | undefined;
  const outcomes = createDeliveryLog({ store, log });
  const workers = new Map<string, Worker>();
  const waiting: Worker[] = [];
  const running = new Set<Promise<void>>();
  let stopped = true;
  const feed = createOutboxFeed({
    store,
    log,
    offer(row) {
      const w = workerOf(row.tenant, row.subscriptionId);
      // A worker waiting for a retry or its throttling period goes on when its timer fires.
      if (w.rows.offer(row) && w.timer === undefined) kick(w);
    },
  });

  const workerOf = (tenant: string, subscriptionId: string): Worker => {
    const key = `${tenant}\u0000${subscriptionId}`;
    let w = workers.get(key);
    if (w === undefined) {
      w = {
        tenant,
        subscriptionId,
        running: false,
        queued: false,
        again: false,
        timer: undefined,
        rows: new OutboxBuffer(BATCH_MAX),
        createdAt: undefined,
        lastSentAt: undefined,
        failures: 0,
        retryAt: 0,
      };
      workers.set(key, w);
    }
    return w;
  };

  function kick(w: Worker): void {
    if (stopped) return;
    if (w.timer !== undefined) clearTimeout(w.timer);
    w.timer = undefined;
    if (w.running || w.queued) {
      w.again = true;
      return;
    }
    if (running.size >= concurrency) {
      w.queued = true;
      waiting.push(w);
      return;
    }
    const p = run(w).finally(() => {
      running.delete(p);
      const next = waiting.shift();
      if (next !== undefined) {
        next.queued = false;
        kick(next);
      }
      if (w.again) kick(w);
    });
    running.add(p);
  }

  async function run(w: Worker): Promise<void> {
    w.running = true;
    try {
      await drain(w);
    } catch (err) {
      log.error({ err, subscription: w.subscriptionId }, 'notification delivery failed');
    } finally {
      w.running = false;
    }
  }

  async function drain(w: Worker): Promise<void> {
    while (!stopped) {
      w.again = false;
      const rows = await w.rows.next((after, limit) =>
        outboxRepo.after(store.read, w.tenant, w.subscriptionId, after, limit),
      );
      if (rows.length === 0) return;
      const c = opts.subscription(w.tenant, w.subscriptionId);
      if (c === undefined) {
        // Recorded while the subscription was being deleted: nobody to send them to.
        outcomes.discarded(w.tenant, w.subscriptionId, w.rows.discard());
        continue;
      }
      if (c.sub.createdAt !== (w.createdAt ??= c.sub.createdAt)) {
        // Deleted and created again with the same id: the rows read were the old one's.
        w.createdAt = c.sub.createdAt;
        w.rows.reset();
        continue;
      }
      const env = envelopeOf(c);
      const head = rows[0]!;
      const due = Math.max(head.nextAttemptAt, w.retryAt, (w.lastSentAt ?? -Infinity) + env.throttleMs);
      const wait = due - clock.now();
      if (wait > 0) {
        w.timer = setTimeout(() => {
          w.timer = undefined;
          kick(w);
        }, wait).unref();
        return;
      }
      const batch = nextBatch(rows, env.throttleMs > 0);
      const ok = await sender!.send(env, env.body(notificationIdOf(batch.uuid), clock.isoNow(), batch.items));
      // Stopping ends the sends under way: their rows are sent again after the next start.
      if (!ok && stopped) return;
      settle(w, batch, ok, Math.max(head.attempts, w.failures) + 1);
      if (waiting.length > 0) {
        // Its turn is over: a busy subscription would otherwise keep the slot while others wait.
        w.again = true;
        return;
      }
    }
  }

  /** Records the outcome of a batch's notification; `attempts` counts this one. */
  function settle(w: Worker, batch: Batch, ok: boolean, attempts: number): void {
    const at = clock.isoNow();
    const after = w.rows.deliveredThrough;
    const through = batch.rows[batch.rows.length - 1]!.seq;
    if (ok) {
      w.lastSentAt = clock.now();
      w.rows.delivered(batch.rows.length);
      w.failures = 0;
      w.retryAt = 0;
      outcomes.delivered(w.tenant, w.subscriptionId, through, at);
      return;
    }
    const due = clock.now() + Math.min(maxBackoff, minBackoff * 2 ** Math.min(attempts - 1, 30));
    w.failures = attempts;
    w.retryAt = due;
    outcomes.failed(w.tenant, w.subscriptionId, { after, through, attempts, due }, at);
  }

  /** At start: the subscriptions with rows left by a previous run read them. */
  async function scan(): Promise<void> {
    for (const p of await outboxRepo.pending(store.read)) kick(workerOf(p.tenant, p.subscriptionId));
  }

  return {
    async start() {
      if (!stopped) return;
      stopped = false;
      sender = createNotificationSender({ timeoutMs, mqtt, log });
      await feed.start();
      await scan();
    },
    committed: feed.committed,
    async stop() {
      stopped = true;
      await feed.stop();
      for (const w of workers.values()) if (w.timer !== undefined) clearTimeout(w.timer);
      workers.clear();
      waiting.length = 0;
      // Closing the HTTP connections and MQTT clients ends the deliveries under way.
      await Promise.allSettled([...running, sender?.close() ?? mqtt.close()]);
      sender = undefined;
      await outcomes.flush();
    },
  };
}
