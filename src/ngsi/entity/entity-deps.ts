import type { Clock } from '../../kernel/index.js';
import type { SqlExecutor, Store } from '../../store/index.js';
import type { EntityRepo } from './entity-repo.js';
import type { StoredEntity } from './model.js';
import type { Tenants } from './tenants.js';
import type { LookupCounts } from './lookup-counts.js';

export const changeKinds = ['created', 'updated', 'deleted'] as const;
export type ChangeKind = (typeof changeKinds)[number];

/** Emitted after the commit of every entity write; subscriptions, history and live views consume it. */
export interface EntityChange {
  tenant: string;
  id: string;
  kind: ChangeKind;
  before: StoredEntity | undefined;
  after: StoredEntity | undefined;
  /** Expanded names of the attributes this write touched (all of them for create and delete). */
  attrs: string[];
  /** Who the write was made for, when it came from a request (see WriteOrigin). */
  origin?: WriteOrigin;
}

/**
 * Who asked for a write: opaque to the broker. The API layer takes it from the request
 * (NgsiAccess.origin) and hands it to `EntityService.as`; recorders such as the audit read it.
 * Writes the platform makes on its own (device ingest, the demo city) have none.
 */
export type WriteOrigin = object;

export type ChangeListener = (changes: readonly EntityChange[]) => void;

/**
 * Runs inside the write transaction of every entity change, before the commit: what must be
 * durable together with the change (attribute history, the notification outbox) is written here.
 * It may run twice for one change when the group commit retries a batch, so it only writes to `tx`.
 */
export type ChangeRecorder = (tx: SqlExecutor, change: EntityChange) => Promise<void>;

export interface EntityDeps {
  store: Store;
  repo: EntityRepo;
  tenants: Tenants;
  /** Remembered counts of equality lookups, for the query planner (SQLite). */
  lookupCounts: LookupCounts | undefined;
  clock: Clock;
  emit(changes: readonly EntityChange[]): void;
  /** Calls every ChangeRecorder for a change, inside its transaction. */
  record(tx: SqlExecutor, change: EntityChange): Promise<void>;
}
