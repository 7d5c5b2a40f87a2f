// A subscription made ready for matching: regular expressions built, q and scopeQ compiled to one
// SQL condition on `entities e`, geoQ parsed; and the @context its notifications are compacted with.
import type { QueryHooks } from '../../store/index.js';
import type { TermMapper } from '../entity/term-mapper.js';
import { parseGeoQuery, type GeoQuery } from '../geoquery/index.js';
import {
  compileQ,
  compileScopeQ,
  joinFragments,
  parseQ,
  parseScopeQ,
  type SqlFragment,
} from '../query/index.js';
import type { Subscription } from './model.js';
import { typeMatcher } from './type-selector.js';

export interface CompiledSubscription {
  readonly tenant: string;
  readonly sub: Subscription;
  readonly terms: TermMapper;
  readonly idPatterns: ReadonlyArray<RegExp | undefined>;
  /** Per selector, whether an entity's types satisfy its type expression. */
  readonly typeMatchers: ReadonlyArray<(types: readonly string[]) => boolean>;
  readonly watched: ReadonlySet<string> | undefined;
  /** q and scopeQ together; undefined when the subscription has neither. */
  readonly filter: SqlFragment | undefined;
  readonly geo: GeoQuery | undefined;
  /** expiresAt in epoch milliseconds. */
  readonly expiresAtMs: number | undefined;
}

function compileFilter(sub: Subscription, hooks: QueryHooks): SqlFragment | undefined {
  const parts: SqlFragment[] = [];
  if (sub.q !== undefined) {
    const names = sub.qNames ?? {};
    parts.push(compileQ(parseQ(sub.q), (name) => names[name] ?? name, hooks));
  }
  if (sub.scopeQ !== undefined) parts.push(compileScopeQ(parseScopeQ(sub.scopeQ), hooks));
  return parts.length === 0 ? undefined : joinFragments('AND', parts);
}

export function compileSubscription(
  tenant: string,
  sub: Subscription,
  terms: TermMapper,
  hooks: QueryHooks,
): CompiledSubscription {
  return {
    tenant,
    sub,
    terms,
    idPatterns: (sub.entities ?? []).map((e) =>
      e.idPattern === undefined ? undefined : new RegExp(e.idPattern),
    ),
    typeMatchers: (sub.entities ?? []).map((e) => typeMatcher(e.type)),
    watched: sub.watchedAttributes === undefined ? undefined : new Set(sub.watchedAttributes),
    filter: compileFilter(sub, hooks),
    // The stored geoproperty is already an IRI: expansion is the identity.
    geo: sub.geoQ === undefined ? undefined : parseGeoQuery(sub.geoQ, (t) => t),
    expiresAtMs: sub.expiresAt === undefined ? undefined : Date.parse(sub.expiresAt),
  };
}
