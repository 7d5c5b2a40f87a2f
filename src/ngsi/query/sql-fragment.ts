import type { SqlFilter } from '../entity/entity-reads.js';

/**
 * A piece of SQL for a WHERE clause, with `?` placeholders and their values in order: the filters
 * entity queries take (`SqlFilter`, with its marks for type filters, probes and q lookups).
 */
export type SqlFragment = SqlFilter;

export const fragment = (sql: string, params: unknown[] = []): SqlFragment => ({ sql, params });

/** Joins fragments with AND or OR, parenthesised; an empty AND is true and an empty OR false. */
export function joinFragments(op: 'AND' | 'OR', parts: readonly SqlFragment[]): SqlFragment {
  if (parts.length === 0) return fragment(op === 'AND' ? '1 = 1' : '1 = 0');
  if (parts.length === 1) return parts[0]!;
  return fragment(
    `(${parts.map((p) => p.sql).join(` ${op} `)})`,
    parts.flatMap((p) => p.params),
  );
}

/** `?, ?, ?` for n values. */
export const placeholders = (n: number): string => Array.from({ length: n }, () => '?').join(', ');
