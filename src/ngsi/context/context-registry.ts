import { createHash, randomUUID } from 'node:crypto';
import { DothiError, badRequestData, notFound } from '../../kernel/index.js';
import type { Clock } from '../../kernel/index.js';
import { coreContextLocalId, coreContextUrl, isBundledContextUrl } from './bundled-contexts.js';
import { createCachedContexts } from './cached-contexts.js';
import { cachedMetadata, contextKinds, coreMetadata, storedMetadata } from './context-metadata.js';
import type { ContextKind, ContextMetadata, CoreUsage } from './context-metadata.js';
import type { FetchedContext } from './fetch-context-document.js';
import { createSqlHostedStore } from './hosted-context-store.js';
import type {
  HostedContextStore,
  SqlExecutor,
  StoredContextKind,
  StoredContextRow,
} from './hosted-context-store.js';
import { hostedId, hostedUrl } from './hosted-url.js';
import { usageCounter } from './usage-counter.js';

export interface ContextDocument {
  '@context': unknown;
}

export interface AddedContext {
  id: string;
  /** Where the broker serves it (the Location of CIM 009 §6.29.3.1's 201 answer). */
  url: string;
}

/** Storage behind the `/ngsi-ld/v1/jsonldContexts` API (CIM 009 V1.8 §5.13, "@context Source Management"). */
export interface ContextRegistry {
  /** §5.13.2: `body` is the request payload, a JSON object with an "@context" member. */
  add(body: unknown, kind?: StoredContextKind): Promise<AddedContext>;
  /** §5.13.3 with details=false: the URLs of the stored @contexts. */
  list(opts?: { kind?: ContextKind }): Promise<string[]>;
  /** §5.13.3 with details=true. */
  listDetails(opts?: { kind?: ContextKind }): Promise<ContextMetadata[]>;
  /** §5.13.4 with details=false: the document of a Hosted or ImplicitlyCreated @context. */
  get(idOrUrl: string): Promise<ContextDocument>;
  /** §5.13.4 with details=true. */
  getDetails(idOrUrl: string): Promise<ContextMetadata>;
  /** §5.13.5: removes a stored @context; with `reload`, downloads a Cached one again instead. */
  delete(idOrUrl: string, opts?: { reload?: boolean }): Promise<void>;
  /** Writes usage counts of stored @contexts to the database (call it periodically and at shutdown). */
  flushUsage(): Promise<void>;

  // What the context resolver uses; not for HTTP handlers.
  hostedDocument(url: string): Promise<Record<string, unknown> | undefined>;
  cachedDocument(url: string): FetchedContext | undefined;
  cacheDocument(url: string, fetched: FetchedContext): void;
  recordUse(url: string): void;
  onChange(listener: () => void): () => void;
  /** Done once by `createContextResolver`: how to download a context again, and how long to keep it. */
  attachFetcher(fetcher: (url: string) => Promise<FetchedContext>, ttlMs: number): void;
}

export interface ContextRegistryOptions {
  /** The broker's public base URL, used to build the URL of a Hosted @context. */
  baseUrl?: string;
  /** How many remote @contexts are kept in memory at most. */
  maxCached?: number;
}

/** The validated `kind` query parameter of §5.13.3. */
export function parseContextKind(value: string | undefined): ContextKind | undefined {
  if (value === undefined) return undefined;
  const kind = contextKinds.find((k) => k === value);
  if (kind === undefined) throw badRequestData(`kind must be one of ${contextKinds.join(', ')}`);
  return kind;
}

export function createContextRegistry(
  db: SqlExecutor,
  clock: Clock,
  opts: ContextRegistryOptions = {},
): ContextRegistry {
  return buildContextRegistry(createSqlHostedStore(db), clock, opts);
}

export function buildContextRegistry(
  store: HostedContextStore,
  clock: Clock,
  opts: ContextRegistryOptions = {},
): ContextRegistry {
  const base = opts.baseUrl ?? 'http://localhost:1026';
  const cached = createCachedContexts(clock, opts.maxCached ?? 1000);
  const usage = usageCounter();
  const core: CoreUsage = { createdAt: clock.now(), hits: 0, lastUsage: undefined };
  const listeners = new Set<() => void>();
  let fetcher: ((url: string) => Promise<FetchedContext>) | undefined;
  let ttlMs = 0;

  const urlOf = (id: string) => hostedUrl(base, id);
  const changed = () => listeners.forEach((listener) => listener());
  const stored = (row: StoredContextRow) => storedMetadata(row, urlOf(row.id), usage.pending(row.id));

  const storedRow = async (idOrUrl: string) => store.get(hostedId(idOrUrl) ?? idOrUrl);
  const isCore = (idOrUrl: string) => idOrUrl === coreContextUrl || idOrUrl === coreContextLocalId;

  async function listDetails(filter: { kind?: ContextKind } = {}): Promise<ContextMetadata[]> {
    const kind = filter.kind;
    const rows = kind === 'Cached' ? [] : await store.list(kind);
    const remote =
      kind === undefined || kind === 'Cached'
        ? [coreMetadata(core), ...cached.all().map(cachedMetadata)]
        : [];
    return [...rows.map(stored), ...remote];
  }

  return {
    async add(body, kind = 'Hosted') {
      const text = JSON.stringify({ '@context': contextMember(body) });
      // An implicitly created @context is named after its content, so the same inline @context is
      // stored once however often clients send it.
      const id =
        kind === 'Hosted' ? randomUUID() : createHash('sha256').update(text).digest('hex').slice(0, 32);
      await store.insert({ id, kind, body: text, createdAt: clock.isoNow(), lastUsage: null, hits: 0 });
      return { id, url: urlOf(id) };
    },
    list: async (filter) => (await listDetails(filter)).map((m) => m.URL),
    listDetails,
    async get(idOrUrl) {
      if (isCore(idOrUrl) || cached.find(idOrUrl) !== undefined) {
        // OpenAPI of CIM 009 §5.13.4: 422 when the @context is of kind Cached; it is served by its origin.
        throw new DothiError(
          'OPERATION_NOT_SUPPORTED',
          `@context ${idOrUrl} is Cached; only its details can be served`,
        );
      }
      const row = await storedRow(idOrUrl);
      if (row === undefined) throw notFound(`no @context ${idOrUrl}`);
      usage.add(row.id, clock.now());
      return JSON.parse(row.body) as ContextDocument;
    },
    async getDetails(idOrUrl) {
      if (isCore(idOrUrl)) return coreMetadata(core);
      const entry = cached.find(idOrUrl);
      if (entry !== undefined) return cachedMetadata(entry);
      const row = await storedRow(idOrUrl);
      if (row === undefined) throw notFound(`no @context ${idOrUrl}`);
      return stored(row);
    },
    async delete(idOrUrl, { reload = false } = {}) {
      // CIM 009 §5.13.5: the core @context cannot be removed. BadRequestData, as Orion-LD answers.
      if (isCore(idOrUrl)) throw badRequestData('the NGSI-LD core @context cannot be deleted');
      const entry = cached.find(idOrUrl);
      if (entry !== undefined) {
        if (reload) {
          if (fetcher === undefined)
            throw new DothiError('LD_CONTEXT_NOT_AVAILABLE', `cannot download ${entry.url}`);
          // The old copy stays until the new one has arrived: a failed reload (503) loses nothing.
          cached.put(entry.url, await fetcher(entry.url), ttlMs);
        } else {
          cached.remove(entry.url);
        }
        return changed();
      }
      // §5.13.5: reload means "download again", which only a Cached @context has an origin for.
      if (reload) throw badRequestData(`@context ${idOrUrl} is not of kind Cached and cannot be reloaded`);
      const id = hostedId(idOrUrl) ?? idOrUrl;
      if (!(await store.remove(id))) throw notFound(`no @context ${idOrUrl}`);
      usage.forget(id);
      changed();
    },
    async flushUsage() {
      for (const [id, { hits, lastUsage }] of usage.drain()) {
        await store.addUsage(id, hits, new Date(lastUsage).toISOString());
      }
    },
    async hostedDocument(url) {
      const id = hostedId(url);
      const row = id === undefined ? undefined : await store.get(id);
      return row === undefined ? undefined : (JSON.parse(row.body) as Record<string, unknown>);
    },
    cachedDocument: (url) => cached.get(url),
    cacheDocument: (url, fetched) => cached.put(url, fetched, ttlMs),
    recordUse(url) {
      const now = clock.now();
      if (url === coreContextUrl) {
        core.hits += 1;
        core.lastUsage = now;
      } else if (!isBundledContextUrl(url) && !cached.touch(url)) {
        const id = hostedId(url);
        if (id !== undefined) usage.add(id, now);
      }
    },
    onChange(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    attachFetcher(fn, ttl) {
      fetcher = fn;
      ttlMs = ttl;
    },
  };
}

function contextMember(body: unknown): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body) || !('@context' in body)) {
    throw badRequestData('the payload must be a JSON object with an "@context" member');
  }
  const context = (body as { '@context': unknown })['@context'];
  const entries = Array.isArray(context) ? context : [context];
  const valid = (e: unknown) =>
    typeof e === 'string' || (typeof e === 'object' && e !== null && !Array.isArray(e));
  if (entries.length === 0 || !entries.every(valid)) {
    throw badRequestData('"@context" must be a URL, an object, or an array of URLs and objects');
  }
  return context;
}
