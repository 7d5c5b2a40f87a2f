// The entity filters other than q: type expressions, ids, idPattern, attrs, scopeQ. Each compiles
// to a condition on `entities e`.
import { badRequestData } from '../../kernel/index.js';
import type { QueryHooks } from '../../store/index.js';
import { scopePath } from './index-rows.js';
import { patternProblem } from './patterns.js';
import type { ScopeExpr, ScopeTerm } from './scope-expr.js';
import { fragment, joinFragments, placeholders, type SqlFragment } from './sql-fragment.js';
import type { TypeExpr } from './type-expr.js';
import type { Expand } from './value-conditions.js';

// Types are probed per entity through the (tenant, type, pk) key rather than listed with `e.pk IN (…)`:
// a type usually covers a large share of a tenant, and SQLite materialises every IN list in full
// (90,000 keys for a 90 % type) before it applies LIMIT. A query whose other filters are all
// probes reads the type's keys in order instead (`types`, see entity-reads.ts).
const typesIn = (iris: readonly string[]): SqlFragment => ({
  ...fragment(
    `EXISTS (SELECT 1 FROM entity_types t WHERE t.tenant = e.tenant AND t.type IN (${placeholders(iris.length)}) AND t.pk = e.pk)`,
    [...iris],
  ),
  types: iris,
});

/** A type expression over `entity_types`; an OR of plain names is one probe. */
export function compileTypeExpr(expr: TypeExpr, expand: Expand): SqlFragment {
  if (expr.kind === 'type') return typesIn([expand(expr.name)]);
  if (expr.kind === 'or' && expr.items.every((i) => i.kind === 'type')) {
    return typesIn([...new Set(expr.items.map((i) => expand((i as { name: string }).name)))]);
  }
  return joinFragments(
    expr.kind === 'and' ? 'AND' : 'OR',
    expr.items.map((item) => compileTypeExpr(item, expand)),
  );
}

/** Entities whose id is one of `ids` (none when the list is empty). */
export function compileIds(ids: readonly string[]): SqlFragment {
  if (ids.length === 0) return fragment('1 = 0');
  return fragment(`e.id IN (${placeholders(ids.length)})`, [...ids]);
}

/** Entities whose id matches the regular expression (CIM 009 §4.5.x idPattern). */
export function compileIdPattern(pattern: string, hooks: QueryHooks): SqlFragment {
  const problem = patternProblem(pattern);
  if (problem !== undefined) throw badRequestData(`idPattern: ${problem}`, { parameter: 'idPattern' });
  return { ...fragment(hooks.regexMatch('e.id'), [pattern]), probe: true };
}

/**
 * Entities that have at least one of the attributes (expanded IRIs); the `attrs` filter of a query
 * (CIM 009 §5.7.2). A probe of the entity's rows: `attrs` usually names common attributes.
 */
export function compileAttrsExist(iris: readonly string[], hooks: QueryHooks): SqlFragment {
  if (iris.length === 0) return fragment('1 = 0');
  const path = hooks.unindexed('v.path');
  return {
    ...fragment(
      `EXISTS (SELECT 1 FROM attr_values v WHERE v.pk = e.pk AND ${path} IN (${placeholders(iris.length)}))`,
      [...iris],
    ),
    probe: true,
  };
}

/** A scope query over the scope rows of `attr_values`: an entity matches a term when one of its scopes does. */
export function compileScopeQ(expr: ScopeExpr, hooks: QueryHooks): SqlFragment {
  if (expr.kind === 'scope') {
    const where = scopeCondition(expr, hooks);
    const test = where === undefined ? '' : ` AND ${where.sql}`;
    return fragment(hooks.inSubquery('e.pk', `SELECT v.pk FROM attr_values v WHERE v.path = ?${test}`), [
      scopePath,
      ...(where?.params ?? []),
    ]);
  }
  return joinFragments(
    expr.kind === 'and' ? 'AND' : 'OR',
    expr.items.map((item) => compileScopeQ(item, hooks)),
  );
}

const regexSyntax = /[\\^$.*+?()[\]{}|]/g;

/**
 * `/a/b`: equal. `/a/#`: `/a` or below it, as a code-point range ['/a/', '/a0') ('0' follows '/').
 * `+` levels: the range of the literal prefix, then a regular expression.
 */
function scopeCondition(term: ScopeTerm, hooks: QueryHooks): SqlFragment | undefined {
  const { levels, descendants } = term;
  const plus = levels.indexOf('+');
  if (levels.length === 0) return undefined;
  if (plus === -1 && !descendants) return fragment('v.str = ?', [`/${levels.join('/')}`]);
  const literal = plus === -1 ? levels : levels.slice(0, plus);
  const prefix = `/${literal.map((l) => `${l}/`).join('')}`;
  const str = hooks.orderedText('v.str');
  const range = fragment(`(${str} >= ? AND ${str} < ?)`, [prefix, `${prefix.slice(0, -1)}0`]);
  if (plus === -1) return joinFragments('OR', [fragment('v.str = ?', [prefix.slice(0, -1)]), range]);
  const body = levels.map((l) => (l === '+' ? '[^/]+' : l.replace(regexSyntax, '\\$&'))).join('/');
  const pattern = `^/${body}${descendants ? '(/.*)?' : ''}$`;
  return joinFragments('AND', [range, fragment(hooks.regexMatch('v.str'), [pattern])]);
}
