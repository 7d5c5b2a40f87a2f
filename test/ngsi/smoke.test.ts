import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { makeTestApp, type TestApp } from '../support/app.js';
import { storeNames } from '../support/stores.js';

for (const name of storeNames()) {
  describe(`broker smoke (${name})`, () => {
    let t: TestApp;
    before(async () => {
      t = await makeTestApp(name);
    });
    after(async () => t.dispose());

    it('creates an entity and reads it back', async () => {
      const entity = {
        id: 'urn:ngsi-ld:Sensor:1',
        type: 'Sensor',
        temperature: { type: 'Property', value: 21.5, unitCode: 'CEL' },
        location: { type: 'GeoProperty', value: { type: 'Point', coordinates: [106.7, 10.78] } },
      };
      const created = await t.post('/ngsi-ld/v1/entities', entity);
      assert.equal(created.statusCode, 201, created.body);
      assert.equal(created.headers.location, '/ngsi-ld/v1/entities/urn%3Angsi-ld%3ASensor%3A1');
      const read = await t.get('/ngsi-ld/v1/entities/urn:ngsi-ld:Sensor:1');
      assert.equal(read.statusCode, 200, read.body);
      assert.deepEqual(read.json(), entity);
    });

    it('refuses requests without credentials', async () => {
      const r = await t.get('/ngsi-ld/v1/entities/urn:ngsi-ld:Sensor:1', { anonymous: true });
      assert.equal(r.statusCode, 401);
      assert.equal(r.json().code, 'UNAUTHORIZED');
      assert.match(String(r.headers['content-type']), /application\/problem\+json/);
    });
  });
}
