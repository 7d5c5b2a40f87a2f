// compileQ: a parsed q (CIM 009 §4.9) into one SQL condition on `entities e`.
//
// Top-level attributes, sub-attributes and instance metadata are answered from the `attr_values`
// index (a lookup on (path, str) or (path, num)); compound paths `a[x.y]` read the JSON document
// through QueryHooks.jsonValues. Semantics, for every kind of path:
// - a value matches when any row of the path matches: any instance (every datasetId), any element
//   of an array value, any language of a LanguageProperty;
// - `a!=v` (and `a!~=p`): the entity has `a` and no row of `a` matches;
// - `a` alone: the entity has `a` (an instance without scalar values has a marker row).
import { badRequestData } from '../../kernel/index.js';
import type { QueryHooks } from '../../store/index.js';
import { coreIri } from '../entity/model.js';
import type { AttrPath, QExpr, QTerm } from './q-ast.js';
import { fragment, joinFragments, type SqlFragment } from './sql-fragment.js';
import { matches, matchesPattern, ordered, type Expand, type RowContext } from './value-conditions.js';

type JsonValuePath = Parameters<QueryHooks['jsonValues']>[1];

/** `a.observedAt` etc. name the instance's metadata, not a sub-attribute (CIM 009 §4.9). */
const metadata: Readonly<Record<string, string>> = {
  observedAt: coreIri.observedAt,
  createdAt: coreIri.createdAt,
  modifiedAt: coreIri.modifiedAt,
  unitCode: coreIri.unitCode,
  datasetId: coreIri.datasetId,
};

/** Instance members read from the document: not in the index (index-rows.ts). */
const documentMembers = new Set(['observedAt', 'createdAt', 'modifiedAt']);

/** Members of an instance that may hold a JSON structure a compound path goes into. */
const structuredMembers = ['value', 'json', 'languageMap', 'valueList'] as const;

type Target = { kind: 'index'; path: string } | { kind: 'json'; path: JsonValuePath };

interface Context {
  readonly expand: Expand;
  readonly hooks: QueryHooks;
  aliases: number;
  /** Index lookups written so far. */
  lookups: number;
  /** The lookups a query may count before it runs (`SELECT v.pk …`, see Lookups), numbered in order. */
  readonly counted: CountedLookup[];
}

/** A lookup a query may count; an equality's count may be remembered (see Lookups). */
type CountedLookup = SqlFragment & { remembered?: true };

/** A part of q, in its index form and in the form that tests each entity. */
interface Compiled {
  /** Lookups where the index serves a term, probes elsewhere. */
  condition: SqlFragment;
  /** Every term a probe. */
  probes(): SqlFragment;
  /**
   * How many entities the part matches, from the row counts of the counted lookups (each capped):
   * AND the fewest of its parts, OR their sum; 0 for an equality or a pattern (taken to be
   * selective), Infinity for a probe, which narrows nothing.
   */
  matches(counts: readonly number[]): number;
  /** The condition with every part that matches `many` entities or more in its probe form. */
  choose(counts: readonly number[], many: number): { condition: SqlFragment; indexed: boolean };
}

/** A part with no lookup: the same in both forms. */
function probeOnly(condition: SqlFragment): Compiled {
  return {
    condition,
    probes: () => condition,
    matches: () => Infinity,
    choose: () => ({ condition, indexed: false }),
  };
}

/**
 * The q condition. A q of probes alone (negations, compound paths) is marked `probe`: no index
 * serves it, and a query by type tests it on the type's entities in order (entity-reads.ts). A q
 * with ranges or existence tests carries their lookups (`lookups`), so that a query can
 * count their rows first and test the terms that match many entities entity by entity instead.
 */
export function compileQ(expr: QExpr, expand: Expand, hooks: QueryHooks): SqlFragment {
  const ctx: Context = { expand, hooks, aliases: 0, lookups: 0, counted: [] };
  const compiled = compileExpr(expr, ctx);
  if (ctx.lookups === 0) return { ...compiled.condition, probe: true };
  if (ctx.counted.length === 0) return compiled.condition;
  return {
    ...compiled.condition,
    lookups: {
      keys: ctx.counted,
      matches: (counts) => compiled.matches(counts),
      choose(counts, many) {
        const { condition, indexed } = compiled.choose(counts, many);
        return indexed ? condition : { ...condition, probe: true };
      },
    },
  };
}

function compileExpr(expr: QExpr, ctx: Context): Compiled {
  if (expr.kind !== 'and' && expr.kind !== 'or') return compileTerm(expr, ctx);
  const items = expr.items.map((item) => compileExpr(item, ctx));
  const op = expr.kind === 'and' ? 'AND' : 'OR';
  const matches = (counts: readonly number[]) =>
    op === 'AND'
      ? Math.min(...items.map((i) => i.matches(counts)))
      : items.reduce((sum, i) => sum + i.matches(counts), 0);
  const probes = () =>
    joinFragments(
      op,
      items.map((i) => i.probes()),
    );
  return {
    condition: joinFragments(
      op,
      items.map((i) => i.condition),
    ),
    probes,
    matches,
    choose(counts, many) {
      if (matches(counts) >= many) return { condition: probes(), indexed: false };
      const chosen = items.map((i) => i.choose(counts, many));
      return {
        condition: joinFragments(
          op,
          chosen.map((c) => c.condition),
        ),
        indexed: chosen.some((c) => c.indexed),
      };
    },
  };
}

type RowCondition = (row: RowContext) => SqlFragment;

/**
 * How a term reads the index. `lookup`: `e.pk IN (SELECT … WHERE path = ? AND <value test>)`, a
 * list the query is driven from (a range or existence test, whose rows a query may count first),
 * `remembered` (an equality: the same, its count remembered for a while) or `uncounted` (a
 * pattern: the same, never counted). `probe`: `EXISTS`
 * over the entity's own rows (through `attr_values_pk`), for tests that select many entities or
 * are negated (`!=`, `!~=`, `!a`): SQLite would otherwise materialise a list of most of the tenant.
 */
type Access = 'lookup' | 'remembered' | 'uncounted' | 'probe';

function compileTerm(term: QTerm, ctx: Context): Compiled {
  const target = resolve(term.path, ctx.expand);
  const rows = (access: Access, condition?: RowCondition) => rowsExist(target, ctx, access, condition);
  switch (term.kind) {
    case 'exists':
      return term.negated ? probeOnly(not(rows('probe').condition)) : rows('lookup');
    case 'pattern': {
      const condition: RowCondition = (row) => matchesPattern(row, term.pattern);
      // Not counted: a count would apply the regular expression to every row of the attribute.
      return term.negated
        ? probeOnly(hasNone(rows('probe').condition, rows('probe', condition).condition))
        : rows('uncounted', condition);
    }
    case 'compare': {
      const { op, value } = term;
      const equal: RowCondition = (row) => matches(row, value);
      // An equality usually selects few entities: its count is remembered (see Lookups).
      if (op === '==') return rows(value.kind === 'range' ? 'lookup' : 'remembered', equal);
      if (op === '!=') return probeOnly(hasNone(rows('probe').condition, rows('probe', equal).condition));
      if (value.kind === 'range' || value.kind === 'list') throw badRequestData(`q: '${op}' needs one value`);
      return rows('lookup', (row) => ordered(row, op, value));
    }
  }
}

const not = (f: SqlFragment): SqlFragment => fragment(`NOT (${f.sql})`, f.params);
/** The attribute is there and none of its values matches. */
const hasNone = (has: SqlFragment, matching: SqlFragment): SqlFragment =>
  joinFragments('AND', [has, not(matching)]);

function rowsExist(target: Target, ctx: Context, access: Access, condition?: RowCondition): Compiled {
  if (target.kind === 'json') return probeOnly(jsonRowsExist(target.path, ctx, condition));
  const where = condition?.({ alias: 'v', hooks: ctx.hooks, expand: ctx.expand });
  const test = where === undefined ? '' : ` AND ${where.sql}`;
  const params = [target.path, ...(where?.params ?? [])];
  const path = ctx.hooks.unindexed('v.path');
  const probe = () =>
    fragment(`EXISTS (SELECT 1 FROM attr_values v WHERE v.pk = e.pk AND ${path} = ?${test})`, params);
  if (access === 'probe') return probeOnly(probe());
  const keys = fragment(`SELECT v.pk FROM attr_values v WHERE v.path = ?${test}`, params);
  const lookup = fragment(ctx.hooks.inSubquery('e.pk', keys.sql), params);
  ctx.lookups++;
  const n =
    access === 'lookup'
      ? ctx.counted.push(keys) - 1
      : access === 'remembered'
        ? ctx.counted.push({ ...keys, remembered: true }) - 1
        : -1;
  const matches = (counts: readonly number[]) => counts[n] ?? 0;
  return {
    condition: lookup,
    probes: probe,
    matches,
    choose: (counts, many) =>
      matches(counts) >= many ? { condition: probe(), indexed: false } : { condition: lookup, indexed: true },
  };
}

function jsonRowsExist(path: JsonValuePath, ctx: Context, condition?: RowCondition): SqlFragment {
  const alias = `j${++ctx.aliases}`;
  const source = ctx.hooks.jsonValues('e.doc', path, alias);
  const where = condition?.({ alias, hooks: ctx.hooks, expand: ctx.expand });
  return fragment(`EXISTS (SELECT 1 FROM ${source.sql}${where === undefined ? '' : ` WHERE ${where.sql}`})`, [
    ...source.params,
    ...(where?.params ?? []),
  ]);
}

/** Expands the names of a path and decides where its values are read. */
function resolve(path: AttrPath, expand: Expand): Target {
  const iris = path.names.map((name, i) => (i > 0 ? metadata[name] : undefined) ?? expand(name));
  const metaAt = path.names.findIndex((name, i) => i > 0 && metadata[name] !== undefined);
  if (metaAt !== -1 && (metaAt !== path.names.length - 1 || path.keys.length > 0)) {
    throw badRequestData(`q: '${path.names[metaAt]}' can only end an attribute path ('${path.text}')`, {
      parameter: 'q',
      position: path.position,
    });
  }
  for (const part of [...iris, ...path.keys]) {
    // Index paths join names with a space; JSON paths quote names in double quotes.
    if (/[\s"\\]/.test(part)) {
      throw badRequestData(`q: invalid name '${part}' in '${path.text}'`, { parameter: 'q' });
    }
  }
  const [attr, ...subs] = iris as [string, ...string[]];
  const last = path.names[path.names.length - 1]!;
  if (metaAt !== -1 && documentMembers.has(last)) {
    return { kind: 'json', path: { attr, subs: subs.slice(0, -1), members: [last], keys: [] } };
  }
  if (path.keys.length === 0) return { kind: 'index', path: iris.join(' ') };
  return { kind: 'json', path: { attr, subs, members: structuredMembers, keys: path.keys } };
}
