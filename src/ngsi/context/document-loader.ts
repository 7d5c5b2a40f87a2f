import type { Logger } from '../../kernel/index.js';
import { bundledDocument } from './bundled-contexts.js';
import type { ContextRegistry } from './context-registry.js';
import type { FetchedContext } from './fetch-context-document.js';
import type { LdDocumentLoader, LdRemoteDocument } from './jsonld-port.js';

export interface DocumentLoaderDeps {
  registry: ContextRegistry;
  /** Downloads a remote context; throws LD_CONTEXT_NOT_AVAILABLE (also when fetching is disabled). */
  fetch(url: string): Promise<FetchedContext>;
  log?: Logger | undefined;
}

/** Where a document came from: `remote` ones (hosted, cached, fetched) can change or expire. */
export type DocumentSource = 'bundled' | 'remote';

/**
 * The jsonld.js document loader: bundled contexts first, then the broker's own hosted contexts, then
 * cached downloads, and only then a download. Concurrent loads of one URL share one download.
 */
export function createDocumentLoader(deps: DocumentLoaderDeps) {
  const inFlight = new Map<string, Promise<FetchedContext>>();

  const download = (url: string): Promise<FetchedContext> => {
    let pending = inFlight.get(url);
    if (pending === undefined) {
      pending = deps.fetch(url).then(
        (fetched) => {
          deps.registry.cacheDocument(url, fetched);
          deps.log?.debug({ url }, '@context downloaded');
          return fetched;
        },
        (err: unknown) => {
          // Usually the client's doing (a wrong URL), so not a warning about the broker.
          deps.log?.info({ url, err }, '@context download failed');
          throw err;
        },
      );
      pending = pending.finally(() => inFlight.delete(url));
      inFlight.set(url, pending);
    }
    return pending;
  };

  const find = async (url: string): Promise<[FetchedContext, DocumentSource]> => {
    const bundled = bundledDocument(url);
    if (bundled !== undefined) return [{ documentUrl: url, document: bundled }, 'bundled'];
    const hosted = await deps.registry.hostedDocument(url);
    if (hosted !== undefined) return [{ documentUrl: url, document: hosted }, 'remote'];
    return [deps.registry.cachedDocument(url) ?? (await download(url)), 'remote'];
  };

  /** A loader for one context resolution; `onLoad` learns where each document came from. */
  return (onLoad: (source: DocumentSource) => void): LdDocumentLoader =>
    async (url): Promise<LdRemoteDocument> => {
      const [found, source] = await find(url);
      onLoad(source);
      // jsonld.js resolves relative URLs in place: it gets a copy, never our cached document.
      return {
        contextUrl: undefined,
        documentUrl: found.documentUrl,
        document: structuredClone(found.document),
      };
    };
}
