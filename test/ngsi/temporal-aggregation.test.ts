// The aggregated temporal representation over HTTP (CIM 009 §4.5.19, §6.18-§6.19): aggrMethods
// per aggrPeriodDuration, computed in SQL on every store.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { fixedClock } from '../../src/kernel/index.js';
import { makeTestApp, type TestApp } from '../support/app.js';
import { storeNames } from '../support/stores.js';

const ENTITIES = '/ngsi-ld/v1/entities';
const TEMPORAL = '/ngsi-ld/v1/temporal/entities';
const T0 = Date.parse('2026-01-01T00:00:00.000Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();
const enc = encodeURIComponent;

type Triple = [number, string, string];

function ok(r: LightMyRequestResponse): Record<string, Record<string, unknown>> {
  assert.equal(r.statusCode, 200, r.body);
  return r.json();
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const avg = (xs: number[]) => sum(xs) / xs.length;
const stddev = (xs: number[]) => Math.sqrt(avg(xs.map((x) => (x - avg(xs)) ** 2)));
const expected = {
  totalCount: (xs: number[]) => xs.length,
  distinctCount: (xs: number[]) => new Set(xs).size,
  sum,
  avg,
  min: (xs: number[]) => Math.min(...xs),
  max: (xs: number[]) => Math.max(...xs),
  stddev,
  sumsq: (xs: number[]) => sum(xs.map((x) => x * x)),
};
const methods = Object.keys(expected) as Array<keyof typeof expected>;

// Minutes after T0 and temperatures; hour 0 holds 3 values, hour 1 two, hour 2 one.
const samples: Array<[number, number]> = [
  [0, 10],
  [30, 20.5],
  [59, 10],
  [60, 40],
  [90, 50],
  [150, -6],
];
const statuses = ['ok', 'ok', 'bad', 'ok', 'worse', 'ok'];

function close(actual: number, wanted: number): void {
  assert.ok(Math.abs(actual - wanted) < 1e-9, `${actual} is not ${wanted}`);
}

for (const name of storeNames()) {
  describe(`temporal aggregation (${name})`, () => {
    let t: TestApp;
    const clock = fixedClock(T0);
    const id = 'urn:ngsi-ld:Sensor:agg1';
    const url = (query: string) => `${TEMPORAL}/${enc(id)}?${query}`;
    const between = `timerel=between&timeAt=${at(0)}&endTimeAt=${at(180)}`;

    before(async () => {
      t = await makeTestApp(name, {}, clock);
      for (const [i, [m, v]] of samples.entries()) {
        const attrs = {
          temperature: { type: 'Property', value: v, observedAt: at(m) },
          status: { type: 'Property', value: statuses[i], observedAt: at(m) },
        };
        clock.advance(1000);
        const r =
          i === 0
            ? await t.post(ENTITIES, { id, type: 'Sensor', ...attrs })
            : await t.patch(`${ENTITIES}/${enc(id)}/attrs`, attrs);
        assert.ok(r.statusCode === 201 || r.statusCode === 204, r.body);
      }
    });
    after(async () => t.dispose());

    for (const method of methods) {
      it(`${method} over the whole interval equals the value computed from the instances`, async () => {
        const body = ok(await t.get(url(`options=aggregatedValues&aggrMethods=${method}&attrs=temperature`)));
        const list = body.temperature![method] as Triple[];
        assert.equal(list.length, 1);
        close(list[0]![0], expected[method](samples.map((s) => s[1])));
        assert.deepEqual(list[0]!.slice(1), [at(0), at(150)]);
      });

      it(`${method} per PT1H period equals the value computed from each hour's instances`, async () => {
        const q = `${between}&format=aggregatedValues&aggrMethods=${method}&aggrPeriodDuration=PT1H`;
        const list = ok(await t.get(url(q))).temperature![method] as Triple[];
        const hours = [0, 1, 2].map((h) =>
          samples.filter(([m]) => Math.floor(m / 60) === h).map((s) => s[1]),
        );
        assert.deepEqual(
          list.map((x) => x.slice(1)),
          [0, 1, 2].map((h) => [at(h * 60), at(h * 60 + 60)]),
        );
        list.forEach((x, h) => close(x[0], expected[method](hours[h]!)));
      });
    }

    it('an instance at a period boundary belongs to the period it starts', async () => {
      const q = `${between}&options=aggregatedValues&aggrMethods=totalCount&aggrPeriodDuration=PT30M`;
      const list = ok(await t.get(url(q))).temperature!.totalCount as Triple[];
      // 00:00 and 00:30 each start a period; 00:59 is in the second, 01:00 starts the third.
      assert.deepEqual(
        list.map((x) => [x[0], x[1]]),
        [
          [1, at(0)],
          [2, at(30)],
          [1, at(60)],
          [1, at(90)],
          [1, at(150)],
        ],
      );
    });

    it('endTimeAt is excluded from the interval', async () => {
      const q = `timerel=between&timeAt=${at(0)}&endTimeAt=${at(60)}&options=aggregatedValues&aggrMethods=max`;
      assert.deepEqual(ok(await t.get(url(q))).temperature!.max, [[20.5, at(0), at(59)]]);
    });

    it('a P1D period holds the whole day and several methods answer together', async () => {
      const q = `${between}&options=aggregatedValues&aggrMethods=min,max&aggrPeriodDuration=P1D&attrs=temperature`;
      const body = ok(await t.get(url(q)));
      assert.deepEqual(body.temperature, {
        type: 'Property',
        min: [[-6, at(0), at(24 * 60)]],
        max: [[50, at(0), at(24 * 60)]],
      });
    });

    it('a P1M period ends at the start of the next calendar month', async () => {
      const q = `${between}&options=aggregatedValues&aggrMethods=totalCount&aggrPeriodDuration=P1M`;
      const list = ok(await t.get(url(q))).temperature!.totalCount as Triple[];
      assert.deepEqual(list, [[6, at(0), '2026-02-01T00:00:00.000Z']]);
    });

    it('distinctCount counts distinct strings; numeric methods skip a string attribute', async () => {
      const body = ok(await t.get(url('options=aggregatedValues&aggrMethods=distinctCount,sum,totalCount')));
      assert.deepEqual(body.status, {
        type: 'Property',
        distinctCount: [[3, at(0), at(150)]],
        totalCount: [[6, at(0), at(150)]],
      });
    });

    it('the temporal query answers in the aggregated representation too', async () => {
      const q = `type=Sensor&${between}&options=aggregatedValues&aggrMethods=sum&attrs=temperature`;
      const r = await t.get(`${TEMPORAL}?${q}`);
      assert.equal(r.statusCode, 200, r.body);
      const [e] = r.json() as Array<Record<string, Record<string, Triple[]>>>;
      close(e!.temperature!.sum![0]![0], sum(samples.map((s) => s[1])));
    });

    it('an invalid duration, an unknown method and aggregatedValues without methods are 400', async () => {
      for (const q of [
        'options=aggregatedValues&aggrMethods=sum&aggrPeriodDuration=1H',
        'options=aggregatedValues&aggrMethods=sum&aggrPeriodDuration=PT',
        'options=aggregatedValues&aggrMethods=sum&aggrPeriodDuration=P0D',
        'options=aggregatedValues&aggrMethods=median',
        'options=aggregatedValues',
        'aggrMethods=sum',
        `${between}&options=aggregatedValues&aggrMethods=sum&aggrPeriodDuration=PT1S`,
      ]) {
        const r = await t.get(url(q));
        assert.equal(r.statusCode, 400, q);
        assert.equal(r.json().code, 'BAD_REQUEST_DATA', q);
      }
    });
  });
}
