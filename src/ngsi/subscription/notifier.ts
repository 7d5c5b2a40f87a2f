// Delivers outbox rows (CIM 009 §5.11) after their commit: HTTP POST, or an MQTT publish for
// mqtt(s) endpoints. One worker per subscription keeps its rows in order; at most `concurrency`
// workers send at once, and a worker waiting for a retry holds no slot, so a slow or dead endpoint
// delays only its own subscription. Failures are retried with exponential backoff; rows stay in
// the outbox until a 2xx answer (MQTT: a completed publish), so what was pending when the broker
// stopped is delivered after the next start (at least once: a crash between the answer and the
// commit sends a row again, with the same notification id).
// Throttling (§5.2.12, "minimal period of time which shall elapse between two consecutive
// notifications"): rows that arrive within the period wait and are coalesced into the next
// notification, which carries the latest state of each entity, so no change is lost.
import type { Clock, Logger } from '../../kernel/index.js';
import type { Store } from '../../store/index.js';
import { createMqttPublisher, type MqttPublisher } from './mqtt-publisher.js';
import type { NotificationRequest } from './outbox-recorder.js';
import { outboxRepo, subscriptionRepo, type OutboxRow } from './subscription-repo.js';

export interface NotifierOptions {
  store: Store;
  clock: Clock;
  log: Logger;
  minBackoffMs?: number;
  maxBackoffMs?: number;
  concurrency?: number;
  timeoutMs?: number;
  /** Closed by stop(); MQTT.js behind the port when absent. */
  mqtt?: MqttPublisher;
}

/** Most rows of a throttled subscription coalesced into one notification. */
const COALESCE_MAX = 100;

export interface Notifier {
  /** Starts delivering, beginning with the rows left pending by a previous run. */
  start(): void;
  /** There may be new rows (called after a commit that wrote some). */
  wake(): void;
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
  /** When the last notification was delivered, for throttling. */
  lastSentAt: number | undefined;
}

/** One notification for several rows: the last row's, with the latest data of each entity. */
function coalesce(reqs: readonly NotificationRequest[]): NotificationRequest {
  const last = reqs[reqs.length - 1]!;
  const byId = new Map<unknown, unknown>();
  for (const r of reqs) {
    for (const d of r.body.data as Array<{ id: unknown }>) {
      byId.delete(d.id);
      byId.set(d.id, d);
    }
  }
  return { ...last, body: { ...last.body, data: [...byId.values()] } };
}

export function createNotifier(opts: NotifierOptions): Notifier {
  const { store, clock, log } = opts;
  const minBackoff = opts.minBackoffMs ?? 1_000;
  const maxBackoff = opts.maxBackoffMs ?? 300_000;
  const concurrency = opts.concurrency ?? 16;
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const mqtt = opts.mqtt ?? createMqttPublisher({ timeoutMs });
  const workers = new Map<string, Worker>();
  const waiting: Worker[] = [];
  const running = new Set<Promise<void>>();
  let stopped = true;
  let abort = new AbortController();
  let scanning: Promise<void> | undefined;
  let rescan = false;

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
        lastSentAt: undefined,
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
      const row = await outboxRepo.head(store.read, w.tenant, w.subscriptionId);
      if (row === undefined) return;
      const throttleMs = (JSON.parse(row.request) as NotificationRequest).throttleMs ?? 0;
      const due = Math.max(row.nextAttemptAt, (w.lastSentAt ?? -Infinity) + throttleMs);
      const wait = due - clock.now();
      if (wait > 0) {
        w.timer = setTimeout(() => kick(w), wait).unref();
        return;
      }
      const rows =
        throttleMs > 0 ? await outboxRepo.first(store.read, w.tenant, w.subscriptionId, COALESCE_MAX) : [row];
      await attempt(w, rows);
    }
  }

  async function attempt(w: Worker, rows: readonly OutboxRow[]): Promise<void> {
    const head = rows[0]!;
    const reqs = rows.map((r) => JSON.parse(r.request) as NotificationRequest);
    const ok = await send(reqs.length === 1 ? reqs[0]! : coalesce(reqs));
    if (ok === undefined) return;
    if (ok) w.lastSentAt = clock.now();
    const at = clock.isoNow();
    const attempts = head.attempts + 1;
    const due = clock.now() + Math.min(maxBackoff, minBackoff * 2 ** Math.min(attempts - 1, 30));
    await store.write(async (tx) => {
      await subscriptionRepo.recordAttempt(tx, head.tenant, head.subscriptionId, ok, at);
      for (const r of rows) {
        if (ok) await outboxRepo.remove(tx, r.seq);
        else await outboxRepo.retryLater(tx, r.seq, attempts, due);
      }
    });
  }

  /** true on success, false on a failure, undefined when stopped meanwhile. */
  async function send(req: NotificationRequest): Promise<boolean | undefined> {
    return req.mqtt === undefined ? post(req) : publish(req, req.mqtt);
  }

  /** MQTT binding: the topic is the URI path; the message holds the headers as `metadata` and the notification as `body`. */
  async function publish(
    req: NotificationRequest,
    o: NonNullable<NotificationRequest['mqtt']>,
  ): Promise<boolean | undefined> {
    const u = new URL(req.uri);
    const topic = decodeURIComponent(u.pathname.slice(1));
    u.pathname = '';
    u.search = '';
    u.hash = '';
    try {
      await mqtt.publish(u.href, topic, JSON.stringify({ metadata: req.headers, body: req.body }), o);
      return true;
    } catch (err) {
      if (stopped) return undefined;
      log.debug({ err, uri: req.uri }, 'notification not published');
      return false;
    }
  }

  /** true on 2xx, false on any other answer or a network error, undefined when stopped meanwhile. */
  async function post(req: NotificationRequest): Promise<boolean | undefined> {
    try {
      const res = await fetch(req.uri, {
        method: 'POST',
        headers: req.headers,
        body: JSON.stringify(req.body),
        signal: AbortSignal.any([abort.signal, AbortSignal.timeout(timeoutMs)]),
      });
      await res.arrayBuffer();
      return res.ok;
    } catch (err) {
      if (stopped) return undefined;
      log.debug({ err, uri: req.uri }, 'notification not delivered');
      return false;
    }
  }

  async function scan(): Promise<void> {
    do {
      rescan = false;
      for (const p of await outboxRepo.pending(store.read)) kick(workerOf(p.tenant, p.subscriptionId));
    } while (rescan && !stopped);
  }

  function wake(): void {
    if (stopped) return;
    if (scanning !== undefined) {
      rescan = true;
      return;
    }
    scanning = scan()
      .catch((err: unknown) => log.error({ err }, 'notification outbox scan failed'))
      .finally(() => (scanning = undefined));
  }

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      abort = new AbortController();
      wake();
    },
    wake,
    async stop() {
      stopped = true;
      abort.abort();
      for (const w of workers.values()) if (w.timer !== undefined) clearTimeout(w.timer);
      workers.clear();
      waiting.length = 0;
      // Closing the MQTT clients at once ends the publishes under way.
      await Promise.allSettled([scanning, ...running, mqtt.close()]);
    },
  };
}
