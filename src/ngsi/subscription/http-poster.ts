// The slice of HTTP the notifier uses (STYLE.md §5), implemented with undici: one pool of
// keep-alive connections per origin, shared by every notification to it, so that a notification
// costs a request on an open connection rather than a connection, and none of the WHATWG streams
// and headers objects of fetch.
import { Agent } from 'undici';

export interface HttpPoster {
  /**
   * POSTs `body` to `origin` + `path` and resolves to the answer's status once its body is read;
   * rejects on a network error, or when connecting, the answer or its body takes longer than the
   * timeout.
   */
  post(
    origin: string,
    path: string,
    headers: Readonly<Record<string, string>>,
    body: string,
  ): Promise<number>;
  /** Ends every connection; requests under way reject. */
  close(): Promise<void>;
}

export function createHttpPoster(opts: { timeoutMs: number }): HttpPoster {
  const agent = new Agent({
    connect: { timeout: opts.timeoutMs },
    headersTimeout: opts.timeoutMs,
    bodyTimeout: opts.timeoutMs,
  });
  return {
    async post(origin, path, headers, body) {
      const res = await agent.request({ origin, path, method: 'POST', headers, body });
      // The answer's body is not used, but must be read for the connection to be reused.
      await res.body.dump();
      return res.statusCode;
    },
    async close() {
      await agent.destroy();
    },
  };
}
