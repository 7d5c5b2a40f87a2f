import { DothiError, badRequestData } from '../../kernel/index.js';

export interface FetchContextOptions {
  timeoutMs: number;
  maxBytes: number;
  fetchImpl: typeof fetch;
}

export interface FetchedContext {
  /** The URL the document came from after redirects (the base for relative URLs inside it). */
  documentUrl: string;
  document: Record<string, unknown>;
}

const accept = 'application/ld+json, application/json;q=0.9, */*;q=0.1';

// CIM 009 §5.5.2 / §6.3.5: a remote @context that cannot be retrieved is LdContextNotAvailable (503).
const unavailable = (detail: string) => new DothiError('LD_CONTEXT_NOT_AVAILABLE', detail);

/**
 * Downloads one remote @context: http(s) only, answered with 2xx and JSON within `timeoutMs` (the
 * whole exchange, body included), and at most `maxBytes` long, counted while the body streams.
 */
export async function fetchContextDocument(url: string, opts: FetchContextOptions): Promise<FetchedContext> {
  const target = httpUrl(url);
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), opts.timeoutMs);
  try {
    const res = await opts.fetchImpl(target, {
      signal: abort.signal,
      headers: { accept },
      redirect: 'follow',
    });
    if (!res.ok) throw unavailable(`@context ${url}: the server answered HTTP ${res.status}`);
    checkContentType(url, res.headers.get('content-type'));
    const declared = Number(res.headers.get('content-length') ?? Number.NaN);
    if (declared > opts.maxBytes) throw tooLarge(url, opts.maxBytes);
    const text = await readLimited(res, url, opts.maxBytes, abort);
    return { documentUrl: res.url === '' ? url : res.url, document: parseObject(url, text) };
  } catch (err) {
    if (err instanceof DothiError) throw err;
    if (abort.signal.aborted)
      throw unavailable(`@context ${url}: no complete answer within ${opts.timeoutMs} ms`);
    throw unavailable(`@context ${url} could not be retrieved: ${describe(err)}`);
  } finally {
    clearTimeout(timer);
  }
}

function httpUrl(url: string): URL {
  // URL.canParse, not URL.parse: the latter needs Node >= 20.18.
  const parsed = URL.canParse(url) ? new URL(url) : undefined;
  if (parsed === undefined || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
    throw unavailable(`@context ${url}: only http and https URLs are fetched`);
  }
  return parsed;
}

// JSON only. text/plain is accepted because raw.githubusercontent.com, where many contexts live,
// serves .jsonld files as text/plain; the body must still parse as JSON.
function checkContentType(url: string, contentType: string | null): void {
  if (contentType === null) return;
  const mediaType = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  if (/^application\/([\w.+-]+\+)?json$|^application\/ld\+json$|^text\/plain$/.test(mediaType)) return;
  throw unavailable(`@context ${url}: answered ${mediaType}, not JSON`);
}

async function readLimited(
  res: Response,
  url: string,
  maxBytes: number,
  abort: AbortController,
): Promise<string> {
  if (res.body === null) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      abort.abort();
      await reader.cancel().catch(() => undefined);
      throw tooLarge(url, maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseObject(url: string, text: string): Record<string, unknown> {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw unavailable(`@context ${url}: the body is not JSON`);
  }
  // Retrieved, but not a JSON-LD context document: the data is wrong, not the network.
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw badRequestData(`@context ${url}: the document is not a JSON object`);
  }
  return doc as Record<string, unknown>;
}

const tooLarge = (url: string, maxBytes: number) =>
  unavailable(`@context ${url}: the document is larger than ${maxBytes} bytes`);

function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = err.cause instanceof Error ? err.cause : undefined;
  const code = cause !== undefined && 'code' in cause ? ` (${String(cause.code)})` : '';
  return `${cause?.message ?? err.message}${code}`;
}
