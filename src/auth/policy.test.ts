import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { coreFamilies, createPolicy, entityTypeScope } from './policy.js';
import { anonymous, typeInScope, type Principal, type Role } from './principal.js';

const policy = createPolicy(coreFamilies);
const as = (role: Role, extra: Partial<Principal> = {}): Principal => ({
  id: `test:${role}`,
  kind: 'apikey',
  roles: [role],
  tenants: '*',
  ...extra,
});

describe('the policy table', () => {
  it('lets citizens and the public into Open311 but not into device management', () => {
    assert.equal(policy.decide(as('citizen'), 'POST', '/open311/v2/requests.json', '').allowed, true);
    assert.equal(policy.decide(anonymous, 'GET', '/open311/v2/services.json', '').allowed, true);
    assert.equal(policy.decide(as('citizen'), 'GET', '/iot/devices', '').allowed, false);
    assert.equal(policy.decide(as('agency'), 'POST', '/iot/devices', '').allowed, false);
    assert.equal(policy.decide(as('operator'), 'POST', '/iot/devices', '').allowed, true);
  });

  it('closes a route of no family to everyone but admins', () => {
    assert.equal(policy.decide(as('operator'), 'GET', '/something/new', '').allowed, false);
    assert.equal(policy.decide(as('admin'), 'GET', '/something/new', '').allowed, true);
  });

  it('treats a query sent by POST as a read', () => {
    const d = policy.decide(as('analyst'), 'POST', '/ngsi-ld/v1/entityOperations/query', '');
    assert.deepEqual([d.allowed, d.action], [true, 'read']);
    assert.equal(
      policy.decide(as('analyst'), 'POST', '/ngsi-ld/v1/entityOperations/upsert', '').allowed,
      false,
    );
  });

  it('keeps a principal to its tenants', () => {
    const p = as('operator', { tenants: ['hcmc'] });
    assert.equal(policy.decide(p, 'GET', '/ngsi-ld/v1/entities', 'hcmc').allowed, true);
    assert.equal(policy.decide(p, 'GET', '/ngsi-ld/v1/entities', 'hanoi').allowed, false);
  });

  it('takes families added by other modules', () => {
    const p = createPolicy([
      ...coreFamilies,
      { name: 'kpi', prefixes: ['/kpi'], grants: { analyst: ['read'] } },
    ]);
    assert.equal(p.decide(as('analyst'), 'GET', '/kpi/indicators', '').allowed, true);
    assert.equal(p.decide(as('citizen'), 'GET', '/kpi/indicators', '').allowed, false);
  });

  it('limits agency staff and citizens to their entity types', () => {
    assert.equal(entityTypeScope(as('operator')), undefined);
    assert.deepEqual(entityTypeScope(as('agency', { types: ['ParkingSpot'] })), ['ParkingSpot']);
    assert.deepEqual(entityTypeScope(as('citizen')), []);
    assert.ok(typeInScope(['ParkingSpot'], 'https://smartdatamodels.org/dataModel.Parking/ParkingSpot'));
    assert.ok(!typeInScope(['ParkingSpot'], 'https://example.org/ParkingSpotX'));
  });
});
