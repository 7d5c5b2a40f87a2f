// The IoT Agent provisioning API (/iot/services, /iot/devices) with fiware-service mapped to an
// NGSI-LD tenant, and the Smart Data Models Device entity linked to the entity a device feeds.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { makeTestApp, storeNames, type TestApp } from '../support/index.js';
import { entity, expectProblem, fiware, provision } from './helpers.js';

for (const name of storeNames()) {
  describe(`IoT provisioning (${name})`, () => {
    let t: TestApp;
    before(async () => {
      t = await makeTestApp(name);
      await provision(
        t,
        'smartcity',
        [
          {
            apikey: 'k-air',
            resource: '/iot/json',
            entity_type: 'AirQualityObserved',
            static_attributes: [{ name: 'district', type: 'Text', value: 'Q1' }],
          },
        ],
        [
          {
            device_id: 'air001',
            protocol: 'IoTA-JSON',
            attributes: [{ object_id: 't', name: 'temperature', type: 'Number' }],
            commands: [{ name: 'reset', type: 'command' }],
          },
        ],
      );
    });
    after(() => t.dispose());

    it('lists service groups of the service with their defaults', async () => {
      const r = await t.get('/iot/services', fiware('smartcity'));
      assert.equal(r.statusCode, 200, r.body);
      const body = r.json();
      assert.equal(body.count, 1);
      assert.equal(body.services[0].apikey, 'k-air');
      assert.equal(body.services[0].autoprovision, true);
      assert.equal(body.services[0].service, 'smartcity');
      assert.equal(body.services[0].subservice, '/');
    });

    it('completes a device from its group: apikey, entity type and an NGSI-LD entity id', async () => {
      const r = await t.get('/iot/devices/air001', fiware('smartcity'));
      assert.equal(r.statusCode, 200, r.body);
      const d = r.json();
      assert.equal(d.apikey, 'k-air');
      assert.equal(d.entity_type, 'AirQualityObserved');
      assert.equal(d.entity_name, 'urn:ngsi-ld:AirQualityObserved:air001');
      assert.equal(d.service_path, '/');
      assert.equal(d.silent, true);
      assert.equal(d.lastMeasure, null);
    });

    it('creates the fed entity in the tenant named by fiware-service, with static attributes and commands', async () => {
      const e = await entity(t, 'smartcity', 'urn:ngsi-ld:AirQualityObserved:air001');
      assert.equal(e.type, 'AirQualityObserved');
      assert.equal(e.district, 'Q1');
      assert.equal(e.reset_status, 'UNKNOWN');
    });

    it('creates a Smart Data Models Device entity linked to the entity it feeds', async () => {
      const r = await t.get(`/ngsi-ld/v1/entities/${encodeURIComponent('urn:ngsi-ld:Device:air001')}`, {
        headers: {
          'ngsild-tenant': 'smartcity',
          link: '<https://smart-data-models.github.io/dataModel.Device/context.jsonld>; rel="http://www.w3.org/ns/json-ld#context"; type="application/ld+json"',
        },
      });
      assert.equal(r.statusCode, 200, r.body);
      const d = r.json();
      assert.equal(d.type, 'Device');
      assert.equal(d.controlledAsset.type, 'Relationship');
      assert.equal(d.controlledAsset.object, 'urn:ngsi-ld:AirQualityObserved:air001');
      assert.deepEqual(d.controlledProperty.value, ['temperature']);
    });

    it('refuses a second device with the same id: DUPLICATE_DEVICE_ID, nothing changed', async () => {
      const r = await t.post(
        '/iot/devices',
        { devices: [{ device_id: 'air001', entity_type: 'Other' }] },
        fiware('smartcity'),
      );
      expectProblem(r, 409, 'DUPLICATE_DEVICE_ID');
      assert.equal(r.json().name, 'DUPLICATE_DEVICE_ID');
      assert.equal(
        (await t.get('/iot/devices/air001', fiware('smartcity'))).json().entity_type,
        'AirQualityObserved',
      );
    });

    it('refuses a duplicate group and a device without device_id', async () => {
      const g = await t.post(
        '/iot/services',
        { services: [{ apikey: 'k-air', resource: '/iot/json' }] },
        fiware('smartcity'),
      );
      expectProblem(g, 409, 'DUPLICATE_GROUP');
      const d = await t.post('/iot/devices', { devices: [{ entity_type: 'X' }] }, fiware('smartcity'));
      expectProblem(d, 400, 'BAD_REQUEST_DATA');
      const bad = await t.post('/iot/devices', { devices: [{ device_id: 'a/b' }] }, fiware('smartcity'));
      expectProblem(bad, 400, 'BAD_REQUEST_DATA');
    });

    it('keeps services apart: another fiware-service sees neither groups nor devices', async () => {
      const r = await t.get('/iot/devices', fiware('othercity'));
      assert.deepEqual(r.json(), { count: 0, devices: [] });
      expectProblem(await t.get('/iot/devices/air001', fiware('othercity')), 404, 'DEVICE_NOT_FOUND');
    });

    it('updates and deletes a device and a group', async () => {
      await provision(t, 'smartcity', [], [{ device_id: 'tmp1', entity_type: 'Thing' }]);
      const u = await t.put('/iot/devices/tmp1', { entity_type: 'Streetlight' }, fiware('smartcity'));
      assert.equal(u.statusCode, 204, u.body);
      assert.equal((await t.get('/iot/devices/tmp1', fiware('smartcity'))).json().entity_type, 'Streetlight');
      assert.equal((await t.del('/iot/devices/tmp1', fiware('smartcity'))).statusCode, 204);
      expectProblem(await t.get('/iot/devices/tmp1', fiware('smartcity')), 404, 'DEVICE_NOT_FOUND');
      await provision(t, 'smartcity', [{ apikey: 'k-tmp', resource: '/iot/d' }]);
      const pg = await t.put(
        '/iot/services?apikey=k-tmp&resource=/iot/d',
        { entity_type: 'Lamp' },
        fiware('smartcity'),
      );
      assert.equal(pg.statusCode, 204, pg.body);
      const del = await t.del('/iot/services?apikey=k-tmp&resource=/iot/d', fiware('smartcity'));
      assert.equal(del.statusCode, 204, del.body);
      expectProblem(
        await t.del('/iot/services?apikey=k-tmp&resource=/iot/d', fiware('smartcity')),
        404,
        'DEVICE_GROUP_NOT_FOUND',
      );
    });

    it('pages the device list with limit and offset', async () => {
      await provision(
        t,
        'paged',
        [],
        [1, 2, 3].map((i) => ({ device_id: `p${i}`, entity_type: 'Thing' })),
      );
      const r = await t.get('/iot/devices?limit=2&offset=1', fiware('paged'));
      assert.equal(r.json().count, 3);
      assert.deepEqual(
        r.json().devices.map((d: { device_id: string }) => d.device_id),
        ['p2', 'p3'],
      );
      expectProblem(await t.get('/iot/devices?limit=0', fiware('paged')), 400, 'BAD_REQUEST_DATA');
    });

    it('answers the IoT Agent liveness probe without credentials', async () => {
      const r = await t.get('/iot/about', { anonymous: true });
      assert.equal(r.statusCode, 200, r.body);
      assert.equal(r.json().libVersion, 'dothi');
    });

    it('needs credentials, and refuses an invalid fiware-service', async () => {
      expectProblem(
        await t.get('/iot/devices', { ...fiware('smartcity'), anonymous: true }),
        401,
        'UNAUTHORIZED',
      );
      expectProblem(await t.get('/iot/devices', fiware('bad service!')), 400, 'BAD_REQUEST_DATA');
    });
  });
}
