// Device health: the time of the last measure, measure and error counts, and a `silent` flag once
// nothing arrived for DOTHI_IOT_SILENT_AFTER_S (a controllable clock here).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fixedClock } from '../../src/kernel/index.js';
import { makeTestApp, storeNames, type TestApp } from '../support/index.js';
import { fiware, provision } from './helpers.js';

for (const name of storeNames()) {
  describe(`IoT device health (${name})`, () => {
    let t: TestApp;
    const clock = fixedClock(Date.parse('2026-05-01T08:00:00Z'));
    const send = (payload: string) =>
      t.request('POST', '/iot/d?k=kh&i=meter1', {
        payload,
        anonymous: true,
        headers: { 'content-type': 'text/plain' },
      });
    const health = async () => (await t.get('/iot/devices/meter1', fiware('healthcity'))).json();

    before(async () => {
      t = await makeTestApp(name, { DOTHI_IOT_SILENT_AFTER_S: '60' }, clock);
      await provision(
        t,
        'healthcity',
        [{ apikey: 'kh', resource: '/iot/d', entity_type: 'WaterMeter' }],
        [{ device_id: 'meter1' }],
      );
    });
    after(() => t.dispose());

    it('is silent before its first measure', async () => {
      const h = await health();
      assert.equal(h.silent, true);
      assert.equal(h.lastMeasure, null);
    });

    it('records the last measure and counts measures and errors', async () => {
      assert.equal((await send('v|10')).statusCode, 200);
      clock.advance(5_000);
      assert.equal((await send('v|11')).statusCode, 200);
      assert.equal((await send('v')).statusCode, 400);
      const h = await health();
      assert.equal(h.lastMeasure, '2026-05-01T08:00:05.000Z');
      assert.equal(h.measureCount, 2);
      assert.equal(h.errorCount, 1);
      assert.equal(h.silent, false);
    });

    it('is flagged silent once the configured period passes without a measure', async () => {
      clock.advance(60_000);
      assert.equal((await health()).silent, false);
      clock.advance(1);
      assert.equal((await health()).silent, true);
      const list = await t.get('/iot/devices', fiware('healthcity'));
      assert.equal(list.json().devices[0].silent, true);
    });
  });
}
