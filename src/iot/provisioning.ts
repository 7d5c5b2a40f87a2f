import type { z } from 'zod';
import { DothiError, type Clock } from '../kernel/index.js';
import type { EntityInput, EntityService } from '../ngsi/index.js';
import type { Store } from '../store/index.js';
import { deviceEntity, deviceEntityId, entityIdFor, fedEntity, type Terms } from './device-entities.js';
import { deviceSchema, groupSchema, type Device, type Scope, type ServiceGroup } from './model.js';
import type { Registry } from './registry.js';
import { deviceRepo, groupRepo, type DeviceRecord } from './registry-repo.js';

// The provisioning operations of the IoT Agent library API (/iot/services, /iot/devices).

export interface ProvisioningDeps {
  store: Store;
  entities: EntityService;
  registry: Registry;
  clock: Clock;
  /** The @context measures and provisioned attributes are expanded with. */
  terms: Terms;
  /** The Smart Data Models dataModel.Device @context. */
  sdm: Terms;
  /** Told of every device created or changed (commands watch their attributes). */
  onDevice(device: Device): void;
}

function parse<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const problems = r.error.issues.map((i) => `${i.path.join('.') || what}: ${i.message}`);
  throw new DothiError('BAD_REQUEST_DATA', `invalid ${what}: ${problems.join('; ')}`, {
    name: 'WRONG_SYNTAX',
  });
}

function listOf(body: unknown, member: 'services' | 'devices'): unknown[] {
  const list = (body as Record<string, unknown> | null)?.[member];
  if (!Array.isArray(list) || list.length === 0) {
    throw new DothiError(
      'BAD_REQUEST_DATA',
      `the body must be { "${member}": [ … ] } with at least one item`,
      {
        name: 'WRONG_SYNTAX',
      },
    );
  }
  return list;
}

export async function createGroups(deps: ProvisioningDeps, scope: Scope, body: unknown): Promise<void> {
  const groups = listOf(body, 'services').map((g) => parse(groupSchema, g, 'service group'));
  await deps.store.write(async (tx) => {
    for (const group of groups) {
      if (!(await groupRepo.insert(tx, { ...scope, group }, deps.clock.isoNow()))) {
        throw new DothiError(
          'DUPLICATE_GROUP',
          `a service group with apikey ${group.apikey} and resource ${group.resource} exists`,
          { name: 'DUPLICATE_GROUP' },
        );
      }
    }
  });
  for (const g of groups) deps.registry.forgetGroup(g.apikey);
}

async function requireGroup(deps: ProvisioningDeps, scope: Scope, apikey: string, resource: string) {
  const found = (await deps.registry.groups(apikey)).find(
    (g) => g.tenant === scope.tenant && g.subservice === scope.subservice && g.group.resource === resource,
  );
  if (found === undefined) {
    throw new DothiError(
      'DEVICE_GROUP_NOT_FOUND',
      `no service group with apikey ${apikey} and resource ${resource}`,
      {
        name: 'DEVICE_GROUP_NOT_FOUND',
      },
    );
  }
  return found;
}

export async function updateGroup(
  deps: ProvisioningDeps,
  scope: Scope,
  key: { apikey: string; resource: string },
  patch: unknown,
): Promise<void> {
  deps.registry.forgetGroup(key.apikey);
  const found = await requireGroup(deps, scope, key.apikey, key.resource);
  const group = parse(groupSchema, { ...found.group, ...(patch as object), ...key }, 'service group');
  await deps.store.write((tx) => groupRepo.update(tx, { ...scope, group }));
  deps.registry.forgetGroup(key.apikey);
}

export async function deleteGroup(deps: ProvisioningDeps, scope: Scope, apikey: string, resource: string) {
  const gone = await deps.store.write((tx) => groupRepo.delete(tx, scope, apikey, resource));
  deps.registry.forgetGroup(apikey);
  if (!gone) await requireGroup(deps, scope, apikey, resource);
}

/** Resolves a device's defaults from its group in the same scope (IoT Agent rules). */
const groupsIn = async (deps: ProvisioningDeps, scope: Scope) =>
  (await groupRepo.list(deps.store.read, scope, 1000, 0)).groups.map((g) => g.group);

function completeDevice(scope: Scope, inScope: readonly ServiceGroup[], input: unknown): Device {
  const d = parse(deviceSchema, input, 'device');
  const group: ServiceGroup | undefined =
    inScope.find(
      (g) => (d.apikey === undefined || g.apikey === d.apikey) && g.entity_type === d.entity_type,
    ) ?? inScope.find((g) => d.apikey === undefined || g.apikey === d.apikey);
  const entityType = d.entity_type ?? group?.entity_type ?? 'Thing';
  return {
    ...d,
    apikey: d.apikey ?? group?.apikey ?? '',
    entity_type: entityType,
    entity_name: entityIdFor(entityType, d.device_id, d.entity_name),
    commands: d.commands.length > 0 ? d.commands : (group?.commands ?? []),
    service: scope.tenant,
    subservice: scope.subservice,
  };
}

function duplicate(id: string): DothiError {
  return new DothiError('DUPLICATE_DEVICE_ID', `a device with id ${id} is already provisioned`, {
    name: 'DUPLICATE_DEVICE_ID',
  });
}

async function writeEntities(
  deps: ProvisioningDeps,
  tenant: string,
  devices: Device[],
  groups: ServiceGroup[],
) {
  const items: EntityInput[] = [];
  for (const d of devices) {
    const statics = [
      ...(groups.find((g) => g.apikey === d.apikey)?.static_attributes ?? []),
      ...d.static_attributes,
    ];
    items.push(fedEntity(d, statics, deps.terms), deviceEntity(d, deps.sdm));
  }
  const result = await deps.entities.batchUpsert(
    tenant,
    items.map((value) => ({ ok: true as const, value })),
    'update',
  );
  const failed = result.errors[0];
  if (failed !== undefined) {
    throw new DothiError('BAD_REQUEST_DATA', `entity ${failed.entityId}: ${failed.error.message}`);
  }
}

export async function createDevices(deps: ProvisioningDeps, scope: Scope, body: unknown): Promise<Device[]> {
  const groups = await groupsIn(deps, scope);
  const devices = listOf(body, 'devices').map((input) => completeDevice(scope, groups, input));
  const ids = new Set<string>();
  for (const d of devices) {
    if (ids.has(d.device_id) || (await deviceRepo.get(deps.store.read, scope.tenant, d.device_id))) {
      throw duplicate(d.device_id);
    }
    ids.add(d.device_id);
  }
  await writeEntities(deps, scope.tenant, devices, groups);
  await deps.store.write(async (tx) => {
    for (const device of devices) {
      if (!(await deviceRepo.insert(tx, { ...scope, device }, deps.clock.isoNow())))
        throw duplicate(device.device_id);
    }
  });
  for (const d of devices) {
    deps.registry.forgetDevice(scope.tenant, d.device_id, d.apikey);
    deps.onDevice(d);
  }
  return devices;
}

export async function requireDevice(deps: ProvisioningDeps, scope: Scope, id: string): Promise<DeviceRecord> {
  const found = await deviceRepo.get(deps.store.read, scope.tenant, id);
  if (found === undefined || found.subservice !== scope.subservice) {
    throw new DothiError('DEVICE_NOT_FOUND', `no device ${id} in this service`, { name: 'DEVICE_NOT_FOUND' });
  }
  return found;
}

export async function updateDevice(deps: ProvisioningDeps, scope: Scope, id: string, patch: unknown) {
  const before = await requireDevice(deps, scope, id);
  const merged = { ...before.device, ...(patch as object), device_id: id };
  const groups = await groupsIn(deps, scope);
  const device = completeDevice(scope, groups, merged);
  await writeEntities(deps, scope.tenant, [device], groups);
  await deps.store.write((tx) => deviceRepo.update(tx, scope.tenant, device));
  deps.registry.forgetDevice(scope.tenant, id, before.device.apikey);
  deps.registry.forgetDevice(scope.tenant, id, device.apikey);
  deps.onDevice(device);
}

export async function deleteDevice(deps: ProvisioningDeps, scope: Scope, id: string): Promise<void> {
  const before = await requireDevice(deps, scope, id);
  await deps.store.write((tx) => deviceRepo.delete(tx, scope.tenant, id));
  deps.registry.forgetDevice(scope.tenant, id, before.device.apikey);
  await deps.entities.batchDelete(scope.tenant, [{ ok: true, value: deviceEntityId(id) }]);
}
