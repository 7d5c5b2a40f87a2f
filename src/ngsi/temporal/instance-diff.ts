import { canonicalJson, sameJson } from '../../kernel/index.js';
import type { EntityChange } from '../entity/entity-deps.js';
import type { AttrInstance } from '../entity/model.js';

// Which attribute instances a change creates, modifies or deletes (CIM 009 §4.5.x: each of them
// is one instance of the attribute's temporal evolution). Instances are keyed by datasetId and
// compared by their members, system dates left out: re-sending a value with a new observedAt is
// a new instance, re-sending it unchanged is not.

export interface InstanceEvent {
  attr: string;
  /** The new state, or undefined when the instance was deleted. */
  instance: AttrInstance | undefined;
  /** The instance that was deleted (its type and datasetId label the deletion marker). */
  removed: AttrInstance | undefined;
}

const systemMembers = new Set(['createdAt', 'modifiedAt']);

/** JSON with sorted keys and without system dates, so equal instances give equal text. */
export function instanceJson(v: unknown): string {
  return canonicalJson(v, systemMembers);
}

function diffAttribute(
  attr: string,
  before: readonly AttrInstance[],
  after: readonly AttrInstance[],
  out: InstanceEvent[],
): void {
  for (const inst of after) {
    const old = before.find((b) => b.datasetId === inst.datasetId);
    if (old === undefined || !sameJson(old, inst, systemMembers)) {
      out.push({ attr, instance: inst, removed: undefined });
    }
  }
  for (const old of before) {
    if (!after.some((a) => a.datasetId === old.datasetId)) {
      out.push({ attr, instance: undefined, removed: old });
    }
  }
}

/** The instance events of one entity change, attribute by attribute in `change.attrs` order. */
export function instanceEvents(change: EntityChange): InstanceEvent[] {
  const out: InstanceEvent[] = [];
  for (const attr of change.attrs) {
    const before = change.before?.attrs[attr] ?? [];
    const after = change.kind === 'deleted' ? [] : (change.after?.attrs[attr] ?? []);
    diffAttribute(attr, before, after, out);
  }
  return out;
}
