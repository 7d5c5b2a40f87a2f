import { attributeTypes, CORE } from './model.js';

/**
 * The slice of an active @context that parsing and rendering need: term → IRI and back.
 * The context module's ActiveContext satisfies it structurally (STYLE.md §5).
 */
export interface TermMapper {
  expand(term: string): string;
  compact(iri: string): string;
}

/** Default vocabulary of the NGSI-LD core @context (`@vocab`). */
export const DEFAULT_VOCAB = `${CORE}default-context/`;

const coreTerms = [
  'location',
  'observationSpace',
  'operationSpace',
  'observedAt',
  'createdAt',
  'modifiedAt',
  'deletedAt',
  'unitCode',
  'datasetId',
  'scope',
  ...attributeTypes,
  'DateTime',
  'Date',
  'Time',
] as const;

/**
 * A TermMapper with the core @context only: core terms map to `https://uri.etsi.org/ngsi-ld/…`,
 * other terms to the default vocabulary, and anything with a ':' is taken as an IRI. Meant for
 * tests and fixtures; the broker uses the context module's ActiveContext.
 */
export function coreTermMapper(extra: Readonly<Record<string, string>> = {}): TermMapper {
  const toIri = new Map<string, string>();
  for (const t of coreTerms) toIri.set(t, CORE + t);
  for (const [t, iri] of Object.entries(extra)) toIri.set(t, iri);
  const toTerm = new Map<string, string>();
  for (const [t, iri] of toIri) toTerm.set(iri, t);
  return {
    expand(term) {
      const known = toIri.get(term);
      if (known !== undefined) return known;
      if (term.includes(':')) return term;
      const iri = DEFAULT_VOCAB + term;
      toIri.set(term, iri);
      toTerm.set(iri, term);
      return iri;
    },
    compact(iri) {
      const known = toTerm.get(iri);
      if (known !== undefined) return known;
      return iri.startsWith(DEFAULT_VOCAB) ? iri.slice(DEFAULT_VOCAB.length) : iri;
    },
  };
}
