import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { WatchListener, WatchSpec } from '../ngsi/index.js';
import { parseLiveFilter, watchSpecOf } from './live-filter.js';

export interface LiveDeps {
  /** The broker's in-process subscriptions (same matcher as HTTP subscriptions); returns the removal. */
  watch(tenant: string, spec: WatchSpec, listener: WatchListener): () => void;
  /** Seconds between SSE comment lines that keep proxies from closing an idle stream. */
  heartbeatS: number;
}

/** A deleted entity is notified by its id and type only (CIM 009 §5.11): the view drops it. */
function messageOf(item: Record<string, unknown>): string {
  const gone = Object.keys(item).every((k) => k === 'id' || k === 'type');
  return gone
    ? `event: exit\ndata: ${JSON.stringify({ id: item.id })}\n\n`
    : `event: change\ndata: ${JSON.stringify(item)}\n\n`;
}

function openStream(reply: FastifyReply): void {
  reply.hijack();
  reply.raw.writeHead(200, {
    ...(reply.getHeaders() as Record<string, string>),
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  reply.raw.write(': live view open\n\nevent: ready\ndata: {}\n\n');
}

export function liveRoutes(deps: LiveDeps): FastifyPluginAsync {
  return async function live(app) {
    const open = new Set<() => void>();
    // Open streams would keep the server from closing: end them first.
    app.addHook('preClose', async () => {
      for (const end of open) end();
    });
    // A cheap authenticated call: the app checks a token with it before opening the map.
    app.get('/live/session', async (_req, reply) => reply.code(204).send());
    app.get<{ Querystring: { bbox?: string; types?: string } }>('/live/stream', async (req, reply) => {
      // Parsed and registered before the stream opens, so a bad filter is a coded 400.
      // The tenant as the NGSI-LD API takes it (CIM 009 §6.3.14): the header, else the default.
      const tenant = req.headers['ngsild-tenant'];
      const spec = watchSpecOf(parseLiveFilter(req.query));
      const unwatch = deps.watch(typeof tenant === 'string' ? tenant : '', spec, (n) => {
        reply.raw.write(n.data.map(messageOf).join(''));
      });
      openStream(reply);
      const beat = setInterval(() => reply.raw.write(': keep-alive\n\n'), deps.heartbeatS * 1000);
      const end = () => {
        clearInterval(beat);
        unwatch();
        open.delete(end);
        reply.raw.end();
      };
      open.add(end);
      req.raw.once('close', end);
    });
  };
}
