import { notFound, type Clock } from '../../kernel/index.js';
import type { SqlExecutor, Store } from '../../store/index.js';
import type { EntityService } from '../entity/entity-service.js';
import type { WriteOrigin } from '../entity/entity-deps.js';
import type { AttrInstance, StoredEntity } from '../entity/model.js';
import { normalizeDateTime } from '../entity/validate-datetime.js';
import { aggregationColumns, historyRow, insertRows, storedValue } from './history-recorder.js';
import { markDirty } from './hourly-rollups.js';
import { loadHistoryEntity } from './history-repo.js';
import type { TemporalAttrs, TemporalEntityInput } from './parse-temporal-entity.js';

// Temporal provision (CIM 009 §5.6.11-§5.6.16, §6.18-§6.22): history written directly. The
// entity's current state follows the newest instance: an instance newer than the current one
// (per attribute and datasetId) goes through the entity service, which records it in history
// like any update; older instances are inserted into attr_history only. An entity that does
// not exist is created through the entity service from its newest instances.

export interface ProvisionDeps {
  store: Store;
  entities: EntityService;
  clock: Clock;
}

const observed = (i: AttrInstance) => normalizeDateTime(i.observedAt)!;

/** Splits each attribute's instances into the ones that become current state and the rest. */
function split(attrs: TemporalAttrs, current: StoredEntity | undefined) {
  const latest: Record<string, AttrInstance[]> = {};
  const older: Array<[string, AttrInstance]> = [];
  for (const [attr, list] of Object.entries(attrs)) {
    const newest = new Map<string | undefined, AttrInstance>();
    for (const i of list) newest.set(i.datasetId, i);
    for (const i of list) {
      const now = current?.attrs[attr]?.find((c) => c.datasetId === i.datasetId);
      const isNewer = now?.observedAt === undefined || observed(i) >= observed(now);
      if (newest.get(i.datasetId) === i && isNewer) (latest[attr] ??= []).push(i);
      else older.push([attr, i]);
    }
  }
  return { latest, older };
}

async function currentOf(deps: ProvisionDeps, tenant: string, id: string) {
  try {
    return await deps.entities.retrieve(tenant, id);
  } catch (err) {
    if ((err as { code?: string }).code === 'RESOURCE_NOT_FOUND') return undefined;
    throw err;
  }
}

/** Creates or appends to an entity's history; `created` when the entity did not exist. */
export async function provideHistory(
  deps: ProvisionDeps,
  tenant: string,
  input: TemporalEntityInput,
  mustExist: boolean,
  origin?: WriteOrigin,
): Promise<'created' | 'updated'> {
  const entities = deps.entities.as(origin);
  const current = await currentOf(deps, tenant, input.id);
  if (current === undefined && mustExist) {
    if ((await loadHistoryEntity(deps.store.read, tenant, input.id)) === undefined) {
      throw notFound(`entity ${input.id} not found`);
    }
  }
  const { latest, older } = split(input.attrs, current);
  if (current === undefined && !mustExist) {
    await entities.create(tenant, { id: input.id, types: input.types, attrs: latest });
  } else if (current !== undefined && Object.keys(latest).length > 0) {
    await entities.appendAttributes(tenant, input.id, latest, false);
  } else {
    for (const [attr, list] of Object.entries(latest)) for (const i of list) older.push([attr, i]);
  }
  const now = deps.clock.isoNow();
  const rows = older.map(([attr, i]) => historyRow({ tenant, id: input.id, attr }, i, undefined, now));
  if (rows.length > 0) await deps.store.write((tx) => insertRows(tx, rows, deps.clock.now()));
  return current === undefined && !mustExist ? 'created' : 'updated';
}

async function requireHistory(read: SqlExecutor, tenant: string, id: string): Promise<void> {
  if ((await loadHistoryEntity(read, tenant, id)) === undefined) throw notFound(`entity ${id} not found`);
}

/**
 * Deletes an entity's history and roll-ups (§5.6.16). The current entity is left alone (DELETE
 * /entities/{id} deletes it); the entity is forgotten by history only when it no longer exists.
 */
export async function deleteHistory(deps: ProvisionDeps, tenant: string, id: string): Promise<void> {
  await requireHistory(deps.store.read, tenant, id);
  const exists = (await currentOf(deps, tenant, id)) !== undefined;
  await deps.store.write(async (tx) => {
    const key = [tenant, id];
    await tx.run('DELETE FROM attr_history WHERE tenant = ? AND entity_id = ?', key);
    await tx.run('DELETE FROM attr_rollups WHERE tenant = ? AND entity_id = ?', key);
    await tx.run('DELETE FROM attr_hourly WHERE tenant = ? AND entity_id = ?', key);
    await tx.run('DELETE FROM attr_hourly_dirty WHERE tenant = ? AND entity_id = ?', key);
    if (!exists) await tx.run('DELETE FROM history_entities WHERE tenant = ? AND entity_id = ?', key);
  });
}

/** §5.6.14: the default instance series, the one of `datasetId`, or every series (`deleteAll`). */
export async function deleteAttrHistory(
  deps: ProvisionDeps,
  tenant: string,
  id: string,
  attr: string,
  which: { datasetId?: string; deleteAll: boolean },
): Promise<void> {
  const base = 'DELETE FROM attr_history WHERE tenant = ? AND entity_id = ? AND attr = ?';
  const [sql, params] = which.deleteAll
    ? [base, [tenant, id, attr]]
    : which.datasetId === undefined
      ? [`${base} AND dataset_id IS NULL`, [tenant, id, attr]]
      : [`${base} AND dataset_id = ?`, [tenant, id, attr, which.datasetId]];
  const r = await deps.store.write(async (tx) => {
    const out = await tx.run(sql, params);
    await markDirty(tx, [[tenant, id, attr, '']]);
    if (which.deleteAll)
      await tx.run('DELETE FROM attr_rollups WHERE tenant = ? AND entity_id = ? AND attr = ?', [
        tenant,
        id,
        attr,
      ]);
    return out;
  });
  if (r.changes === 0) throw notFound(`entity ${id} has no history of attribute ${attr}`);
}

const INSTANCE_WHERE = 'WHERE tenant = ? AND entity_id = ? AND attr = ? AND instance_id = ? AND deleted = 0';

/** §5.6.15: replaces one instance; it keeps its observedAt unless the new one has its own. */
export async function modifyInstance(
  deps: ProvisionDeps,
  tenant: string,
  key: { id: string; attr: string; instanceId: string },
  replacement: AttrInstance,
): Promise<void> {
  const now = deps.clock.isoNow();
  const where = [tenant, key.id, key.attr, key.instanceId];
  const changed = await deps.store.write(async (tx) => {
    const old = await tx.get<{ observed_at: string | null }>(
      `SELECT observed_at FROM attr_history ${INSTANCE_WHERE}`,
      where,
    );
    if (old === undefined) return false;
    await markDirty(tx, [[tenant, key.id, key.attr, '']]);
    const observedAt = replacement.observedAt ?? old.observed_at ?? undefined;
    const instance = observedAt === undefined ? replacement : { ...replacement, observedAt };
    const obs = observedAt === undefined ? null : normalizeDateTime(observedAt);
    await tx.run(
      `UPDATE attr_history SET type = ?, value = ?, num = ?, vkey = ?, modified_at = ?, observed_at = ?,
       ts = COALESCE(?, ts) ${INSTANCE_WHERE}`,
      [
        instance.type,
        storedValue(instance),
        ...aggregationColumns(instance),
        now,
        observedAt ?? null,
        obs,
        ...where,
      ],
    );
    return true;
  });
  if (!changed) throw notFound(`instance ${key.instanceId} of ${key.attr} not found`);
}

/** §5.6.17: deletes one instance from history. */
export async function deleteInstance(
  deps: ProvisionDeps,
  tenant: string,
  key: { id: string; attr: string; instanceId: string },
): Promise<void> {
  const r = await deps.store.write(async (tx) => {
    await markDirty(tx, [[tenant, key.id, key.attr, '']]);
    return tx.run(
      'DELETE FROM attr_history WHERE tenant = ? AND entity_id = ? AND attr = ? AND instance_id = ?',
      [tenant, key.id, key.attr, key.instanceId],
    );
  });
  if (r.changes === 0) throw notFound(`instance ${key.instanceId} of ${key.attr} not found`);
}
