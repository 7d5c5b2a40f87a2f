import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { makeStore, storeNames } from '../../../test/support/index.js';
import { fixedClock } from '../../kernel/index.js';
import type { Store } from '../../store/index.js';
import { createEntityService, type EntityService } from '../entity/entity-service.js';
import { entityIndexer } from '../ngsi.js';
import { createHistoryRecorder } from './history-recorder.js';
import { createTemporalService, type TemporalService } from './temporal-service.js';
import { parseTemporalQuery } from './temporal-query.js';

const T = 'https://example.org/temperature';
const H = 'https://example.org/humidity';
const ID = 'urn:ngsi-ld:Sensor:s1';
const T0 = Date.parse('2026-01-01T00:00:00.000Z');
const at = (m: number) => new Date(T0 + m * 60_000).toISOString();
const prop = (value: number, m: number) => [{ type: 'Property' as const, value, observedAt: at(m) }];

for (const name of storeNames()) {
  describe(`temporal service with an instance cap of 3 (${name})`, () => {
    let store: Store & { dispose(): Promise<void> };
    let entities: EntityService;
    let temporal: TemporalService;
    const values = (r: Awaited<ReturnType<TemporalService['retrieve']>>, attr = T) =>
      r.entities[0]!.rows.filter((x) => x.attr === attr).map((x) => JSON.parse(x.value!).value as number);

    before(async () => {
      store = await makeStore(name);
      const clock = fixedClock(T0);
      const indexer = entityIndexer(store);
      entities = createEntityService({ store, indexer, clock, recorders: [createHistoryRecorder(clock)] });
      temporal = createTemporalService({ store, entities, maxInstances: 3 });
      await entities.create('', {
        id: ID,
        types: ['https://example.org/Sensor'],
        attrs: { [T]: prop(0, 0), [H]: prop(50, 0) },
      });
      for (let i = 1; i <= 5; i++) {
        clock.advance(1000);
        await entities.appendAttributes('', ID, { [T]: prop(i, i) }, false);
      }
      await entities.appendAttributes('', ID, { [H]: prop(51, 10) }, false);
    });
    after(async () => store.dispose());

    it('a long history is cut at the cap with the time range it covers', async () => {
      const r = await temporal.retrieve('', ID, undefined, parseTemporalQuery({}));
      assert.deepEqual(values(r), [0, 1, 2]);
      assert.deepEqual(r.range, { start: at(0), end: at(2) });
      // Every attribute is cut at the same time, so the range holds for the whole answer.
      assert.deepEqual(values(r, H), [50]);
    });

    it('the range starts at timeAt when one is given', async () => {
      const r = await temporal.retrieve('', ID, [T], parseTemporalQuery({ timerel: 'after', timeAt: at(0) }));
      assert.deepEqual(values(r), [1, 2, 3]);
      assert.deepEqual(r.range, { start: at(0), end: at(3) });
    });

    it('lastN within the cap is not truncated', async () => {
      const r = await temporal.retrieve('', ID, [T], parseTemporalQuery({ lastN: '2' }));
      assert.deepEqual(values(r), [4, 5]);
      assert.equal(r.range, undefined);
    });

    it('lastN beyond the cap gives the newest instances with a range from the newest back', async () => {
      const r = await temporal.retrieve('', ID, [T], parseTemporalQuery({ lastN: '5' }));
      assert.deepEqual(values(r), [3, 4, 5]);
      assert.deepEqual(r.range, { start: at(5), end: at(3) });
    });

    it('a short history is not truncated', async () => {
      const r = await temporal.retrieve('', ID, [H], parseTemporalQuery({}));
      assert.deepEqual(values(r, H), [50, 51]);
      assert.equal(r.range, undefined);
    });
  });

  describe(`instance series of one attribute with datasetIds, with an instance cap of 3 (${name})`, () => {
    let store: Store & { dispose(): Promise<void> };
    let temporal: TemporalService;
    const B = 'urn:ngsi-ld:Dataset:b';
    const series = (r: Awaited<ReturnType<TemporalService['retrieve']>>) =>
      r.entities[0]!.rows.map((x) => `${x.dataset_id ?? '-'} ${JSON.parse(x.value!).value}`);
    const instance = (value: number, m: number, datasetId?: string) => ({
      type: 'Property' as const,
      value,
      observedAt: at(m),
      ...(datasetId === undefined ? {} : { datasetId }),
    });

    before(async () => {
      store = await makeStore(name);
      const clock = fixedClock(T0);
      const indexer = entityIndexer(store);
      const entities = createEntityService({
        store,
        indexer,
        clock,
        recorders: [createHistoryRecorder(clock)],
      });
      temporal = createTemporalService({ store, entities, maxInstances: 3 });
      // Interleaved: the default series at even minutes 0-4, dataset b at odd minutes 1-5; and
      // the default series alone at minutes 10-15.
      const attrs = {
        [T]: [0, 1, 2, 3, 4, 5].map((m) => instance(m, m, m % 2 === 1 ? B : undefined)),
        [H]: [10, 11, 12, 13, 14, 15].map((m) => instance(m, m)),
      };
      await temporal.provide('', { id: ID, types: ['https://example.org/Sensor'], attrs }, false);
    });
    after(async () => store.dispose());

    it('each series is capped on its own: three of each are not truncated', async () => {
      const r = await temporal.retrieve('', ID, [T], parseTemporalQuery({}));
      assert.deepEqual(series(r), ['- 0', `${B} 1`, '- 2', `${B} 3`, '- 4', `${B} 5`]);
      assert.equal(r.range, undefined);
    });

    it('lastN gives the newest of each series', async () => {
      const r = await temporal.retrieve('', ID, [T], parseTemporalQuery({ lastN: '2' }));
      assert.deepEqual(series(r), ['- 2', `${B} 3`, '- 4', `${B} 5`]);
    });

    it('a series without datasetId beside one with is cut at the cap', async () => {
      const r = await temporal.retrieve(
        '',
        ID,
        undefined,
        parseTemporalQuery({ timerel: 'after', timeAt: at(0) }),
      );
      assert.deepEqual(series(r), ['- 10', '- 11', '- 12', `${B} 1`, '- 2', `${B} 3`, '- 4', `${B} 5`]);
      assert.deepEqual(r.range, { start: at(0), end: at(12) });
    });
  });
}
