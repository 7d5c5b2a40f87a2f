import cookie from '@fastify/cookie';
import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance, type FastifyPluginAsync, type FastifyRequest } from 'fastify';
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
  /** TLS certificate and key (PEM); without them the server speaks plain HTTP (behind a proxy). */
  tls?: { cert: Buffer; key: Buffer };
  /** Origins allowed to call the APIs from a browser (CORS); none by default. */
  corsOrigins?: readonly string[];
  rateLimit?: RateLimitOptions;
  /**
   * How long `close()` lets requests in progress finish before it closes their connections
   * (see `closeWithin`); 10 s by default.
   */
  shutdownGraceMs?: number;
}

/** Requests per minute per key (a principal, or the address of an anonymous caller). */
export interface RateLimitOptions {
  max: number;
  keyOf(req: FastifyRequest): string;
  /** Requests never limited (the configured admin token of tools and benchmarks). */
  exempt(req: FastifyRequest): boolean;
  onExceeded(req: FastifyRequest, key: string): void;
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
    ...(opts.tls === undefined ? {} : { https: opts.tls }),
    logger: false,
    bodyLimit: opts.bodyLimit,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 2048 },
    return503OnClosing: true,
    // Node's own limit on receiving a whole request; Fastify's default is none, and a client that
    // sends a body slowly enough would hold its connection, and a shutdown, for ever.
    requestTimeout: REQUEST_TIMEOUT_MS,
  });
  closeWithin(app, opts.shutdownGraceMs ?? 10_000);
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
  await app.register(cookie);
  if (opts.corsOrigins !== undefined && opts.corsOrigins.length > 0) {
    await app.register(cors, { origin: [...opts.corsOrigins], credentials: true });
  }
  app.addHook('onRequest', authHook(opts.auth, opts.publicRoutes, opts.tls !== undefined));
  if (opts.rateLimit !== undefined) await app.register(rateLimit, rateLimitOptions(opts.rateLimit));
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

const REQUEST_TIMEOUT_MS = 300_000;
/** How often a closing server looks for connections that have become idle. */
const IDLE_SWEEP_MS = 100;

/**
 * Bounds the time `app.close()` takes. Once closing, the server answers new requests with 503
 * (`return503OnClosing`) and Node closes the keep-alive connections it counts as idle; a request
 * in progress may finish, its connection is closed once idle, and after `graceMs` every connection
 * left is closed. Without the bound a stop waited for Fastify's 72 s keep-alive timeout: Node does
 * not count every idle keep-alive connection as idle (seen with clients that leave responses
 * unread), and a request that never completes would hold it for ever.
 */
function closeWithin(app: FastifyInstance, graceMs: number): void {
  let sweep: NodeJS.Timeout | undefined;
  let deadline: NodeJS.Timeout | undefined;
  app.addHook('preClose', (done) => {
    sweep = setInterval(() => app.server.closeIdleConnections(), IDLE_SWEEP_MS).unref();
    deadline = setTimeout(() => app.server.closeAllConnections(), graceMs).unref();
    done();
  });
  app.addHook('onClose', (_instance, done) => {
    clearInterval(sweep);
    clearTimeout(deadline);
    done();
  });
}

// Counted after authentication (preHandler), so that the key is the principal, not only the address.
function rateLimitOptions(o: RateLimitOptions) {
  return {
    global: true,
    hook: 'preHandler' as const,
    max: o.max,
    timeWindow: 60_000,
    keyGenerator: o.keyOf,
    allowList: o.exempt,
    onExceeded: (req: FastifyRequest, key: string) => o.onExceeded(req, key),
    errorResponseBuilder: () => new DothiError('RATE_LIMITED', 'too many requests; try again in a minute'),
  };
}
