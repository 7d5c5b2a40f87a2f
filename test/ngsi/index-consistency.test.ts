import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { makeTestApp, type TestApp } from '../support/app.js';
import { storeNames } from '../support/stores.js';

// The value index is updated by difference on every write; queries must always see exactly the
// entity's current values.
for (const name of storeNames()) {
  describe(`value index follows every write (${name})`, () => {
    let t: TestApp;
    const E = '/ngsi-ld/v1/entities';
    const ids = async (q: string) =>
      ((await t.get(`${E}?type=Meter&q=${encodeURIComponent(q)}`)).json() as Array<{ id: string }>).map(
        (e) => e.id,
      );

    before(async () => {
      t = await makeTestApp(name);
      const r = await t.post(E, {
        id: 'urn:ngsi-ld:Meter:1',
        type: 'Meter',
        flow: { type: 'Property', value: 5 },
        tags: { type: 'Property', value: ['a', 'a', 'b'] },
        zone: { type: 'Property', value: 'north' },
      });
      assert.equal(r.statusCode, 201);
    });
    after(async () => t.dispose());

    it('finds a patched value by its new value only', async () => {
      assert.equal(
        (await t.patch(`${E}/urn:ngsi-ld:Meter:1/attrs`, { flow: { type: 'Property', value: 7 } }))
          .statusCode,
        204,
      );
      assert.deepEqual(await ids('flow==7'), ['urn:ngsi-ld:Meter:1']);
      assert.deepEqual(await ids('flow==5'), []);
    });

    it('keeps repeated array elements right when one copy goes', async () => {
      await t.patch(`${E}/urn:ngsi-ld:Meter:1/attrs`, { tags: { type: 'Property', value: ['a', 'b'] } });
      assert.deepEqual(await ids('tags=="a"'), ['urn:ngsi-ld:Meter:1']);
      await t.patch(`${E}/urn:ngsi-ld:Meter:1/attrs`, { tags: { type: 'Property', value: ['b'] } });
      assert.deepEqual(await ids('tags=="a"'), []);
      assert.deepEqual(await ids('tags=="b"'), ['urn:ngsi-ld:Meter:1']);
    });

    it('forgets a deleted attribute and learns an appended one', async () => {
      assert.equal((await t.del(`${E}/urn:ngsi-ld:Meter:1/attrs/zone`)).statusCode, 204);
      assert.deepEqual(await ids('zone=="north"'), []);
      await t.post(`${E}/urn:ngsi-ld:Meter:1/attrs`, { zone: { type: 'Property', value: 'south' } });
      assert.deepEqual(await ids('zone=="south"'), ['urn:ngsi-ld:Meter:1']);
    });
  });
}
