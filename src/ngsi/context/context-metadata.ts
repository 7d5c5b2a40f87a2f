import { coreContextLocalId, coreContextUrl } from './bundled-contexts.js';
import type { CachedContext } from './cached-contexts.js';
import type { StoredContextRow } from './hosted-context-store.js';
import type { Usage } from './usage-counter.js';

export const contextKinds = ['Hosted', 'Cached', 'ImplicitlyCreated'] as const;
export type ContextKind = (typeof contextKinds)[number];

/**
 * Metadata of a stored @context, named as the OpenAPI `LdContextMetadata` of CIM 009 §5.13.3.5 names
 * them (the bundled OpenAPI is V1.7.1, where the creation time is `timestamp`).
 */
export interface ContextMetadata {
  URL: string;
  localId: string;
  kind: ContextKind;
  timestamp: string;
  lastUsage?: string;
  numberOfHits: number;
  extraInfo?: Record<string, unknown>;
}

/** Uses of the bundled core context, which every resolution counts. */
export interface CoreUsage {
  createdAt: number;
  hits: number;
  lastUsage: number | undefined;
}

export function storedMetadata(
  row: StoredContextRow,
  url: string,
  pending: Usage | undefined,
): ContextMetadata {
  return withoutUndefined({
    URL: url,
    localId: row.id,
    kind: row.kind,
    timestamp: row.createdAt,
    lastUsage: iso(pending?.lastUsage) ?? row.lastUsage ?? undefined,
    numberOfHits: row.hits + (pending?.hits ?? 0),
  });
}

export function cachedMetadata(entry: CachedContext): ContextMetadata {
  return withoutUndefined({
    URL: entry.url,
    localId: entry.localId,
    kind: 'Cached' as const,
    timestamp: new Date(entry.createdAt).toISOString(),
    lastUsage: iso(entry.lastUsage),
    numberOfHits: entry.hits,
    extraInfo: withoutUndefined({
      expiresAt: new Date(entry.expiresAt).toISOString(),
      documentUrl: entry.documentUrl === entry.url ? undefined : entry.documentUrl,
    }),
  });
}

/** The core context is listed as Cached (it has an origin URL) and marked as bundled with dothi. */
export function coreMetadata(core: CoreUsage): ContextMetadata {
  return withoutUndefined({
    URL: coreContextUrl,
    localId: coreContextLocalId,
    kind: 'Cached' as const,
    timestamp: new Date(core.createdAt).toISOString(),
    lastUsage: iso(core.lastUsage),
    numberOfHits: core.hits,
    extraInfo: { bundled: true },
  });
}

const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
