// Which of a tenant's subscriptions an entity change may trigger, found without trying each one:
// every entity selector (§5.2.8) is filed under the entity id it names, else the literal prefix of
// an anchored idPattern (`^urn:ngsi-ld:Sensor:district7-`), else the types its type expression
// needs (an entity matching `A;B` has A, one matching `A,B` has A or B). A subscription without
// selectors is a candidate for every change. The candidates are then checked in full
// (triggeredBy): the index only skips those that cannot match.
import { parseTypeExpr, type TypeExpr } from '../query/index.js';
import type { CompiledSubscription } from './compiled-subscription.js';
import type { EntitySelector } from './model.js';

export interface SubscriptionIndex {
  /** The subscriptions that may select an entity of this id and these types, each once. */
  candidates(id: string, types: readonly string[]): readonly CompiledSubscription[];
}

/** Types of which an entity satisfying `e` has at least one. */
function someTypeOf(e: TypeExpr): string[] {
  if (e.kind === 'type') return [e.name];
  return e.kind === 'and' ? someTypeOf(e.items[0]!) : e.items.flatMap(someTypeOf);
}

const special = new Set('\\.*+?()[]{}|^$');

/**
 * The text every id matching `pattern` starts with: its leading literal characters when it is
 * anchored by `^`; empty when unsure (alternation anywhere, a quantifier, a class).
 */
export function literalPrefix(pattern: string): string {
  if (!pattern.startsWith('^') || pattern.includes('|')) return '';
  let out = '';
  let i = 1;
  while (i < pattern.length) {
    let ch = pattern[i]!;
    let next = i + 1;
    if (ch === '\\') {
      // An escaped punctuation character stands for itself; \d, \w, \u… do not.
      const escaped = pattern[i + 1];
      if (escaped === undefined || /[0-9A-Za-z]/.test(escaped)) break;
      ch = escaped;
      next = i + 2;
    } else if (special.has(ch)) break;
    const quantifier = pattern[next];
    if (quantifier === '*' || quantifier === '?' || quantifier === '{') break;
    out += ch;
    if (quantifier === '+') break;
    i = next;
  }
  return out;
}

function push<K>(map: Map<K, CompiledSubscription[]>, key: K, c: CompiledSubscription): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [c]);
  else if (list.at(-1) !== c) list.push(c);
}

export function indexSubscriptions(subs: readonly CompiledSubscription[]): SubscriptionIndex {
  const always: CompiledSubscription[] = [];
  const byId = new Map<string, CompiledSubscription[]>();
  const byPrefix = new Map<string, CompiledSubscription[]>();
  const byType = new Map<string, CompiledSubscription[]>();
  const file = (c: CompiledSubscription, s: EntitySelector) => {
    const prefix = s.idPattern === undefined ? '' : literalPrefix(s.idPattern);
    if (s.id !== undefined) push(byId, s.id, c);
    else if (prefix !== '') push(byPrefix, prefix, c);
    else for (const t of someTypeOf(parseTypeExpr(s.type))) push(byType, t, c);
  };
  for (const c of subs) {
    if (c.sub.entities === undefined) always.push(c);
    else for (const s of c.sub.entities) file(c, s);
  }
  const prefixLengths = [...new Set([...byPrefix.keys()].map((p) => p.length))];
  return {
    candidates(id, types) {
      const lists: CompiledSubscription[][] = [];
      const add = (l: CompiledSubscription[] | undefined) => l !== undefined && lists.push(l);
      if (always.length > 0) lists.push(always);
      add(byId.get(id));
      for (const n of prefixLengths) if (id.length >= n) add(byPrefix.get(id.slice(0, n)));
      for (const t of types) add(byType.get(t));
      if (lists.length <= 1) return lists[0] ?? [];
      return [...new Set(lists.flat())];
    },
  };
}
