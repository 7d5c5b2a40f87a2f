// CIM 009 V1.8 §5.2.14 showChanges: every attribute the change updated also carries its value
// before the change, in the member named after its value member (previousValue, previousObject,
// previousLanguageMap, previousVocab, previousJson, previousValueList, previousObjectList).
// Creations have no previous value; an attribute rendered as a bare value (concise) is left as is.
import type { EntityChange } from '../entity/entity-deps.js';
import { valueMemberOf, type AttrInstance } from '../entity/model.js';
import type { TermMapper } from '../entity/term-mapper.js';

const previousName = (member: string) => `previous${member[0]!.toUpperCase()}${member.slice(1)}`;

function previousOf(inst: AttrInstance, terms: TermMapper): [string, unknown] | undefined {
  const member = valueMemberOf[inst.type];
  const value = inst[member];
  if (value === undefined) return undefined;
  // Vocab values are stored expanded, like names.
  const shown =
    member === 'vocab'
      ? Array.isArray(value)
        ? value.map((v) => terms.compact(v))
        : terms.compact(value as string)
      : value;
  return [previousName(member), shown];
}

function annotate(rendered: unknown, before: readonly AttrInstance[], terms: TermMapper): void {
  for (const r of Array.isArray(rendered) ? rendered : [rendered]) {
    if (typeof r !== 'object' || r === null) continue;
    const o = r as Record<string, unknown>;
    const was = before.find((b) => b.datasetId === o.datasetId);
    const prev = was === undefined ? undefined : previousOf(was, terms);
    if (prev !== undefined) o[prev[0]] = prev[1];
  }
}

/** Adds the previous values to `data`, the rendered new state (which this copies, not mutates). */
export function withPreviousValues(
  data: Record<string, unknown>,
  change: EntityChange,
  terms: TermMapper,
): Record<string, unknown> {
  if (change.kind !== 'updated' || change.before === undefined) return data;
  const out: Record<string, unknown> = { ...data };
  for (const name of change.attrs) {
    const before = change.before.attrs[name];
    const key = terms.compact(name);
    if (before === undefined || out[key] === undefined) continue;
    out[key] = structuredClone(out[key]);
    annotate(out[key], before, terms);
  }
  return out;
}
