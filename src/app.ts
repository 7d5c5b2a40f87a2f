// The composition root: the only place that builds concrete stores, servers and modules.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { createHttpServer, openAuthenticator, tokenAuthenticator, type Authenticator } from './http/index.js';
import { createLogger, systemClock, type Clock, type Config, type Logger } from './kernel/index.js';
import { createNgsi, ngsiPublicRoutes, type Ngsi } from './ngsi/index.js';
import { createPostgresStore, createSqliteStore, type Store } from './store/index.js';

export interface App {
  config: Config;
  log: Logger;
  store: Store;
  ngsi: Ngsi;
  http: FastifyInstance;
  /** The admin bearer token in force (undefined when authentication is off). */
  adminToken: string | undefined;
  listen(): Promise<string>;
  close(): Promise<void>;
}

export interface AppOverrides {
  log?: Logger;
  clock?: Clock;
  store?: Store;
}

export function createStore(config: Config): Store {
  if (config.DATABASE_URL !== undefined) return createPostgresStore({ url: config.DATABASE_URL });
  return createSqliteStore({ path: config.DOTHI_SQLITE_PATH, synchronous: config.DOTHI_SQLITE_SYNC });
}

/** The admin token: configured, or generated once and kept beside the SQLite database. */
function adminToken(config: Config, log: Logger): string | undefined {
  if (config.DOTHI_AUTH === 'off') return undefined;
  if (config.DOTHI_ADMIN_TOKEN !== undefined) return config.DOTHI_ADMIN_TOKEN;
  const file = `${dirname(config.DOTHI_SQLITE_PATH)}/admin-token`;
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const token = randomBytes(24).toString('base64url');
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  log.warn({ file }, `generated an admin token; it is stored in ${file}`);
  return token;
}

function authenticator(config: Config, token: string | undefined, log: Logger): Authenticator {
  if (token !== undefined) return tokenAuthenticator(token);
  log.warn(
    { DOTHI_AUTH: 'off', host: config.HOST },
    '!!! AUTHENTICATION IS OFF: every API is open to anyone who can reach this address. Development and conformance testing only. !!!',
  );
  return openAuthenticator;
}

export async function createApp(config: Config, overrides: AppOverrides = {}): Promise<App> {
  const log = overrides.log ?? createLogger(config.DOTHI_LOG_LEVEL);
  const clock = overrides.clock ?? systemClock;
  const store = overrides.store ?? createStore(config);
  await store.migrate();
  const ngsi = createNgsi({ store, clock, log, config });
  await ngsi.start();
  const token = adminToken(config, log);
  const http = await createHttpServer({
    log,
    bodyLimit: config.DOTHI_BODY_LIMIT,
    auth: authenticator(config, token, log),
    publicRoutes: ['GET /health', ...ngsiPublicRoutes],
    plugins: [
      ngsi.api,
      async (app) => {
        app.get('/health', async () => ({ status: 'ok' }));
      },
    ],
  });
  return {
    config,
    log,
    store,
    ngsi,
    http,
    adminToken: token,
    listen: () => http.listen({ host: config.HOST, port: config.PORT }),
    close: async () => {
      await http.close();
      await ngsi.close();
      await store.close();
    },
  };
}
