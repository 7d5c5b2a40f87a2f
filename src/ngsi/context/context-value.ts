import { badRequestData } from '../../kernel/index.js';
import { coreContextUrl, isCoreContextUrl } from './bundled-contexts.js';

/** A JSON-LD @context as a client gives it: one URL, one inline object, or a list of both. */
export type ContextValue = string | Record<string, unknown> | Array<string | Record<string, unknown>>;
export type ContextEntry = string | Record<string, unknown>;

/** A user @context reduced to its list of entries, without any core context URL. */
export interface UserContext {
  readonly entries: readonly ContextEntry[];
  /** Stable cache key: the JSON text of `entries`. */
  readonly key: string;
  /** What responses echo as "@context": the user entries followed by the core URL. */
  readonly echo: ContextValue;
  /** A URL for a Link header when the user context is one URL (the core URL when there is none). */
  readonly linkUrl: string | undefined;
}

/**
 * Validates and normalises a client @context. Core context URLs of any version are dropped: the
 * broker always appends its own core (CIM 009 §5.5.7), and a second copy of another version would
 * only clash with it.
 */
export function toUserContext(value: unknown): UserContext {
  const entries = listEntries(value).filter((e) => typeof e !== 'string' || !isCoreContextUrl(e));
  const first = entries[0];
  return {
    entries,
    key: JSON.stringify(entries),
    echo: first === undefined ? coreContextUrl : [...entries, coreContextUrl],
    linkUrl:
      first === undefined
        ? coreContextUrl
        : entries.length === 1 && typeof first === 'string'
          ? first
          : undefined,
  };
}

function listEntries(value: unknown): ContextEntry[] {
  if (value === undefined || value === null) return [];
  const list: unknown[] = Array.isArray(value) ? value : [value];
  return list.map(checkEntry);
}

function checkEntry(entry: unknown): ContextEntry {
  if (typeof entry === 'string') {
    if (!URL.canParse(entry)) throw badRequestData(`@context entry "${entry}" is not an absolute URL`);
    return entry;
  }
  if (typeof entry === 'object' && entry !== null && !Array.isArray(entry))
    return entry as Record<string, unknown>;
  throw badRequestData('an @context must be a URL, an object, or an array of URLs and objects');
}
