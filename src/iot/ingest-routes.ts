import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DothiError } from '../kernel/index.js';
import type { PayloadFormat } from './codecs.js';
import { deadLetterRepo, type DeadLetterFilter } from './dead-letters.js';
import { parseService } from './fiware-scope.js';
import type { Ingest } from './ingest.js';
import { pageOf } from './pagination.js';
import type { Store } from '../store/index.js';

// HTTP ingest of the IoT Agents (`POST /iot/json?k=<apikey>&i=<deviceId>`, `POST /iot/d?k=&i=` for
// UltraLight 2.0) and the dead-letter API. Devices authenticate with their apikey, so the ingest
// routes need no bearer token; the body is taken as raw text so that the codec, not the HTTP
// layer, judges it (and a bad one is counted and kept like any other).

type Query = Record<string, string | undefined>;

/**
 * Public by design: a device's credential is its apikey (`k`); `/iot/about` is the IoT Agents'
 * liveness probe, which deployment health checks call without credentials.
 */
export const iotPublicRoutes = ['POST /iot/json?', 'POST /iot/d?', 'GET /iot/about'] as const;

function messageOf(req: FastifyRequest, format: PayloadFormat) {
  const q = req.query as Query;
  if (q.k === undefined || q.i === undefined || q.k === '' || q.i === '') {
    throw new DothiError(
      'BAD_REQUEST_DATA',
      'the k (apikey) and i (device id) query parameters are required',
    );
  }
  const payload = typeof req.body === 'string' ? req.body : '';
  return { transport: 'http' as const, apikey: q.k, deviceId: q.i, format, payload };
}

export async function ingestRoutes(app: FastifyInstance, ingest: Ingest, bodyLimit: number): Promise<void> {
  await app.register(async (raw) => {
    raw.removeAllContentTypeParsers();
    raw.addContentTypeParser('*', { parseAs: 'string', bodyLimit }, (_req, body, done) => done(null, body));
    for (const [path, format] of [
      ['/iot/json', 'json'],
      ['/iot/d', 'ul'],
    ] as const) {
      raw.post(path, async (req, reply) => {
        await ingest.accept(messageOf(req, format));
        return reply.code(200).send();
      });
    }
  });
}

export async function aboutRoute(app: FastifyInstance, mqttUrl: () => string): Promise<void> {
  app.get('/iot/about', async () => ({ libVersion: 'dothi', baseRoot: '/', mqtt: mqttUrl() !== '' }));
}

export async function deadLetterRoutes(app: FastifyInstance, store: Store): Promise<void> {
  const filterOf = (req: FastifyRequest): DeadLetterFilter => {
    const q = req.query as Query;
    const service = req.headers['fiware-service'];
    return {
      ...(typeof service === 'string' ? { tenant: parseService(service) } : {}),
      ...(q.apikey === undefined ? {} : { apikey: q.apikey }),
      ...(q.device === undefined ? {} : { deviceId: q.device }),
      ...(q.code === undefined ? {} : { code: q.code }),
    };
  };
  app.get('/iot/dead-letters', async (req) => {
    const page = pageOf(req.query as Query);
    return deadLetterRepo.list(store.read, filterOf(req), page.limit, page.offset);
  });
  app.get('/iot/dead-letters/counts', async (req) => ({
    counts: await deadLetterRepo.counts(store.read, filterOf(req)),
  }));
}
