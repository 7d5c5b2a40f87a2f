// @context handling of the NGSI-LD broker (CIM 009 §5.5.7, §6.3.5, §5.13): bundled contexts, the
// document loader, the cached context resolver, Link headers and the /jsonldContexts registry.
export { createContextResolver } from './context-resolver.js';
export type { ContextResolver, ContextResolverOptions } from './context-resolver.js';
export type { ActiveContext } from './active-context.js';
export type { ContextValue } from './context-value.js';
export { parseLinkHeader, formatLinkHeader, jsonLdContextRel } from './link-header.js';
export {
  coreContextUrl,
  isBundledContextUrl,
  isCoreContextUrl,
  bundledContextUrls,
} from './bundled-contexts.js';
export { createContextRegistry, parseContextKind } from './context-registry.js';
export type {
  ContextRegistry,
  ContextRegistryOptions,
  ContextDocument,
  AddedContext,
} from './context-registry.js';
export { contextKinds } from './context-metadata.js';
export type { ContextKind, ContextMetadata } from './context-metadata.js';
export { createMemoryContextRegistry } from './memory-context-registry.js';
export type { SqlExecutor, StoredContextKind } from './hosted-context-store.js';
