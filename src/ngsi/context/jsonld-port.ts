import { createRequire } from 'node:module';

// The slice of jsonld.js (v9) that dothi uses, behind one small typed port (STYLE.md §5). Context
// processing goes through the public `processContext`; term expansion and compaction use jsonld.js's
// own `expandIri` / `compactIri` so that dothi follows the JSON-LD 1.1 algorithms exactly instead of
// re-implementing them. @types/jsonld does not declare these, so they are typed here. If a jsonld
// upgrade moves them, this is the one file to change; context-resolver.test.ts will tell.

/** A processed JSON-LD active context (opaque outside this file). */
export interface LdActiveContext {
  readonly mappings: ReadonlyMap<string, unknown>;
}

export interface LdRemoteDocument {
  contextUrl: string | undefined;
  documentUrl: string;
  document: unknown;
}
export type LdDocumentLoader = (url: string) => Promise<LdRemoteDocument>;

interface ProcessOptions {
  documentLoader: LdDocumentLoader;
  base?: string;
  contextResolver?: unknown;
}

interface JsonLdModule {
  processContext(
    active: LdActiveContext | null,
    local: unknown,
    options: ProcessOptions,
  ): Promise<LdActiveContext>;
}
interface ContextModule {
  getInitialContext(options: object): LdActiveContext;
  process(args: {
    activeCtx: LdActiveContext;
    localCtx: unknown;
    options: ProcessOptions;
    overrideProtected?: boolean;
  }): Promise<LdActiveContext>;
  expandIri(active: LdActiveContext, value: string, relativeTo: { vocab: boolean }, options: object): unknown;
}
interface CompactModule {
  compactIri(args: { activeCtx: LdActiveContext; iri: string; relativeTo: { vocab: boolean } }): unknown;
}
type ContextResolverClass = new (args: { sharedCache: Map<string, unknown> }) => object;

const require = createRequire(import.meta.url);
const jsonld = require('jsonld') as JsonLdModule;
const contextApi = require('jsonld/lib/context.js') as ContextModule;
const compactApi = require('jsonld/lib/compact.js') as CompactModule;
const ContextResolver = require('jsonld/lib/ContextResolver.js') as ContextResolverClass;

// jsonld.js keeps resolved inline contexts in this cache (keyed by their JSON text); remote documents
// are never put there because our loader gives them no cache tag, so our own caches stay in charge.
const coreSharedCache = new Map<string, unknown>();

/** Processes `user` (a list of URLs/objects) on the initial context, then `core` on top of it. */
export async function processWithCore(
  user: ReadonlyArray<string | Record<string, unknown>>,
  core: Record<string, unknown>,
  documentLoader: LdDocumentLoader,
): Promise<LdActiveContext> {
  const initial = contextApi.getInitialContext({});
  const active = user.length === 0 ? initial : await jsonld.processContext(initial, user, { documentLoader });
  // CIM 009 §5.5.7: terms of the core @context cannot be overridden. The core is processed last and
  // may replace a term that a user @context declared @protected (JSON-LD would otherwise refuse).
  return contextApi.process({
    activeCtx: active,
    localCtx: { '@context': core },
    options: {
      documentLoader,
      base: '',
      contextResolver: new ContextResolver({ sharedCache: coreSharedCache }),
    },
    overrideProtected: true,
  });
}

/** JSON-LD IRI expansion of a term used as a property or type (vocab-relative). */
export function expandIri(active: LdActiveContext, term: string): string | null {
  const iri = contextApi.expandIri(active, term, { vocab: true }, {});
  return typeof iri === 'string' ? iri : null;
}

/**
 * IRI → term, for every term of the context that maps to an IRI (shortest term first, then the
 * lexicographically least, the order of JSON-LD 1.1 inverse context creation). jsonld.js's own term
 * selection also weighs the value's type: "observedAt" (coerced to DateTime) would not be chosen for a
 * bare IRI. NGSI-LD compacts attribute and type names without looking at values, hence this table.
 */
export function termsByIri(active: LdActiveContext): Map<string, string> {
  const terms = [...active.mappings.entries()].sort(
    ([a], [b]) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0),
  );
  const byIri = new Map<string, string>();
  for (const [term, definition] of terms) {
    const def = definition as { '@id'?: unknown; reverse?: boolean } | null;
    const iri = def?.['@id'];
    if (typeof iri === 'string' && def?.reverse !== true && !byIri.has(iri)) byIri.set(iri, term);
  }
  return byIri;
}

/** JSON-LD IRI compaction (vocab-relative): the best term, compact IRI or the IRI itself. */
export function compactIri(active: LdActiveContext, iri: string): string {
  const term = compactApi.compactIri({ activeCtx: active, iri, relativeTo: { vocab: true } });
  return typeof term === 'string' ? term : iri;
}

export interface LdError {
  name: string;
  message: string;
  details?: { code?: string; cause?: unknown };
}

export function isJsonLdError(err: unknown): err is LdError {
  return err instanceof Error && err.name.startsWith('jsonld.');
}
