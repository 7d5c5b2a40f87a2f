// The aggregated temporal query over many entities at once (CIM 009 §4.5.19, §6.18.3.2): each
// entity's values are those of retrieving it alone, whatever its attributes and first and last
// instances, for every window and period, before and after roll-up, and when only some entities'
// rolled-up hours are out of date.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fixedClock } from '../../src/kernel/index.js';
import { rollUpHistory } from '../../src/ngsi/temporal/index.js';
import { makeTestApp, type TestApp } from '../support/app.js';
import { storeNames } from '../support/stores.js';

const TEMPORAL = '/ngsi-ld/v1/temporal/entities';
const NOW = Date.parse('2026-05-01T12:00:00.000Z');
const HOUR = 3_600_000;
const at = (ms: number) => new Date(ms).toISOString();
const enc = encodeURIComponent;
const METHODS = 'totalCount,sum,avg,min,max,stddev,sumsq';

/** Four sensors: different start times, steps and attributes; many3 has no temperature. */
function sensor(n: number) {
  const temperature = [];
  const humidity = [];
  const step = (5 + 4 * n) * 60_000;
  for (let ms = NOW - (8 - n) * HOUR, k = 0; ms < NOW - n * 0.4 * HOUR; ms += step, k++) {
    temperature.push({ type: 'Property', value: Math.round(50 * Math.sin(k + n)) / 10, observedAt: at(ms) });
    humidity.push({ type: 'Property', value: 40 + ((k * 7 + n) % 13), observedAt: at(ms) });
  }
  const id = `urn:ngsi-ld:Sensor:many${n}`;
  if (n === 3) return { id, type: 'Sensor', humidity };
  if (n === 2) return { id, type: 'Sensor', temperature };
  return { id, type: 'Sensor', temperature, humidity };
}

const windows = [
  `timerel=between&timeAt=${at(NOW - 8 * HOUR)}&endTimeAt=${at(NOW)}`,
  `timerel=between&timeAt=${at(NOW - 6.5 * HOUR)}&endTimeAt=${at(NOW - 1.25 * HOUR)}`,
  `timerel=after&timeAt=${at(NOW - 5 * HOUR)}`,
  `timerel=before&timeAt=${at(NOW - 2 * HOUR)}`,
];
const queries = windows.flatMap((w) => [
  `${w}&aggrMethods=${METHODS}`,
  ...['PT1H', 'PT3H', 'PT20M'].map((p) => `${w}&aggrPeriodDuration=${p}&aggrMethods=${METHODS}`),
]);

for (const name of storeNames()) {
  describe(`aggregation of many entities at once (${name})`, () => {
    let t: TestApp;
    const clock = fixedClock(NOW);
    const ids = [0, 1, 2, 3].map((n) => sensor(n).id);

    /** Every query over all sensors, next to the same query retrieving each sensor alone. */
    async function compare(attrs: string): Promise<void> {
      // The query selects the entities that have one of the attributes now (§4.17).
      const selected = attrs.startsWith('attrs=temperature&') ? ids.slice(0, 3) : ids;
      for (const q of queries) {
        const r = await t.get(`${TEMPORAL}?type=Sensor&options=aggregatedValues&${attrs}${q}`);
        assert.equal(r.statusCode, 200, r.body);
        const together = r.json() as Array<{ id: string }>;
        assert.deepEqual(
          together.map((e) => e.id),
          selected,
        );
        for (const e of together) {
          const alone = await t.get(`${TEMPORAL}/${enc(e.id)}?options=aggregatedValues&${attrs}${q}`);
          assert.equal(alone.statusCode, 200, alone.body);
          assert.deepEqual(e, alone.json(), `${e.id} ${q}`);
        }
      }
    }

    before(async () => {
      t = await makeTestApp(name, {}, clock);
      for (const n of [0, 1, 2, 3]) {
        const r = await t.post(TEMPORAL, sensor(n));
        assert.equal(r.statusCode, 201, r.body);
      }
    });
    after(async () => t.dispose());

    it('each entity has the values it has alone, from raw instances', async () => {
      await compare('attrs=temperature&');
      await compare('');
    });

    it('each entity has the values it has alone, from roll-ups', async () => {
      await rollUpHistory(t.app.store, clock.now());
      await compare('attrs=temperature,humidity&');
      await compare('');
    });

    it('a late instance of one entity leaves the others on their roll-ups', async () => {
      const late = { temperature: [{ type: 'Property', value: 77, observedAt: at(NOW - 5.5 * HOUR) }] };
      const r = await t.post(`${TEMPORAL}/${enc(ids[1]!)}/attrs`, late);
      assert.equal(r.statusCode, 204, r.body);
      await compare('attrs=temperature&');
      await compare('');
      const q = `type=Sensor&attrs=temperature,humidity&options=aggregatedValues&aggrMethods=max&aggrPeriodDuration=PT1H&${windows[0]}`;
      const body = (await t.get(`${TEMPORAL}?${q}`)).json() as Array<{
        temperature?: { max: Array<[number, string, string]> };
      }>;
      const hour = body[1]!.temperature!.max.find((x) => x[1] === at(NOW - 6 * HOUR));
      assert.deepEqual(hour, [77, at(NOW - 6 * HOUR), at(NOW - 5 * HOUR)]);
      assert.equal(body[3]!.temperature, undefined, 'no history, no attribute');
    });
  });
}
