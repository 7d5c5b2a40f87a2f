// Conditions on one value row: a row of `attr_values` or of the JSON fallback, both with the
// columns `str` and `num` (see indexRows). The typing rules (CIM 009 §4.9: values of another data
// type than the literal never match):
// - a number matches `num` where `str` is NULL (numbers only, not date-time strings);
// - a date-time literal matches `num` where `str` is not NULL (date-time strings and metadata);
// - strings, URIs, dates, times match `str`; booleans match `str` 'true'/'false';
// - an unquoted word matches `str` as written or expanded (VocabProperty values are expanded IRIs);
// - ordering and ranges over strings compare code points on every backend.
import type { QueryHooks } from '../../store/index.js';
import type { ComparisonOp, QRange, QScalar, QValue } from './q-ast.js';
import { fragment, joinFragments, placeholders, type SqlFragment } from './sql-fragment.js';

export type Expand = (term: string) => string;

export interface RowContext {
  readonly alias: string;
  readonly hooks: QueryHooks;
  readonly expand: Expand;
}

/**
 * Number rows have `str` NULL; date-time rows have both. `str` is kept off the index: SQLite would
 * take `str IS NULL` for an equality on (path, str) and prefer it to the selective (path, num) range.
 */
const numberRow = (row: RowContext): string => `${row.hooks.unindexed(`${row.alias}.str`)} IS NULL`;
const instantRow = (row: RowContext): string => `${row.hooks.unindexed(`${row.alias}.str`)} IS NOT NULL`;

const inList = (column: string, values: readonly unknown[]): SqlFragment =>
  fragment(values.length === 1 ? `${column} = ?` : `${column} IN (${placeholders(values.length)})`, [
    ...values,
  ]);

/** The row holds one of `items` (a value list, or one value). */
export function equalsAny(ctx: RowContext, items: readonly QScalar[]): SqlFragment {
  const strs = new Set<string>();
  const nums = new Set<number>();
  const instants = new Set<number>();
  for (const v of items) {
    if (v.kind === 'number') nums.add(v.value);
    else if (v.kind === 'dateTime') instants.add(v.ms);
    else if (v.kind === 'boolean') strs.add(String(v.value));
    else if (v.kind === 'term') strs.add(v.value).add(ctx.expand(v.value));
    else strs.add(v.value);
  }
  const a = ctx.alias;
  const parts: SqlFragment[] = [];
  if (strs.size > 0) parts.push(inList(`${a}.str`, [...strs]));
  for (const [set, kind] of [
    [nums, numberRow],
    [instants, instantRow],
  ] as const) {
    if (set.size === 0) continue;
    const f = inList(`${a}.num`, [...set]);
    parts.push(fragment(`(${f.sql} AND ${kind(ctx)})`, f.params));
  }
  return joinFragments('OR', parts);
}

/** `>`, `>=`, `<`, `<=` against a number, date-time, string, date or time. */
export function ordered(ctx: RowContext, op: ComparisonOp, v: QScalar): SqlFragment {
  const a = ctx.alias;
  if (v.kind === 'number') return fragment(`(${a}.num ${op} ? AND ${numberRow(ctx)})`, [v.value]);
  if (v.kind === 'dateTime') return fragment(`(${a}.num ${op} ? AND ${instantRow(ctx)})`, [v.ms]);
  return fragment(`${ctx.hooks.orderedText(`${a}.str`)} ${op} ?`, [v.value]);
}

/** `min..max`, bounds included. */
export function inRange(ctx: RowContext, r: QRange): SqlFragment {
  const a = ctx.alias;
  const { min, max } = r;
  if (min.kind === 'number' && max.kind === 'number') {
    return fragment(`(${a}.num BETWEEN ? AND ? AND ${numberRow(ctx)})`, [min.value, max.value]);
  }
  if (min.kind === 'dateTime' && max.kind === 'dateTime') {
    return fragment(`(${a}.num BETWEEN ? AND ? AND ${instantRow(ctx)})`, [min.ms, max.ms]);
  }
  return fragment(`${ctx.hooks.orderedText(`${a}.str`)} BETWEEN ? AND ?`, [min.value, max.value]);
}

/** The row matches the right-hand side of `==` (or, negated by the caller, of `!=`). */
export function matches(ctx: RowContext, value: QValue): SqlFragment {
  if (value.kind === 'range') return inRange(ctx, value);
  return equalsAny(ctx, value.kind === 'list' ? value.items : [value]);
}

/** `~=`: a string value matching the regular expression. */
export function matchesPattern(ctx: RowContext, pattern: string): SqlFragment {
  return fragment(ctx.hooks.regexMatch(`${ctx.alias}.str`), [pattern]);
}
