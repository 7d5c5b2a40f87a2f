import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DothiError } from '../kernel/index.js';
import { scopeOf } from './fiware-scope.js';
import { pageOf } from './pagination.js';
import * as provisioning from './provisioning.js';
import type { ProvisioningDeps } from './provisioning.js';
import { groupRepo, deviceRepo, type DeviceRecord } from './registry-repo.js';

// The IoT Agent library's provisioning API: /iot/services (service groups) and /iot/devices.

type Query = Record<string, string | undefined>;

export interface HealthView {
  /** A device is silent when nothing arrived from it for this long. */
  silentAfterMs: number;
  now(): number;
}

export function deviceView(rec: DeviceRecord, health: HealthView) {
  const last = rec.lastMeasure === undefined ? undefined : Date.parse(rec.lastMeasure);
  return {
    ...rec.device,
    service: rec.tenant,
    service_path: rec.subservice,
    lastMeasure: rec.lastMeasure ?? null,
    silent: last === undefined || health.now() - last > health.silentAfterMs,
    measureCount: rec.measures,
    errorCount: rec.errors,
  };
}

function groupKey(req: FastifyRequest): { apikey: string; resource: string } {
  const q = req.query as Query;
  if (q.apikey === undefined || q.resource === undefined) {
    throw new DothiError('BAD_REQUEST_DATA', 'the apikey and resource query parameters are required', {
      name: 'MISSING_HEADERS',
    });
  }
  return { apikey: q.apikey, resource: q.resource };
}

export async function provisionRoutes(app: FastifyInstance, deps: ProvisioningDeps, health: HealthView) {
  app.post('/iot/services', async (req, reply) => {
    await provisioning.createGroups(deps, scopeOf(req.headers), req.body);
    return reply.code(201).send();
  });
  app.get('/iot/services', async (req) => {
    const page = pageOf(req.query as Query);
    const { count, groups } = await groupRepo.list(
      deps.store.read,
      scopeOf(req.headers),
      page.limit,
      page.offset,
    );
    return {
      count,
      services: groups.map((g) => ({ ...g.group, service: g.tenant, subservice: g.subservice })),
    };
  });
  app.put('/iot/services', async (req, reply) => {
    await provisioning.updateGroup(deps, scopeOf(req.headers), groupKey(req), req.body);
    return reply.code(204).send();
  });
  app.delete('/iot/services', async (req, reply) => {
    const key = groupKey(req);
    await provisioning.deleteGroup(deps, scopeOf(req.headers), key.apikey, key.resource);
    return reply.code(204).send();
  });
  app.post('/iot/devices', async (req, reply) => {
    await provisioning.createDevices(deps, scopeOf(req.headers), req.body);
    return reply.code(201).send();
  });
  app.get('/iot/devices', async (req) => {
    const page = pageOf(req.query as Query);
    const { count, devices } = await deviceRepo.list(
      deps.store.read,
      scopeOf(req.headers),
      page.limit,
      page.offset,
    );
    return { count, devices: devices.map((d) => deviceView(d, health)) };
  });
  app.get('/iot/devices/:id', async (req) => {
    const { id } = req.params as { id: string };
    return deviceView(await provisioning.requireDevice(deps, scopeOf(req.headers), id), health);
  });
  app.put('/iot/devices/:id', async (req, reply) => {
    const { id } = req.params as { id: string };
    await provisioning.updateDevice(deps, scopeOf(req.headers), id, req.body);
    return reply.code(204).send();
  });
  app.delete('/iot/devices/:id', async (req, reply) => {
    const { id } = req.params as { id: string };
    await provisioning.deleteDevice(deps, scopeOf(req.headers), id);
    return reply.code(204).send();
  });
}
