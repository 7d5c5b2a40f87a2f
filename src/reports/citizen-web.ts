import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

// The citizen web app (web/citizen, built by Vite into dist/web/citizen) at /citizen/, public by
// design. Without a build the route answers 404 and the log says how to build it.

export const CITIZEN_BASE = '/citizen/';

/** dist/web/citizen, found from this file both in src/ and in the transpiled dist/src/. */
export function citizenAppDir(): string {
  const here = fileURLToPath(new URL('.', import.meta.url));
  const candidates = [join(here, '../../dist/web/citizen'), join(here, '../../web/citizen')];
  return candidates.find((d) => existsSync(join(d, 'index.html'))) ?? candidates[0]!;
}

export function citizenWeb(dir: string, log: { info(o: object, m: string): void }) {
  return async function citizenApp(app: FastifyInstance) {
    if (!existsSync(join(dir, 'index.html'))) {
      log.info({ dir }, 'the citizen app is not built (npm run build:citizen); /citizen/ is not served');
      return;
    }
    await app.register(fastifyStatic, { root: dir, prefix: CITIZEN_BASE, maxAge: 3600_000, index: false });
    // The app's page at /citizen/ (and /citizen: the server ignores trailing slashes).
    app.get(CITIZEN_BASE, (_req, reply) => reply.sendFile('index.html'));
  };
}
