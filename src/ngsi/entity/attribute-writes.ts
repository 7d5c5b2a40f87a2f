import { DothiError, notFound } from '../../kernel/index.js';
import { isNullInstance, mergeInstance, putInstances } from './attribute-merge.js';
import type { EntityDeps } from './entity-deps.js';
import { appendAttrs, saveUpdate } from './entity-writes.js';
import type { AttrInstance, StoredEntity } from './model.js';
import type { AttrFragment } from './parse-options.js';

// Attribute-level writes (CIM 009 §5.6.3 append, §5.6.2 update, §5.6.4 partial update,
// §5.6.5 delete, V1.8 §5.6.19 replace).

export interface UpdateResult {
  updated: string[];
  notUpdated: Array<{ name: string; reason: string }>;
}

type Edit = (
  before: StoredEntity,
  now: string,
) => { after: StoredEntity; touched: string[] } & Partial<UpdateResult>;

async function editEntity(deps: EntityDeps, tenant: string, id: string, edit: Edit): Promise<UpdateResult> {
  const { change, result } = await deps.store.write(async (tx) => {
    const found = await deps.repo.require(tx, tenant, id);
    const { after, touched, updated = touched, notUpdated = [] } = edit(found.entity, deps.clock.isoNow());
    if (touched.length === 0) return { change: undefined, result: { updated, notUpdated } };
    const change = await saveUpdate(deps, tx, tenant, found.pk, found.entity, after, touched);
    return { change, result: { updated, notUpdated } };
  });
  if (change !== undefined) deps.emit([change]);
  return result;
}

/** POST /entities/{id}/attrs: adds attributes, overwriting unless `noOverwrite`. */
export function appendAttributes(
  deps: EntityDeps,
  tenant: string,
  id: string,
  incoming: Record<string, AttrInstance[]>,
  noOverwrite: boolean,
): Promise<UpdateResult> {
  return editEntity(deps, tenant, id, (before, now) => {
    const r = appendAttrs(before, incoming, now, noOverwrite);
    return { ...r, touched: r.updated };
  });
}

/** PATCH /entities/{id}/attrs: replaces existing attributes only; others are reported not updated. */
export function updateAttributes(
  deps: EntityDeps,
  tenant: string,
  id: string,
  incoming: Record<string, AttrInstance[]>,
): Promise<UpdateResult> {
  return editEntity(deps, tenant, id, (before, now) => {
    const attrs = { ...before.attrs };
    const updated: string[] = [];
    const notUpdated: UpdateResult['notUpdated'] = [];
    for (const [name, list] of Object.entries(incoming)) {
      const existing = attrs[name];
      const missing = list.filter((i) => !existing?.some((e) => e.datasetId === i.datasetId));
      if (existing === undefined || missing.length === list.length) {
        notUpdated.push({ name, reason: 'attribute does not exist' });
        continue;
      }
      const put = putInstances(
        existing,
        list.filter((i) => !missing.includes(i)),
        now,
      );
      if (put.length === 0) delete attrs[name];
      else attrs[name] = put;
      updated.push(name);
    }
    return { after: { ...before, attrs, modifiedAt: now }, touched: updated, updated, notUpdated };
  });
}

function findInstance(list: AttrInstance[] | undefined, datasetId: string | undefined): number {
  return list === undefined ? -1 : list.findIndex((i) => i.datasetId === datasetId);
}

/** PATCH /entities/{id}/attrs/{attrId}: merges the given members into one instance. */
export async function partialUpdateAttribute(
  deps: EntityDeps,
  tenant: string,
  id: string,
  name: string,
  patch: AttrFragment,
): Promise<void> {
  await editEntity(deps, tenant, id, (before, now) => {
    const list = before.attrs[name];
    const at = findInstance(list, patch.datasetId);
    if (list === undefined || at < 0) throw notFound(`attribute ${name} not found in entity ${id}`);
    const attrs = { ...before.attrs };
    if (isNullInstance(patch)) {
      const rest = list.filter((_, i) => i !== at);
      if (rest.length === 0) delete attrs[name];
      else attrs[name] = rest;
    } else {
      const next = list.slice();
      next[at] = mergeInstance(list[at]!, patch, now);
      attrs[name] = next;
    }
    return { after: { ...before, attrs, modifiedAt: now }, touched: [name] };
  });
}

/** PUT /entities/{id}/attrs/{attrId}: replaces one attribute instance as a whole. */
export async function replaceAttribute(
  deps: EntityDeps,
  tenant: string,
  id: string,
  name: string,
  incoming: AttrInstance[],
): Promise<void> {
  await editEntity(deps, tenant, id, (before, now) => {
    const list = before.attrs[name];
    if (list === undefined) throw notFound(`attribute ${name} not found in entity ${id}`);
    const attrs = { ...before.attrs, [name]: putInstances(list, incoming, now) };
    return { after: { ...before, attrs, modifiedAt: now }, touched: [name] };
  });
}

/** DELETE /entities/{id}/attrs/{attrId}[?datasetId=…|deleteAll=true]. */
export async function deleteAttribute(
  deps: EntityDeps,
  tenant: string,
  id: string,
  name: string,
  opts: { datasetId?: string; deleteAll?: boolean },
): Promise<void> {
  if (opts.deleteAll === true && opts.datasetId !== undefined) {
    throw new DothiError('BAD_REQUEST_DATA', 'datasetId and deleteAll cannot be given together');
  }
  await editEntity(deps, tenant, id, (before, now) => {
    const list = before.attrs[name];
    const attrs = { ...before.attrs };
    if (list === undefined) throw notFound(`attribute ${name} not found in entity ${id}`);
    if (opts.deleteAll === true) delete attrs[name];
    else {
      const at = findInstance(list, opts.datasetId);
      if (at < 0)
        throw notFound(`attribute ${name} has no instance with datasetId ${opts.datasetId ?? '(default)'}`);
      const rest = list.filter((_, i) => i !== at);
      if (rest.length === 0) delete attrs[name];
      else attrs[name] = rest;
    }
    return { after: { ...before, attrs, modifiedAt: now }, touched: [name] };
  });
}
