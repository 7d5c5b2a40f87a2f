// Aggregation over hourly roll-ups (attr_hourly): the same answers as from raw instances, for
// every method, period and window, before and after roll-up, after late writes and instance
// edits; and roll-ups are really read for whole rolled-up hours.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fixedClock } from '../../src/kernel/index.js';
import { rollUpHistory } from '../../src/ngsi/temporal/index.js';
import { makeTestApp, type TestApp } from '../support/app.js';
import { storeNames } from '../support/stores.js';

const TEMPORAL = '/ngsi-ld/v1/temporal/entities';
const NOW = Date.parse('2026-03-01T12:00:00.000Z');
const HOUR = 3_600_000;
const at = (ms: number) => new Date(ms).toISOString();
const ID = 'urn:ngsi-ld:Sensor:roll1';
const TEMPERATURE = 'https://uri.etsi.org/ngsi-ld/default-context/temperature';
const METHODS = 'totalCount,distinctCount,sum,avg,min,max,stddev,sumsq';

/** Every 7 minutes over the 6 hours before NOW: numbers, and a text with repeated values. */
function instances() {
  const temperature = [];
  const status = [];
  for (let ms = NOW - 6 * HOUR, k = 0; ms < NOW; ms += 7 * 60_000, k++) {
    temperature.push({ type: 'Property', value: Math.round(100 * Math.sin(k)) / 10, observedAt: at(ms) });
    status.push({ type: 'Property', value: ['ok', 'low', 'high'][k % 3], observedAt: at(ms) });
  }
  return { temperature, status };
}

const windows = [
  `timerel=between&timeAt=${at(NOW - 6 * HOUR)}&endTimeAt=${at(NOW)}`,
  `timerel=between&timeAt=${at(NOW - 5.5 * HOUR)}&endTimeAt=${at(NOW - 0.25 * HOUR)}`,
  `timerel=after&timeAt=${at(NOW - 4 * HOUR)}`,
  `timerel=before&timeAt=${at(NOW - HOUR)}`,
];
const periods = ['PT1H', 'PT2H', 'P1D', 'PT30M', 'PT7M'];
const queries = windows.flatMap((w) =>
  periods.flatMap((p) => [
    `${w}&aggrPeriodDuration=${p}&aggrMethods=${METHODS}`,
    `${w}&aggrPeriodDuration=${p}&aggrMethods=sum,avg,min,max,stddev,sumsq,totalCount`,
  ]),
);

/** Equal, numbers up to rounding: sums of hourly sums add in another order than raw sums. */
function same(actual: unknown, wanted: unknown, path = '$'): void {
  if (typeof wanted === 'number' && typeof actual === 'number') {
    assert.ok(
      Math.abs(actual - wanted) <= 1e-9 * Math.max(1, Math.abs(wanted)),
      `${path}: ${actual} is not ${wanted}`,
    );
    return;
  }
  if (typeof wanted !== 'object' || wanted === null) return assert.equal(actual, wanted, path);
  assert.equal(typeof actual, 'object', path);
  assert.deepEqual(Object.keys(actual as object), Object.keys(wanted), path);
  for (const [k, v] of Object.entries(wanted))
    same((actual as Record<string, unknown>)[k], v, `${path}.${k}`);
}

for (const name of storeNames()) {
  describe(`aggregation over hourly roll-ups (${name})`, () => {
    let t: TestApp;
    const clock = fixedClock(NOW);
    const answers = async () => {
      const out: unknown[] = [];
      for (const q of queries) {
        const r = await t.get(`${TEMPORAL}/${encodeURIComponent(ID)}?options=aggregatedValues&${q}`);
        assert.equal(r.statusCode, 200, r.body);
        out.push(r.json());
      }
      return out;
    };
    const hourlyRows = async () =>
      Number(
        (await t.app.store.read.get<{ n: number | string }>('SELECT COUNT(*) AS n FROM attr_hourly'))?.n,
      );

    before(async () => {
      t = await makeTestApp(name, {}, clock);
      const r = await t.post(TEMPORAL, { id: ID, type: 'Sensor', ...instances() });
      assert.equal(r.statusCode, 201, r.body);
    });
    after(async () => t.dispose());

    it('answers the same from roll-ups as from raw instances', async () => {
      const raw = await answers();
      assert.equal(await hourlyRows(), 0);
      await rollUpHistory(t.app.store, clock.now());
      assert.ok((await hourlyRows()) > 0, 'closed hours are rolled up');
      same(await answers(), raw);
    });

    it('reads whole rolled-up hours from roll-ups', async () => {
      await rollUpHistory(t.app.store, clock.now());
      const q = `timerel=between&timeAt=${at(NOW - 6 * HOUR)}&endTimeAt=${at(NOW - 4 * HOUR)}&aggrPeriodDuration=PT1H&aggrMethods=totalCount`;
      const url = `${TEMPORAL}/${encodeURIComponent(ID)}?options=aggregatedValues&${q}`;
      const before = (await t.get(url)).json();
      // Raw rows removed behind the roll-ups' back (nothing marks them): the answer is unchanged,
      // so it came from the roll-ups.
      await t.app.store.write((tx) =>
        tx.run('DELETE FROM attr_history WHERE entity_id = ? AND attr = ? AND ts < ?', [
          ID,
          TEMPERATURE,
          at(NOW - 4 * HOUR),
        ]),
      );
      assert.deepEqual((await t.get(url)).json(), before);
      assert.ok(before.temperature.totalCount.length === 2);
      // Restore a consistent state for the next tests: hours rolled up again from what is left.
      await t.app.store.write((tx) =>
        tx.run("INSERT INTO attr_hourly_dirty (tenant, entity_id, attr, hour) VALUES ('', ?, ?, '')", [
          ID,
          TEMPERATURE,
        ]),
      );
    });

    it('answers the same after late instances and instance edits, before and after the next roll-up', async () => {
      const late = {
        temperature: [
          { type: 'Property', value: 99, observedAt: at(NOW - 2.5 * HOUR) },
          { type: 'Property', value: -40, observedAt: at(NOW - 3.9 * HOUR) },
        ],
        status: [{ type: 'Property', value: 'late', observedAt: at(NOW - 2.5 * HOUR) }],
      };
      const r = await t.post(`${TEMPORAL}/${encodeURIComponent(ID)}/attrs`, late);
      assert.equal(r.statusCode, 204, r.body);
      const window = `timerel=between&timeAt=${at(NOW - 3 * HOUR)}&endTimeAt=${at(NOW - 2 * HOUR)}`;
      const list = (await t.get(`${TEMPORAL}/${encodeURIComponent(ID)}?attrs=temperature&${window}`)).json()
        .temperature as Array<{ instanceId: string }>;
      const instance = (i: number) =>
        `${TEMPORAL}/${encodeURIComponent(ID)}/attrs/temperature/${encodeURIComponent(list[i]!.instanceId)}`;
      const edited = await t.patch(instance(0), { type: 'Property', value: 1234 });
      assert.equal(edited.statusCode, 204, edited.body);
      assert.equal((await t.del(instance(1))).statusCode, 204);
      const dirty = await answers();
      await rollUpHistory(t.app.store, clock.now());
      const clean = await answers();
      same(clean, dirty);
      // Compared with raw rows alone: roll-ups dropped, nothing rolled up.
      await t.app.store.write(async (tx) => {
        await tx.run('DELETE FROM attr_hourly');
        await tx.run('DELETE FROM attr_hourly_mark');
      });
      same(await answers(), clean);
    });
  });
}
