// Delivers outbox rows (CIM 009 §5.11) over HTTP POST after their commit. One worker per
// subscription keeps its rows in order; at most `concurrency` workers send at once, and a worker
// waiting for a retry holds no slot, so a slow or dead endpoint delays only its own subscription.
// Failures are retried with exponential backoff; rows stay in the outbox until a 2xx answer, so
// what was pending when the broker stopped is delivered after the next start.
import type { Clock, Logger } from '../../kernel/index.js';
import type { Store } from '../../store/index.js';
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
}

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
}

export function createNotifier(opts: NotifierOptions): Notifier {
  const { store, clock, log } = opts;
  const minBackoff = opts.minBackoffMs ?? 1_000;
  const maxBackoff = opts.maxBackoffMs ?? 300_000;
  const concurrency = opts.concurrency ?? 16;
  const timeoutMs = opts.timeoutMs ?? 10_000;
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
      w = { tenant, subscriptionId, running: false, queued: false, again: false, timer: undefined };
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
      const wait = row.nextAttemptAt - clock.now();
      if (wait > 0) {
        w.timer = setTimeout(() => kick(w), wait).unref();
        return;
      }
      await attempt(row);
    }
  }

  async function attempt(row: OutboxRow): Promise<void> {
    const ok = await send(JSON.parse(row.request) as NotificationRequest);
    if (ok === undefined) return;
    const at = clock.isoNow();
    const attempts = row.attempts + 1;
    const due = clock.now() + Math.min(maxBackoff, minBackoff * 2 ** Math.min(attempts - 1, 30));
    await store.write(async (tx) => {
      await subscriptionRepo.recordAttempt(tx, row.tenant, row.subscriptionId, ok, at);
      if (ok) await outboxRepo.remove(tx, row.seq);
      else await outboxRepo.retryLater(tx, row.seq, attempts, due);
    });
  }

  /** true on 2xx, false on any other answer or a network error, undefined when stopped meanwhile. */
  async function send(req: NotificationRequest): Promise<boolean | undefined> {
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
      await Promise.allSettled([scanning, ...running]);
    },
  };
}
