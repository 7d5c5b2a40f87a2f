import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync } from 'fastify';
import type { MapData } from './map-data.js';

export interface WebAppOptions {
  /** The built operator app (vite output: index.html and assets/). */
  distDir: string;
  mapData: MapData;
  /** MAP_TILES_URL: a raster tile URL template that replaces the offline base map when set. */
  tilesUrl: string | undefined;
}

const attribution = '© OpenStreetMap contributors (ODbL)';

/** Serves the IOC operator app at `/` and the base map it draws. */
export function webAppRoutes(opts: WebAppOptions): FastifyPluginAsync {
  return async function webApp(app) {
    app.get('/map/config', async () => ({
      tilesUrl: opts.tilesUrl ?? null,
      layers: opts.mapData.available(),
      attribution,
    }));
    app.get<{ Params: { name: string } }>('/map/layers/:name', async (req, reply) => {
      const text = opts.mapData.layer(req.params.name);
      return reply.type('application/geo+json').header('cache-control', 'public, max-age=3600').send(text);
    });
    if (!existsSync(join(opts.distDir, 'index.html'))) return;
    await app.register(fastifyStatic, {
      root: join(opts.distDir, 'assets'),
      prefix: '/assets/',
      immutable: true,
      maxAge: '365d',
    });
    app.get('/', async (_req, reply) =>
      reply.header('cache-control', 'no-cache').sendFile('index.html', opts.distDir),
    );
  };
}

/** The app shell and the base map are public by design; every data API behind them needs a token. */
export const webAppPublicRoutes = ['GET /$', 'GET /assets/', 'GET /map/'] as const;
