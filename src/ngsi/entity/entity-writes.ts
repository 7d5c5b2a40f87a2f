import type { SqlExecutor } from '../../store/index.js';
import { mergeInstances, putInstances, stampAll } from './attribute-merge.js';
import type { EntityChange, EntityDeps } from './entity-deps.js';
import { hasGeoProperty } from './entity-repo.js';
import type { AttrInstance, EntityInput, StoredEntity } from './model.js';

// Entity-level writes: create, replace, merge, delete (CIM 009 §5.6.1, §5.6.6, §5.6.17, §5.6.18).

export function newEntity(input: EntityInput, now: string): StoredEntity {
  return {
    id: input.id,
    types: input.types,
    ...(input.scope === undefined ? {} : { scope: input.scope }),
    createdAt: now,
    modifiedAt: now,
    attrs: stampAll(input.attrs, now),
  };
}

export async function createInTx(
  deps: EntityDeps,
  tx: SqlExecutor,
  tenant: string,
  input: EntityInput,
  now: string,
) {
  await deps.tenants.ensure(tx, tenant, now);
  return insertNew(deps, tx, tenant, newEntity(input, now));
}

/** Inserts a new entity and records its change in the same transaction. */
export async function insertNew(deps: EntityDeps, tx: SqlExecutor, tenant: string, entity: StoredEntity) {
  await deps.repo.insert(tx, tenant, entity);
  const change = created(tenant, entity);
  await deps.record(tx, change);
  return change;
}

export function created(tenant: string, entity: StoredEntity): EntityChange {
  return {
    tenant,
    id: entity.id,
    kind: 'created',
    before: undefined,
    after: entity,
    attrs: Object.keys(entity.attrs),
  };
}

export async function createEntity(deps: EntityDeps, tenant: string, input: EntityInput): Promise<void> {
  const change = await deps.store.write((tx) => createInTx(deps, tx, tenant, input, deps.clock.isoNow()));
  deps.tenants.remember(tenant);
  deps.emit([change]);
}

/** Writes `after` over `before` and returns the change event. */
export async function saveUpdate(
  deps: EntityDeps,
  tx: SqlExecutor,
  tenant: string,
  pk: number,
  before: StoredEntity,
  after: StoredEntity,
  touched: string[],
): Promise<EntityChange> {
  const geoChanged = hasGeoProperty(before.attrs, touched) || hasGeoProperty(after.attrs, touched);
  await deps.repo.update(tx, tenant, pk, before, after, geoChanged, touched);
  const change: EntityChange = { tenant, id: after.id, kind: 'updated', before, after, attrs: touched };
  await deps.record(tx, change);
  return change;
}

/** PUT /entities/{id} (V1.8): the entity's attributes are replaced as a whole; createdAt stays. */
export async function replaceEntity(deps: EntityDeps, tenant: string, input: EntityInput): Promise<void> {
  const change = await deps.store.write(async (tx) => {
    const found = await deps.repo.require(tx, tenant, input.id);
    const now = deps.clock.isoNow();
    const after: StoredEntity = { ...newEntity(input, now), createdAt: found.entity.createdAt };
    const touched = [...new Set([...Object.keys(found.entity.attrs), ...Object.keys(after.attrs)])];
    return saveUpdate(deps, tx, tenant, found.pk, found.entity, after, touched);
  });
  deps.emit([change]);
}

export function mergeEntityState(
  before: StoredEntity,
  input: Pick<EntityInput, 'types' | 'scope' | 'attrs'>,
  now: string,
): { after: StoredEntity; touched: string[] } {
  const attrs: Record<string, AttrInstance[]> = { ...before.attrs };
  for (const [name, incoming] of Object.entries(input.attrs)) {
    const merged = mergeInstances(attrs[name], incoming, now);
    if (merged.length === 0) delete attrs[name];
    else attrs[name] = merged;
  }
  const types = input.types.length > 0 ? [...new Set([...before.types, ...input.types])] : before.types;
  const after: StoredEntity = { ...before, types, attrs, modifiedAt: now };
  // An empty scope is the parsed NGSI-LD Null: the merge removes the scope.
  if (input.scope !== undefined && input.scope.length === 0) delete after.scope;
  else if (input.scope !== undefined) after.scope = input.scope;
  return { after, touched: Object.keys(input.attrs) };
}

/** PATCH /entities/{id} (merge-patch, §5.6.17). */
export async function mergeEntity(
  deps: EntityDeps,
  tenant: string,
  id: string,
  input: Pick<EntityInput, 'types' | 'scope' | 'attrs'>,
): Promise<void> {
  const change = await deps.store.write(async (tx) => {
    const found = await deps.repo.require(tx, tenant, id);
    const { after, touched } = mergeEntityState(found.entity, input, deps.clock.isoNow());
    return saveUpdate(deps, tx, tenant, found.pk, found.entity, after, touched);
  });
  deps.emit([change]);
}

export async function deleteInTx(deps: EntityDeps, tx: SqlExecutor, tenant: string, id: string) {
  const found = await deps.repo.require(tx, tenant, id);
  await deps.repo.delete(tx, tenant, found.pk, found.entity);
  const change: EntityChange = {
    tenant,
    id,
    kind: 'deleted',
    before: found.entity,
    after: undefined,
    attrs: Object.keys(found.entity.attrs),
  };
  await deps.record(tx, change);
  return change;
}

export async function deleteEntity(deps: EntityDeps, tenant: string, id: string): Promise<void> {
  const change = await deps.store.write((tx) => deleteInTx(deps, tx, tenant, id));
  deps.emit([change]);
}

/** Append semantics on a whole attribute map; used by append and by upsert in batches. */
export function appendAttrs(
  before: StoredEntity,
  incoming: Record<string, AttrInstance[]>,
  now: string,
  noOverwrite: boolean,
): { after: StoredEntity; updated: string[]; notUpdated: Array<{ name: string; reason: string }> } {
  const attrs: Record<string, AttrInstance[]> = { ...before.attrs };
  const updated: string[] = [];
  const notUpdated: Array<{ name: string; reason: string }> = [];
  for (const [name, list] of Object.entries(incoming)) {
    const existing = attrs[name];
    if (noOverwrite && existing !== undefined) {
      const fresh = list.filter((i) => !existing.some((e) => e.datasetId === i.datasetId));
      if (fresh.length < list.length)
        notUpdated.push({ name, reason: 'attribute exists and noOverwrite was given' });
      if (fresh.length === 0) continue;
      attrs[name] = putInstances(existing, fresh, now);
    } else {
      const put = putInstances(existing, list, now);
      if (put.length === 0) delete attrs[name];
      else attrs[name] = put;
    }
    updated.push(name);
  }
  return { after: { ...before, attrs, modifiedAt: now }, updated, notUpdated };
}
