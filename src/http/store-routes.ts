// The store's write statistics for administrators (no API family: admin only, see
// auth/policy.ts): GET /admin/store/write-stats, and DELETE to start counting over.
import type { FastifyPluginAsync } from 'fastify';
import { DothiError } from '../kernel/index.js';
import type { Store, WriteStatsSource } from '../store/index.js';

export function storeStatsRoutes(store: Store): FastifyPluginAsync {
  const source = (): WriteStatsSource => {
    if (store.writeStats !== undefined) return store.writeStats;
    throw new DothiError(
      'WRITE_STATS_OFF',
      store.dialect.name === 'sqlite'
        ? 'start the server with DOTHI_SQLITE_WRITE_STATS=true (and the SQLite writer thread on) to keep them'
        : 'PostgreSQL keeps its own: use the pg_stat_statements extension',
    );
  };
  return async (app) => {
    app.get('/admin/store/write-stats', async () => {
      const stats = await source().writeStats();
      if (stats === undefined)
        throw new DothiError('WRITE_STATS_OFF', 'the SQLite writer thread has stopped');
      return stats;
    });
    app.delete('/admin/store/write-stats', async (_req, reply) => {
      await source().resetWriteStats();
      return reply.code(204).send();
    });
  };
}
