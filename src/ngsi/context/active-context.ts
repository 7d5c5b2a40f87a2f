import { coreContextUrl } from './bundled-contexts.js';
import type { ContextValue, UserContext } from './context-value.js';
import { compactIri, expandIri, termsByIri } from './jsonld-port.js';
import type { LdActiveContext } from './jsonld-port.js';

/** A resolved @context (user context + core), ready to translate names both ways. */
export interface ActiveContext {
  /** Stable cache key. */
  readonly key: string;
  /** The "@context" to echo in responses: the user context list (URLs/objects) followed by the core URL. */
  readonly value: ContextValue;
  /** A URL for a Link header when the user context is one URL (the core URL when there is none); else undefined. */
  readonly linkUrl: string | undefined;
  /** The broker's core context URL (the same for every active context). */
  readonly coreUrl: string;
  /** Attribute or type name → IRI: terms, compact IRIs ("prefix:x"), absolute IRIs as they are, else @vocab. */
  expand(term: string): string;
  /** IRI → the best term of this context, a compact IRI, a bare @vocab term, or the IRI unchanged. */
  compact(iri: string): string;
}

// Names come from clients: memo tables are bounded so that a stream of new names cannot grow them
// without limit. Past the bound a table starts over, which costs one jsonld.js lookup per name.
const maxMemo = 10_000;

export function createActiveContext(user: UserContext, ld: LdActiveContext): ActiveContext {
  const expanded = new Map<string, string>();
  const compacted = new Map<string, string>();
  let terms: Map<string, string> | undefined;
  return {
    key: user.key,
    value: user.echo,
    linkUrl: user.linkUrl,
    coreUrl: coreContextUrl,
    expand(term) {
      let iri = expanded.get(term);
      if (iri === undefined) {
        // A term mapped to null (explicitly unmapped) has no IRI; it is kept as it is.
        iri = expandIri(ld, term) ?? term;
        remember(expanded, term, iri);
      }
      return iri;
    },
    compact(iri) {
      let term = compacted.get(iri);
      if (term === undefined) {
        terms ??= termsByIri(ld);
        term = terms.get(iri) ?? compactIri(ld, iri);
        remember(compacted, iri, term);
      }
      return term;
    },
  };
}

function remember(memo: Map<string, string>, key: string, value: string): void {
  if (memo.size >= maxMemo) memo.clear();
  memo.set(key, value);
}
