import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { makeStore, storeNames } from '../../../test/support/index.js';
import { fixedClock } from '../../kernel/index.js';
import type { Store } from '../../store/index.js';
import { createEntityService } from '../entity/entity-service.js';
import { entityIndexer } from '../ngsi.js';
import { createHistoryRecorder } from './history-recorder.js';
import { DEFAULT_VOCAB, parseRetentionRules } from './retention-rules.js';
import { createTemporalService, type TemporalService } from './temporal-service.js';
import { parseTemporalQuery } from './temporal-query.js';

const SENSOR = `${DEFAULT_VOCAB}Sensor`;
const T = `${DEFAULT_VOCAB}temperature`;
const H = `${DEFAULT_VOCAB}humidity`;
const ID = 'urn:ngsi-ld:Sensor:r1';
const T0 = Date.parse('2026-01-01T00:00:00.000Z');
const HOUR = 3_600_000;
const at = (h: number) => new Date(T0 + h * HOUR).toISOString();
// Every 20 minutes for 3 days: 216 instances per attribute.
const times = Array.from({ length: 216 }, (_, i) => i / 3);
const valueAt = (h: number) => Math.round(10 * Math.sin(h)) + 20;
const series = (shift: number) =>
  times.map((h) => ({ type: 'Property' as const, value: valueAt(h) + shift, observedAt: at(h) }));

for (const name of storeNames()) {
  describe(`history retention with roll-ups (${name})`, () => {
    let store: Store & { dispose(): Promise<void> };
    let temporal: TemporalService;
    const now = T0 + 72 * HOUR + 30 * 60_000;

    before(async () => {
      store = await makeStore(name);
      const clock = fixedClock(now);
      const indexer = entityIndexer(store);
      const entities = createEntityService({
        store,
        indexer,
        clock,
        recorders: [createHistoryRecorder(clock)],
      });
      const retention = parseRetentionRules('1d,Sensor.humidity=off');
      temporal = createTemporalService({ store, entities, clock, retention });
      await temporal.provide(
        '',
        { id: ID, types: [SENSOR], attrs: { [T]: series(0), [H]: series(50) } },
        false,
      );
    });
    after(async () => store.dispose());

    const aggregate = async (methods: string, period?: string) => {
      const q = parseTemporalQuery({
        timerel: 'between',
        timeAt: at(0),
        endTimeAt: at(72),
        options: 'aggregatedValues',
        aggrMethods: methods,
        ...(period === undefined ? {} : { aggrPeriodDuration: period }),
      });
      return (await temporal.retrieve('', ID, [T], q)).entities[0]!.aggregated!.get(T)!;
    };
    const raw = async (attr: string) =>
      (await temporal.retrieve('', ID, [attr], parseTemporalQuery({}))).entities[0]!.rows.length;

    it('pruning removes instances older than the retention, rounded down to the hour', async () => {
      const before = await aggregate('totalCount,sum,sumsq,min,max,avg,stddev');
      const deleted = await temporal.pruneHistory(now);
      // Cutoff: now - 1 day = 48:30, rounded down to 48:00; 48 hours × 3 instances go.
      assert.equal(deleted, 144);
      assert.equal(await raw(T), 72);
      assert.deepEqual(await aggregate('totalCount,sum,sumsq,min,max,avg,stddev'), before);
    });

    it('an attribute whose retention is off keeps every instance', async () => {
      assert.equal(await raw(H), 216);
    });

    it('aggregation per day over the pruned range answers from the roll-ups', async () => {
      const days = await aggregate('totalCount,sum,max', 'P1D');
      for (const d of [0, 1, 2]) {
        const values = times.filter((h) => Math.floor(h / 24) === d).map(valueAt);
        assert.deepEqual(days.totalCount![d], [values.length, at(d * 24), at(d * 24 + 24)]);
        assert.equal(
          days.sum![d]![0],
          values.reduce((a, b) => a + b, 0),
        );
        assert.equal(days.max![d]![0], Math.max(...values));
      }
    });

    it('pruning again deletes nothing and changes no aggregate', async () => {
      const before = await aggregate('totalCount,sum,min,max', 'PT6H');
      assert.equal(await temporal.pruneHistory(now), 0);
      assert.deepEqual(await aggregate('totalCount,sum,min,max', 'PT6H'), before);
    });

    it('history provided late into a pruned hour is added to its roll-up', async () => {
      const late = { type: 'Property' as const, value: 1000, observedAt: at(0.5) };
      await temporal.provide('', { id: ID, types: [SENSOR], attrs: { [T]: [late] } }, true);
      assert.equal(await temporal.pruneHistory(now), 1);
      const first = await aggregate('totalCount,max', 'PT1H');
      assert.deepEqual(first.totalCount![0], [4, at(0), at(1)]);
      assert.deepEqual(first.max![0], [1000, at(0), at(1)]);
    });
  });
}
