import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { Clock, Logger } from '../kernel/index.js';
import type { EntityService } from '../ngsi/index.js';
import type { Store } from '../store/index.js';
import { citizenAppDir, citizenWeb } from './citizen-web.js';
import { importRequests } from './import-requests.js';
import type { Jurisdictions } from './jurisdictions.js';
import { OPEN311_BASE, open311Api, open311PublicRoutes } from './open311-api.js';
import { sharpPhotos, type PhotoPort } from './photo.js';
import { createQueries } from './queries.js';
import { createReportsService, type Actor, type ReportsService } from './reports-service.js';
import { staffApi } from './staff-api.js';

export interface ReportsOptions {
  store: Store;
  entities: EntityService;
  clock: Clock;
  log: Logger;
  jurisdictions: Jurisdictions;
  publicBase: string;
  apiKeys: readonly string[];
  /** How often overdue reports are looked for (ms); 0 turns the timer off (tests drive it). */
  escalationIntervalMs: number;
  photos?: PhotoPort;
  /** Where the built citizen app is (default: dist/web/citizen). */
  citizenAppDir?: string;
  /** The staff member behind a request (from the identity module). */
  actorOf(req: FastifyRequest): Actor;
}

export interface Reports {
  service: ReportsService;
  /** Imports a GeoReport v2 requests.json list into a jurisdiction, as given. */
  importRequests(jurisdictionId: string | undefined, items: unknown): Promise<number>;
  api: FastifyPluginAsync;
  start(): void;
  close(): Promise<void>;
}

export const reportsPublicRoutes: readonly string[] = [...open311PublicRoutes, 'GET /citizen'];

export function createReports(o: ReportsOptions): Reports {
  const service = createReportsService({ ...o, photos: o.photos ?? sharpPhotos });
  const queries = createQueries(o.store, o.jurisdictions);
  const open311 = open311Api({ service, queries, ...o });
  const staff = staffApi({ service, queries, ...o });
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  return {
    service,
    async importRequests(jurisdictionId, items) {
      const rows = await importRequests(o.store, o.jurisdictions.get(jurisdictionId), items);
      await service.publish(rows);
      return rows.length;
    },
    api: async (app) => {
      await app.register(open311, { prefix: OPEN311_BASE });
      await app.register(staff);
      await app.register(citizenWeb(o.citizenAppDir ?? citizenAppDir(), o.log));
    },
    start() {
      if (o.escalationIntervalMs <= 0) return;
      timer = setInterval(() => {
        running = service
          .escalateOverdue()
          .catch((err: unknown) => o.log.error({ err }, 'escalation failed'));
      }, o.escalationIntervalMs);
      timer.unref();
    },
    async close() {
      if (timer !== undefined) clearInterval(timer);
      await running;
    },
  };
}
