// Test credentials: one API key per role, created through the admin API of a test app.
import assert from 'node:assert/strict';
import type { TestApp } from '../support/index.js';

export const testRoles = ['admin', 'operator', 'agency', 'analyst', 'citizen', 'public'] as const;
export type TestRole = (typeof testRoles)[number];

/** The Authorization header of each role (none for public). */
export type RoleHeaders = Record<TestRole, Record<string, string>>;

export async function roleKeys(t: TestApp, agencyTypes = 'ParkingSpot'): Promise<RoleHeaders> {
  const key = async (body: Record<string, unknown>) => {
    const r = await t.post('/auth/apikeys', body);
    assert.equal(r.statusCode, 201, r.body);
    return { authorization: `Bearer ${(r.json() as { key: string }).key}` };
  };
  return {
    admin: await key({ name: 'admin', roles: 'admin' }),
    operator: await key({ name: 'operator', roles: 'operator' }),
    agency: await key({ name: 'transport', roles: 'agency', agency: 'transport', types: agencyTypes }),
    analyst: await key({ name: 'analyst', roles: 'analyst' }),
    citizen: await key({ name: 'citizen', roles: 'citizen' }),
    public: {},
  };
}
