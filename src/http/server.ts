import Fastify, { type FastifyInstance, type FastifyPluginAsync } from 'fastify';
import { DothiError, type Logger } from '../kernel/index.js';
import { authHook, type Authenticator } from './auth.js';
import { errorHandler, sendProblem } from './problem.js';

export interface HttpServerOptions {
  log: Logger;
  bodyLimit: number;
  auth: Authenticator;
  /** Routes reachable without credentials: a path prefix, optionally preceded by a method ("GET /x"). */
  publicRoutes: readonly string[];
  plugins: ReadonlyArray<FastifyPluginAsync>;
}

// JSON bodies in every media type the APIs accept. A body that is not JSON is a coded
// INVALID_REQUEST (CIM 009 §6.3.4); an unknown media type is 415, answered by Fastify's router.
export const jsonMediaTypes = [
  'application/json',
  'application/ld+json',
  'application/merge-patch+json',
  'application/geo+json',
] as const;

export async function createHttpServer(opts: HttpServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: false,
    bodyLimit: opts.bodyLimit,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 2048 },
    return503OnClosing: true,
  });
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser([...jsonMediaTypes], { parseAs: 'string' }, (_req, body, done) => {
    if (body === '') return done(new DothiError('INVALID_REQUEST', 'the request body is empty'));
    // PostgreSQL can hold no NUL character in text or JSONB: refused here, for every store alike.
    if ((body as string).includes('\\u0000')) {
      return done(new DothiError('BAD_REQUEST_DATA', 'strings must not contain the NUL character (\\u0000)'));
    }
    try {
      done(null, JSON.parse(body as string));
    } catch (err) {
      done(
        new DothiError('INVALID_REQUEST', `the request body is not valid JSON: ${(err as Error).message}`),
      );
    }
  });
  app.addHook('onRequest', authHook(opts.auth, opts.publicRoutes));
  app.setErrorHandler(errorHandler(opts.log));
  app.setNotFoundHandler((req, reply) =>
    sendProblem(
      reply,
      new DothiError('NOT_FOUND', `no route for ${req.method} ${req.url.split('?')[0]}`),
      req.url,
    ),
  );
  for (const plugin of opts.plugins) await app.register(plugin);
  return app;
}
