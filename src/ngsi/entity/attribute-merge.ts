import { withMembers } from '../../kernel/index.js';
import type { AttrInstance } from './model.js';
import type { AttrFragment } from './parse-options.js';

// Pure merge rules for attribute instances (CIM 009 §5.6). Instances of one attribute are keyed
// by datasetId; the default instance has none.

export const NGSI_NULL = 'urn:ngsi-ld:null';

/** CIM 009 §4.5.x: an instance whose value member is the NGSI-LD Null asks for deletion. */
export function isNullInstance(i: AttrInstance | AttrFragment): boolean {
  const v = i.value ?? i.object ?? i.vocab ?? i.json ?? i.valueList ?? i.objectList ?? i.languageMap;
  if (v === NGSI_NULL || v === null) return true;
  if (Array.isArray(v) && v.length === 1 && v[0] === NGSI_NULL) return true;
  if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
    const values = Object.values(v);
    return values.length === 1 && values[0] === NGSI_NULL && i.languageMap !== undefined;
  }
  return false;
}

export function sameDataset(a: AttrInstance, b: AttrInstance): boolean {
  return a.datasetId === b.datasetId;
}

/**
 * The instance with its system times. Incoming instances have none: they are added by withMembers,
 * not by a spread, which V8 runs on its slow path when it adds members (kernel/with-members.ts).
 */
function stamp(i: AttrInstance, createdAt: string, now: string): AttrInstance {
  if (i.createdAt !== undefined && i.modifiedAt !== undefined) return { ...i, createdAt, modifiedAt: now };
  return withMembers(i, { createdAt, modifiedAt: now });
}

/**
 * Applies incoming instances to an attribute's instances, matched by datasetId: a null instance
 * deletes its match, an instance with a match goes through `onMatch`, a new one is added.
 */
function applyInstances(
  existing: AttrInstance[] | undefined,
  incoming: AttrInstance[],
  now: string,
  onMatch: (old: AttrInstance, inc: AttrInstance) => AttrInstance,
): AttrInstance[] {
  let out = existing === undefined ? [] : existing.slice();
  for (const inc of incoming) {
    const at = out.findIndex((o) => sameDataset(o, inc));
    if (isNullInstance(inc)) {
      if (at >= 0) out = out.filter((_, i) => i !== at);
    } else if (at >= 0) out[at] = onMatch(out[at]!, inc);
    else out.push(stamp(inc, now, now));
  }
  return out;
}

/** Replaces or adds each incoming instance (append and update semantics); null instances delete. */
export function putInstances(
  existing: AttrInstance[] | undefined,
  incoming: AttrInstance[],
  now: string,
): AttrInstance[] {
  return applyInstances(existing, incoming, now, (old, inc) => stamp(inc, old.createdAt ?? now, now));
}

/**
 * Partial update / merge of one instance (§5.6.4, §5.6.17): members given overwrite, members
 * not given stay, sub-attributes merge by name, and an NGSI-LD Null sub-attribute is removed.
 */
export function mergeInstance(
  old: AttrInstance,
  patch: AttrInstance | AttrFragment,
  now: string,
): AttrInstance {
  const merged: AttrInstance = { ...old };
  const target = merged as unknown as Record<string, unknown>;
  for (const [k, v] of Object.entries(patch)) {
    if (k === 'sub' || k === 'createdAt' || v === undefined) continue;
    // An NGSI-LD Null on a member such as observedAt or unitCode removes that member.
    if (v === NGSI_NULL && k !== 'value' && k !== 'object') delete target[k];
    else target[k] = v;
  }
  if (patch.sub !== undefined) {
    const sub: Record<string, AttrInstance> = { ...(old.sub ?? {}) };
    for (const [name, s] of Object.entries(patch.sub)) {
      if (isNullInstance(s)) delete sub[name];
      else sub[name] = old.sub?.[name] === undefined ? s : mergeInstance(old.sub[name]!, s, now);
    }
    merged.sub = sub;
    if (Object.keys(sub).length === 0) delete merged.sub;
  }
  merged.createdAt = old.createdAt ?? now;
  merged.modifiedAt = now;
  return merged;
}

/** Merges incoming instances into an attribute (merge-patch semantics). */
export function mergeInstances(
  existing: AttrInstance[] | undefined,
  incoming: AttrInstance[],
  now: string,
): AttrInstance[] {
  return applyInstances(existing, incoming, now, (old, inc) => mergeInstance(old, inc, now));
}

/** Sets createdAt/modifiedAt on every instance of a new entity or attribute. */
export function stampAll(attrs: Record<string, AttrInstance[]>, now: string): Record<string, AttrInstance[]> {
  const out: Record<string, AttrInstance[]> = {};
  for (const [name, list] of Object.entries(attrs)) out[name] = list.map((i) => stamp(i, now, now));
  return out;
}
