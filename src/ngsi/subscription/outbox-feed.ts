// Reads the outbox rows committed since its last read, of every subscription at once, in seq
// order (one query on the primary key, however many subscriptions a commit wrote rows for), and
// offers each to its subscription's worker. Called after every commit that wrote rows; reads that
// would overlap are coalesced into one more read.
import type { Logger } from '../../kernel/index.js';
import type { Store } from '../../store/index.js';
import { outboxRepo, type FedOutboxRow } from './subscription-repo.js';

const PAGE = 1000;

export interface OutboxFeed {
  /** Starts after the rows already in the outbox (the workers read those themselves). */
  start(): Promise<void>;
  /** Rows were committed. */
  committed(): void;
  /** Waits for the read under way. */
  stop(): Promise<void>;
}

export function createOutboxFeed(deps: {
  store: Store;
  log: Logger;
  offer(row: FedOutboxRow): void;
}): OutboxFeed {
  let cursor = 0;
  let started = false;
  let reading: Promise<void> | undefined;
  let again = false;

  async function readAll(): Promise<void> {
    do {
      again = false;
      let page: FedOutboxRow[];
      do {
        page = await outboxRepo.since(deps.store.read, cursor, PAGE);
        for (const row of page) {
          cursor = row.seq;
          deps.offer(row);
        }
      } while (page.length === PAGE && started);
    } while (again && started);
  }

  function committed(): void {
    if (!started) return;
    if (reading !== undefined) {
      again = true;
      return;
    }
    reading = readAll()
      .catch((err: unknown) => {
        deps.log.error({ err }, 'notification outbox read failed');
        setTimeout(committed, 1000).unref();
      })
      .finally(() => (reading = undefined));
  }

  return {
    async start() {
      cursor = await outboxRepo.lastSeq(deps.store.read);
      started = true;
    },
    committed,
    async stop() {
      started = false;
      await reading;
    },
  };
}
