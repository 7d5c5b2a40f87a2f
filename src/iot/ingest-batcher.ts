import { DothiError, type Logger } from '../kernel/index.js';
import type { EntityInput, EntityService } from '../ngsi/index.js';
import type { Store } from '../store/index.js';
import { coalesceKey, deadLetterRepo, type Coalesced, type Rejection } from './dead-letters.js';
import { deviceRepo } from './registry-repo.js';

// Group commit for device input. Measures from many devices that arrive while a write is under
// way are coalesced into ONE batch update of the entity service per tenant (one transaction: entity
// state and history), and the devices' health counters and dead letters ride in a unit of work
// submitted in the same turn, so the store's group commit puts them in the same transaction. Each
// caller's promise settles when its input is durable, which is when a QoS 1 PUBACK may be sent.

interface Waiter {
  resolve(): void;
  reject(err: unknown): void;
}

interface PendingMeasure extends Waiter {
  tenant: string;
  input: EntityInput;
}

interface Health {
  tenant: string;
  deviceId: string;
  lastMeasure: string | undefined;
  measures: number;
  errors: number;
}

export interface IngestBatcher {
  /** Resolves once the update is durable; rejects with the entity service's error for it. */
  measure(tenant: string, deviceId: string, input: EntityInput, at: string): Promise<void>;
  /** Keeps a rejection in the dead-letter store; resolves once it is durable. */
  reject(r: Rejection, knownDevice: boolean): Promise<void>;
  /** Resolves when everything submitted so far is settled. */
  drain(): Promise<void>;
}

export function createIngestBatcher(opts: {
  store: Store;
  entities: EntityService;
  log: Logger;
  maxBatch: number;
  /**
   * Flushes under way at once. The store's group commit pipelines writes (SQLite's writer thread),
   * so a flush need not wait for the one before it to be durable; the cap keeps batches large
   * under load.
   */
  maxInFlight?: number;
}): IngestBatcher {
  const maxInFlight = opts.maxInFlight ?? 4;
  const measures: PendingMeasure[] = [];
  let health = new Map<string, Health>();
  let dead = new Map<string, Coalesced>();
  let deadWaiters: Waiter[] = [];
  let scheduled = false;
  /** Flushes whose writes are not yet durable. */
  const running = new Set<Promise<void>>();

  const healthOf = (tenant: string, deviceId: string) => {
    const key = `${tenant}\u0000${deviceId}`;
    let h = health.get(key);
    if (h === undefined) {
      h = { tenant, deviceId, lastMeasure: undefined, measures: 0, errors: 0 };
      health.set(key, h);
    }
    return h;
  };

  const schedule = () => {
    if (scheduled || running.size >= maxInFlight) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      const done: Promise<void> = flush().finally(() => {
        running.delete(done);
        if (measures.length > 0 || dead.size > 0 || health.size > 0) schedule();
      });
      running.add(done);
      if (measures.length > 0) schedule();
    });
  };

  async function writeTenant(tenant: string, items: PendingMeasure[]): Promise<void> {
    try {
      const result = await opts.entities.batchUpsert(
        tenant,
        items.map((i) => ({ ok: true as const, value: i.input })),
        'update',
      );
      const failed = new Map(result.errors.map((e) => [e.entityId, e.error]));
      for (const i of items) {
        const err = failed.get(i.input.id);
        if (err === undefined) i.resolve();
        else i.reject(new DothiError('INVALID_MEASURE', err.message));
      }
    } catch (err) {
      opts.log.error({ err, tenant, count: items.length }, 'ingest batch write failed');
      for (const i of items) i.reject(err);
    }
  }

  async function writeSide(h: Health[], d: Coalesced[], waiters: Waiter[]): Promise<void> {
    if (h.length === 0 && d.length === 0) return;
    try {
      await opts.store.write(async (tx) => {
        for (const x of h) await deviceRepo.addHealth(tx, x.tenant, x.deviceId, x);
        for (const x of d) await deadLetterRepo.insert(tx, x);
      });
      for (const w of waiters) w.resolve();
    } catch (err) {
      opts.log.error({ err }, 'device health and dead-letter write failed');
      for (const w of waiters) w.reject(err);
    }
  }

  async function flush(): Promise<void> {
    const batch = measures.splice(0, opts.maxBatch);
    const h = [...health.values()];
    const d = [...dead.values()];
    const waiters = deadWaiters;
    health = new Map();
    dead = new Map();
    deadWaiters = [];
    const byTenant = new Map<string, PendingMeasure[]>();
    for (const m of batch) {
      const list = byTenant.get(m.tenant);
      if (list === undefined) byTenant.set(m.tenant, [m]);
      else list.push(m);
    }
    // Submitted in the same turn of the event loop: the store commits them together.
    await Promise.all([
      ...[...byTenant].map(([t, items]) => writeTenant(t, items)),
      writeSide(h, d, waiters),
    ]);
  }

  return {
    measure(tenant, deviceId, input, at) {
      const h = healthOf(tenant, deviceId);
      h.measures += 1;
      if (h.lastMeasure === undefined || h.lastMeasure < at) h.lastMeasure = at;
      return new Promise<void>((resolve, reject) => {
        measures.push({ tenant, input, resolve, reject });
        schedule();
      });
    },
    reject(r, knownDevice) {
      if (knownDevice) healthOf(r.tenant, r.deviceId).errors += 1;
      const key = coalesceKey(r);
      const c = dead.get(key);
      if (c === undefined) dead.set(key, { ...r, count: 1, firstAt: r.at });
      else {
        c.count += 1;
        c.at = r.at;
      }
      return new Promise<void>((resolve, reject) => {
        deadWaiters.push({ resolve, reject });
        schedule();
      });
    },
    async drain() {
      while (scheduled || running.size > 0 || measures.length > 0) {
        await (running.size > 0 ? Promise.all(running) : new Promise((r) => setImmediate(r)));
      }
    },
  };
}
