import { coreIri } from './model.js';

export const renderFormats = ['normalized', 'concise', 'keyValues'] as const;
export type RenderFormat = (typeof renderFormats)[number];

/** An `@context` value as it appears in a JSON-LD document. */
export type ContextValue =
  string | Readonly<Record<string, unknown>> | ReadonlyArray<string | Readonly<Record<string, unknown>>>;

/**
 * How to show entities (CIM 009 §4.5, §4.15, §4.21, §6.3.7). Attribute names in the sets are
 * expanded IRIs; `pick` and `omit` may also hold the entity members 'id' and 'type' (V1.8), and the
 * scope by its IRI (or 'scope').
 */
export interface RenderOptions {
  /** normalized, concise (§4.5.x) or keyValues, the simplified representation (§4.5.4). */
  format: RenderFormat;
  /** Adds createdAt and modifiedAt to the entity and, except in keyValues, to every instance. */
  sysAttrs: boolean;
  /** The `attrs` parameter: attributes to show; id, type and scope are always shown. */
  attrs?: ReadonlySet<string>;
  /** V1.8 `pick`: the only members to show. Without 'id' or 'type' in it, those are left out. */
  pick?: ReadonlySet<string>;
  /** V1.8 `omit`: members to leave out. */
  omit?: ReadonlySet<string>;
  /** §4.15: a language tag, or a list with q-values ("fr,en;q=0.8", "*"): LanguageProperty → Property. */
  lang?: string;
  /** Only these instances; '@none' selects the default instance. */
  datasetId?: readonly string[];
  /** Adds an "@context" member (application/ld+json responses). */
  includeContext?: ContextValue;
}

/** Whether entity member `name` ('id', 'type', or the scope) survives pick and omit. */
export function showsMember(opts: RenderOptions, name: string): boolean {
  if (opts.pick !== undefined && !opts.pick.has(name)) return false;
  return opts.omit === undefined || !opts.omit.has(name);
}

export function showsScope(opts: RenderOptions): boolean {
  const picked = opts.pick === undefined || opts.pick.has(coreIri.scope) || opts.pick.has('scope');
  return picked && (opts.omit === undefined || !(opts.omit.has(coreIri.scope) || opts.omit.has('scope')));
}

/** Whether the attribute with expanded name `iri` is shown. */
export function showsAttribute(opts: RenderOptions, iri: string): boolean {
  if (opts.attrs !== undefined && !opts.attrs.has(iri)) return false;
  return showsMember(opts, iri);
}
