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
}

/**
 * The q condition. A q of probes alone (negations, compound paths) is marked `probe`: no index
 * serves it, and a query by type tests it on the type's entities in order (entity-reads.ts).
 */
export function compileQ(expr: QExpr, expand: Expand, hooks: QueryHooks): SqlFragment {
  const ctx: Context = { expand, hooks, aliases: 0, lookups: 0 };
  const condition = compileExpr(expr, ctx);
  return ctx.lookups === 0 ? { ...condition, probe: true } : condition;
}

function compileExpr(expr: QExpr, ctx: Context): SqlFragment {
  if (expr.kind === 'and' || expr.kind === 'or') {
    return joinFragments(
      expr.kind === 'and' ? 'AND' : 'OR',
      expr.items.map((item) => compileExpr(item, ctx)),
    );
  }
  return compileTerm(expr, ctx);
}

type RowCondition = (row: RowContext) => SqlFragment;

/**
 * How a term reads the index. `lookup`: `e.pk IN (SELECT … WHERE path = ? AND <value test>)`, a
 * list the query is driven from (a selective `==`, range or pattern). `probe`: `EXISTS`
 * over the entity's own rows (through `attr_values_pk`), for tests that select many entities or
 * are negated (`!=`, `!~=`, `!a`): SQLite would otherwise materialise a list of most of the tenant.
 */
type Access = 'lookup' | 'probe';

function compileTerm(term: QTerm, ctx: Context): SqlFragment {
  const target = resolve(term.path, ctx.expand);
  const rows = (access: Access, condition?: RowCondition) => rowsExist(target, ctx, access, condition);
  switch (term.kind) {
    case 'exists':
      return term.negated ? not(rows('probe')) : rows('lookup');
    case 'pattern': {
      const condition: RowCondition = (row) => matchesPattern(row, term.pattern);
      return term.negated ? hasNone(rows('probe'), rows('probe', condition)) : rows('lookup', condition);
    }
    case 'compare': {
      const { op, value } = term;
      const equal: RowCondition = (row) => matches(row, value);
      if (op === '==') return rows('lookup', equal);
      if (op === '!=') return hasNone(rows('probe'), rows('probe', equal));
      if (value.kind === 'range' || value.kind === 'list') throw badRequestData(`q: '${op}' needs one value`);
      return rows('lookup', (row) => ordered(row, op, value));
    }
  }
}

const not = (f: SqlFragment): SqlFragment => fragment(`NOT (${f.sql})`, f.params);
/** The attribute is there and none of its values matches. */
const hasNone = (has: SqlFragment, matching: SqlFragment): SqlFragment =>
  joinFragments('AND', [has, not(matching)]);

function rowsExist(target: Target, ctx: Context, access: Access, condition?: RowCondition): SqlFragment {
  if (target.kind === 'json') return jsonRowsExist(target.path, ctx, condition);
  const where = condition?.({ alias: 'v', hooks: ctx.hooks, expand: ctx.expand });
  const test = where === undefined ? '' : ` AND ${where.sql}`;
  const params = [target.path, ...(where?.params ?? [])];
  if (access === 'lookup') {
    ctx.lookups++;
    return fragment(
      ctx.hooks.inSubquery('e.pk', `SELECT v.pk FROM attr_values v WHERE v.path = ?${test}`),
      params,
    );
  }
  const path = ctx.hooks.unindexed('v.path');
  return fragment(`EXISTS (SELECT 1 FROM attr_values v WHERE v.pk = e.pk AND ${path} = ?${test})`, params);
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
