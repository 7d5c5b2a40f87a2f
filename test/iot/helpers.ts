// Shared steps of the IoT scenarios: FIWARE headers, provisioning, reading the fed entity.
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import type { TestApp } from '../support/index.js';

export const fiware = (service: string, path = '/') => ({
  headers: { 'fiware-service': service, 'fiware-servicepath': path },
});

export function expectProblem(r: LightMyRequestResponse, status: number, code: string): void {
  assert.equal(r.statusCode, status, r.body);
  assert.match(String(r.headers['content-type']), /^application\/problem\+json/);
  assert.equal(r.json().code, code);
}

export async function provision(t: TestApp, service: string, groups: unknown[], devices: unknown[] = []) {
  if (groups.length > 0) {
    const r = await t.post('/iot/services', { services: groups }, fiware(service));
    assert.equal(r.statusCode, 201, r.body);
  }
  if (devices.length > 0) {
    const r = await t.post('/iot/devices', { devices }, fiware(service));
    assert.equal(r.statusCode, 201, r.body);
  }
}

/** The entity in key-values form, read through the NGSI-LD API in the service's tenant. */
export async function entity(t: TestApp, service: string, id: string): Promise<Record<string, unknown>> {
  const r = await t.get(`/ngsi-ld/v1/entities/${encodeURIComponent(id)}?options=keyValues`, {
    headers: { 'ngsild-tenant': service },
  });
  assert.equal(r.statusCode, 200, r.body);
  return r.json() as Record<string, unknown>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- assertions read nested members of the JSON answer
export async function normalized(t: TestApp, service: string, id: string): Promise<Record<string, any>> {
  const r = await t.get(`/ngsi-ld/v1/entities/${encodeURIComponent(id)}`, {
    headers: { 'ngsild-tenant': service },
  });
  assert.equal(r.statusCode, 200, r.body);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above
  return r.json() as Record<string, any>;
}

let seq = 0;
/** A name no other test (or other run on the shared Mosquitto) uses. */
export const unique = (prefix: string) => `${prefix}${process.pid}x${Date.now().toString(36)}x${seq++}`;
