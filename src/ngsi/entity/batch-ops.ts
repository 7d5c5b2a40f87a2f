import { DothiError, isDothiError } from '../../kernel/index.js';
import type { SqlExecutor } from '../../store/index.js';
import type { EntityChange, EntityDeps } from './entity-deps.js';
import {
  appendAttrs,
  createInTx,
  deleteInTx,
  insertNew,
  mergeEntityState,
  newEntity,
  saveUpdate,
} from './entity-writes.js';
import type { EntityInput } from './model.js';

// Batch operations (CIM 009 §5.6.7-§5.6.10, §5.6.20): one transaction for the whole batch, each
// entity succeeding or failing on its own. Every per-entity check runs before that entity's first
// write, so a failed entity leaves nothing behind.

/** An entity of the batch that could not be parsed keeps its error and is reported, not written. */
export type BatchItem<T> = { ok: true; value: T } | { ok: false; id: string; error: DothiError };

export interface BatchResult {
  success: string[];
  /** The ids among `success` that were created by this batch. */
  created: string[];
  errors: Array<{ entityId: string; error: DothiError }>;
}

type Step<T> = (tx: SqlExecutor, item: T, now: string) => Promise<EntityChange | undefined>;

const idOf = (value: { id: string } | string) => (typeof value === 'string' ? value : value.id);

async function runBatch<T extends { id: string } | string>(
  deps: EntityDeps,
  tenant: string,
  items: Array<BatchItem<T>>,
  step: Step<T>,
  createsTenant: boolean,
): Promise<BatchResult> {
  // The unit of work may run twice (store.write retries a batch whose neighbour failed), so
  // everything it produces is built inside it.
  const { result, changes, ensured } = await deps.store.write(async (tx) => {
    const now = deps.clock.isoNow();
    const result: BatchResult = { success: [], created: [], errors: [] };
    const changes: EntityChange[] = [];
    let ensured = false;
    const ids: string[] = [];
    for (const item of items) if (item.ok) ids.push(idOf(item.value));
    // One look-up for the batch's entities instead of one per entity (pipelined units only).
    await deps.repo.prefetch(tx, tenant, ids);
    deps.repo.gatherLayouts(tx);
    try {
      for (const item of items) {
        if (!item.ok) {
          result.errors.push({ entityId: item.id, error: item.error });
          continue;
        }
        const id = idOf(item.value);
        // CIM 009 §4.14: the first write creates the tenant; a batch whose every entity is refused writes nothing.
        if (createsTenant && !ensured) await deps.tenants.ensure(tx, tenant, now);
        ensured = createsTenant;
        try {
          const change = await step(tx, item.value, now);
          if (change !== undefined) changes.push(change);
          result.success.push(id);
          if (change?.kind === 'created') result.created.push(id);
        } catch (err) {
          if (!isDothiError(err)) throw err;
          result.errors.push({ entityId: id, error: err });
        }
      }
      await deps.repo.writeGatheredLayouts(tx);
    } finally {
      deps.repo.endPrefetch();
      deps.repo.dropGatheredLayouts();
    }
    return { result, changes, ensured };
  });
  if (ensured) deps.tenants.remember(tenant);
  if (changes.length > 0) deps.emit(changes);
  return result;
}

export function batchCreate(deps: EntityDeps, tenant: string, items: Array<BatchItem<EntityInput>>) {
  return runBatch(deps, tenant, items, (tx, input, now) => createInTx(deps, tx, tenant, input, now), true);
}

/** Upsert: a new entity is created; an existing one is replaced (default) or updated (`update`). */
export function batchUpsert(
  deps: EntityDeps,
  tenant: string,
  items: Array<BatchItem<EntityInput>>,
  mode: 'replace' | 'update',
) {
  return runBatch(
    deps,
    tenant,
    items,
    async (tx, input, now) => {
      const found = await deps.repo.load(tx, tenant, input.id);
      if (found === undefined) return insertNew(deps, tx, tenant, newEntity(input, now));
      const before = found.entity;
      if (mode === 'replace') {
        const after = { ...newEntity(input, now), createdAt: before.createdAt };
        const touched = [...new Set([...Object.keys(before.attrs), ...Object.keys(after.attrs)])];
        return saveUpdate(deps, tx, tenant, found.pk, before, after, touched);
      }
      const { after, updated } = appendAttrs(before, input.attrs, now, false);
      after.types = [...new Set([...before.types, ...input.types])];
      if (input.scope !== undefined) after.scope = input.scope;
      return saveUpdate(deps, tx, tenant, found.pk, before, after, updated);
    },
    true,
  );
}

/** Update: attributes of existing entities are appended (or kept, with `noOverwrite`). */
export function batchUpdate(
  deps: EntityDeps,
  tenant: string,
  items: Array<BatchItem<EntityInput>>,
  noOverwrite: boolean,
) {
  return runBatch(
    deps,
    tenant,
    items,
    async (tx, input, now) => {
      const found = await deps.repo.require(tx, tenant, input.id);
      const { after, updated, notUpdated } = appendAttrs(found.entity, input.attrs, now, noOverwrite);
      if (updated.length === 0 && notUpdated.length > 0) {
        throw new DothiError(
          'BAD_REQUEST_DATA',
          `no attribute of ${input.id} was updated: ${notUpdated[0]!.reason}`,
        );
      }
      return saveUpdate(deps, tx, tenant, found.pk, found.entity, after, updated);
    },
    false,
  );
}

export function batchMerge(deps: EntityDeps, tenant: string, items: Array<BatchItem<EntityInput>>) {
  return runBatch(
    deps,
    tenant,
    items,
    async (tx, input, now) => {
      const found = await deps.repo.require(tx, tenant, input.id);
      const { after, touched } = mergeEntityState(found.entity, input, now);
      return saveUpdate(deps, tx, tenant, found.pk, found.entity, after, touched);
    },
    false,
  );
}

export function batchDelete(deps: EntityDeps, tenant: string, items: Array<BatchItem<string>>) {
  return runBatch(deps, tenant, items, (tx, id) => deleteInTx(deps, tx, tenant, id), false);
}
