import type { Lookups } from '../entity/entity-reads.js';

/** A piece of SQL for a WHERE clause, with `?` placeholders and their values in order. */
export interface SqlFragment {
  sql: string;
  params: unknown[];
  /**
   * Set on a filter that means exactly "has one of these entity types" (expanded IRIs), so that a
   * query may read the matching keys from `entity_types` instead (see `QueryHooks.keySource`).
   */
  types?: readonly string[];
  /** Set on a filter tested entity by entity, which no index can serve (a pattern, an EXISTS probe). */
  probe?: true;
  /** Set on a q that is driven from index lookups (see `Lookups`). */
  lookups?: Lookups;
}

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
