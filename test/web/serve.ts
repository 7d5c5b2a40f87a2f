// A listening dothi on port 0 with the demo city, for the browser tests and the map benchmark.
import { createApp, type App } from '../../src/app.js';
import { loadConfig, silentLogger } from '../../src/kernel/index.js';
import type { DialectName } from '../../src/store/index.js';
import { buildWeb } from '../../scripts/build-web.js';
import { makeStore, TEST_TOKEN } from '../support/index.js';
import { seedDemoCity } from './demo-city.js';

export interface Served {
  app: App;
  url: string;
  post(path: string, body: unknown, method?: string): Promise<number>;
  close(): Promise<void>;
}

export async function serveDemo(storeName: DialectName, seed = true): Promise<Served> {
  await buildWeb();
  const store = await makeStore(storeName);
  const config = loadConfig({ DOTHI_ADMIN_TOKEN: TEST_TOKEN, DOTHI_LOG_LEVEL: 'silent' });
  const app = await createApp(config, { store, log: silentLogger });
  const url = await app.http.listen({ host: '127.0.0.1', port: 0 });
  const post = async (path: string, body: unknown, method = 'POST') => {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${TEST_TOKEN}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    await res.arrayBuffer();
    return res.status;
  };
  if (seed) await seedDemoCity({ post });
  return {
    app,
    url,
    post,
    close: async () => {
      await app.http.close();
      await app.ngsi.close();
      await store.dispose();
    },
  };
}
