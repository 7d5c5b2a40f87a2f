// An in-process dothi for HTTP tests: a real store (STORE selects it), the real server, requests
// through Fastify's inject(). One app per suite; every request carries the admin token.
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { createApp, type App } from '../../src/app.js';
import { loadConfig, silentLogger, type Clock } from '../../src/kernel/index.js';
import type { DialectName } from '../../src/store/index.js';
import { makeStore } from './stores.js';

export const TEST_TOKEN = 'test-admin-token-0123456789';

export interface RequestOptions {
  body?: unknown;
  /** Raw payload, sent as is (for malformed JSON tests). */
  payload?: string | Buffer;
  headers?: Record<string, string>;
  /** Sends no Authorization header. */
  anonymous?: boolean;
}

export interface TestApp {
  app: App;
  request(
    method: InjectOptions['method'],
    url: string,
    opts?: RequestOptions,
  ): Promise<LightMyRequestResponse>;
  get(url: string, opts?: RequestOptions): Promise<LightMyRequestResponse>;
  post(url: string, body: unknown, opts?: RequestOptions): Promise<LightMyRequestResponse>;
  patch(url: string, body: unknown, opts?: RequestOptions): Promise<LightMyRequestResponse>;
  put(url: string, body: unknown, opts?: RequestOptions): Promise<LightMyRequestResponse>;
  del(url: string, opts?: RequestOptions): Promise<LightMyRequestResponse>;
  dispose(): Promise<void>;
}

export async function makeTestApp(
  storeName: DialectName,
  env: Record<string, string> = {},
  clock?: Clock,
): Promise<TestApp> {
  // The store is made here, not from the configuration: its settings are passed on.
  const store = await makeStore(storeName, { writeStats: env.DOTHI_SQLITE_WRITE_STATS === 'true' });
  const config = loadConfig({
    DOTHI_ADMIN_TOKEN: TEST_TOKEN,
    DOTHI_LOG_LEVEL: 'silent',
    // Test servers for @context documents listen on loopback.
    DOTHI_CONTEXT_PRIVATE_HOSTS: '127.0.0.1',
    ...env,
  });
  const app = await createApp(config, {
    store,
    log: silentLogger,
    ...(clock === undefined ? {} : { clock }),
  });
  await app.http.ready();
  const request: TestApp['request'] = (method, url, opts = {}) => {
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    if (opts.anonymous !== true) headers.authorization ??= `Bearer ${TEST_TOKEN}`;
    let payload: string | Buffer | undefined = opts.payload;
    if (payload === undefined && opts.body !== undefined) {
      payload = JSON.stringify(opts.body);
      headers['content-type'] ??= 'application/json';
    }
    return app.http.inject({ method, url, headers, ...(payload === undefined ? {} : { payload }) });
  };
  return {
    app,
    request,
    get: (url, opts) => request('GET', url, opts),
    post: (url, body, opts) => request('POST', url, { ...opts, body }),
    patch: (url, body, opts) => request('PATCH', url, { ...opts, body }),
    put: (url, body, opts) => request('PUT', url, { ...opts, body }),
    del: (url, opts) => request('DELETE', url, opts),
    dispose: async () => {
      await app.http.close();
      await app.ngsi.close();
      await store.dispose();
    },
  };
}
