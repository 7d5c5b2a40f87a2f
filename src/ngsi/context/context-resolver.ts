import { guardedFetch } from './guarded-fetch.js';
import { DothiError, badRequestData, createLruCache, isDothiError, systemClock } from '../../kernel/index.js';
import type { Clock, Logger } from '../../kernel/index.js';
import { createActiveContext } from './active-context.js';
import type { ActiveContext } from './active-context.js';
import { coreContextDefinition, coreContextUrl } from './bundled-contexts.js';
import type { ContextRegistry } from './context-registry.js';
import { toUserContext } from './context-value.js';
import type { ContextValue, UserContext } from './context-value.js';
import { createDocumentLoader } from './document-loader.js';
import type { DocumentSource } from './document-loader.js';
import { fetchContextDocument } from './fetch-context-document.js';
import { isJsonLdError, processWithCore } from './jsonld-port.js';
import type { LdDocumentLoader } from './jsonld-port.js';
import { createMemoryContextRegistry } from './memory-context-registry.js';

export interface ContextResolver {
  /** The active context for a client @context; undefined (or null) means the core context only. */
  resolve(value: ContextValue | undefined, tenant?: string): Promise<ActiveContext>;
  /** The core-only active context, synchronously. */
  core(): ActiveContext;
}

export interface ContextResolverOptions {
  /** Whether contexts that are neither bundled nor hosted may be downloaded. */
  fetchEnabled: boolean;
  timeoutMs: number;
  maxBytes: number;
  /** How long downloaded contexts (and active contexts built from them) are kept; 0 keeps none. */
  cacheTtlS: number;
  registry?: ContextRegistry;
  /** Hosts that may be fetched although they resolve to private addresses (default fetch only). */
  privateHosts?: readonly string[];
  fetchImpl?: typeof fetch;
  log?: Logger;
  clock?: Clock;
  /** How many distinct active contexts are kept. */
  maxActiveContexts?: number;
}

const noFetch: LdDocumentLoader = async (url) => {
  throw new Error(`the core context needs no document, yet ${url} was asked for`);
};

// The core-only active context is built once, when this module loads, so that `core()` is synchronous.
const coreUser = toUserContext(undefined);
const coreActive = createActiveContext(coreUser, await processWithCore([], coreContextDefinition(), noFetch));

interface Entry {
  context: ActiveContext;
  expiresAt: number;
}

export function createContextResolver(opts: ContextResolverOptions): ContextResolver {
  const clock = opts.clock ?? systemClock;
  const ttlMs = opts.cacheTtlS * 1000;
  const registry = opts.registry ?? createMemoryContextRegistry(clock);
  const fetchImpl = opts.fetchImpl ?? guardedFetch(opts.privateHosts);
  const limits = { timeoutMs: opts.timeoutMs, maxBytes: opts.maxBytes, fetchImpl };
  const download = async (url: string) => {
    if (!opts.fetchEnabled) {
      throw new DothiError(
        'LD_CONTEXT_NOT_AVAILABLE',
        `@context ${url} is not available: fetching is disabled`,
      );
    }
    return fetchContextDocument(url, limits);
  };
  registry.attachFetcher(download, ttlMs);
  const loaderFor = createDocumentLoader({ registry, fetch: download, log: opts.log });
  const cache = createLruCache<string, Entry>(opts.maxActiveContexts ?? 1000);
  const building = new Map<string, Promise<Entry>>();
  // A deleted or reloaded stored context may be part of any cached active context; a build that was
  // under way when it changed is not cached either (`generation`).
  let generation = 0;
  registry.onChange(() => {
    generation += 1;
    cache.clear();
  });

  const build = async (user: UserContext): Promise<Entry> => {
    const startedIn = generation;
    let remote = false;
    const loader = loaderFor((source: DocumentSource) => {
      remote ||= source === 'remote';
    });
    const ld = await processWithCore(user.entries, coreContextDefinition(), loader).catch((err: unknown) => {
      throw toContextError(err);
    });
    const context = createActiveContext(user, ld);
    const expiresAt = remote ? clock.now() + ttlMs : Number.POSITIVE_INFINITY;
    // With a TTL of 0 nothing downloaded is kept, including what was built from it.
    if (expiresAt > clock.now() && startedIn === generation) cache.set(user.key, { context, expiresAt });
    return { context, expiresAt };
  };

  const cachedEntry = (key: string) => {
    const entry = cache.get(key);
    if (entry === undefined || entry.expiresAt > clock.now()) return entry;
    cache.delete(key);
    return undefined;
  };

  const recordUses = (user: UserContext) => {
    registry.recordUse(coreContextUrl);
    for (const entry of user.entries) if (typeof entry === 'string') registry.recordUse(entry);
  };

  return {
    core: () => coreActive,
    // Hosted contexts are not separated by tenant (the jsonld_contexts table has no tenant column).
    async resolve(value, _tenant) {
      const user = toUserContext(value);
      if (user.entries.length === 0) {
        recordUses(user);
        return coreActive;
      }
      let entry = cachedEntry(user.key);
      if (entry === undefined) {
        let pending = building.get(user.key);
        if (pending === undefined) {
          pending = build(user).finally(() => building.delete(user.key));
          building.set(user.key, pending);
        }
        entry = await pending;
      }
      recordUses(user);
      return entry.context;
    },
  };
}

/**
 * A DothiError raised by the loader (unreachable context: LD_CONTEXT_NOT_AVAILABLE) is passed on;
 * jsonld.js wraps it in its own error. Any other JSON-LD processing error means the @context was
 * retrieved but is not a valid JSON-LD context: CIM 009 §5.5.2 BadRequestData ("input data which does
 * not meet the requirements of the operation"), since the request itself is syntactically valid JSON;
 * InvalidRequest is kept for payloads that are not JSON at all.
 */
function toContextError(err: unknown): unknown {
  const cause = dothiCause(err);
  if (cause !== undefined) return cause;
  if (isJsonLdError(err)) return badRequestData(`invalid @context: ${err.message}`);
  return err;
}

function dothiCause(err: unknown): DothiError | undefined {
  for (let e = err, depth = 0; e !== undefined && e !== null && depth < 10; depth += 1) {
    if (isDothiError(e)) return e;
    const details = (e as { details?: { cause?: unknown } }).details;
    e = details?.cause ?? (e as { cause?: unknown }).cause;
  }
  return undefined;
}
