import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { silentLogger } from '../kernel/index.js';
import type { EntityInput, EntityService } from '../ngsi/index.js';
import type { Store } from '../store/index.js';
import { createIngestBatcher } from './ingest-batcher.js';

// The batcher against a fake entity service whose batch writes stay open until the test ends
// them: what the store's group commit does with them is tested with the real stores elsewhere.

interface Call {
  ids: string[];
  finish(): void;
}

function harness(maxInFlight?: number) {
  const calls: Call[] = [];
  const entities = {
    batchUpsert: (_tenant: string, items: Array<{ value: EntityInput }>) =>
      new Promise((resolve) => {
        calls.push({
          ids: items.map((i) => i.value.id),
          finish: () => resolve({ success: items.map((i) => i.value.id), created: [], errors: [] }),
        });
      }),
  } as unknown as EntityService;
  const store = { write: async () => undefined } as unknown as Store;
  const batcher = createIngestBatcher({
    store,
    entities,
    log: silentLogger,
    maxBatch: 100,
    ...(maxInFlight === undefined ? {} : { maxInFlight }),
  });
  const measure = (id: string) =>
    batcher.measure('t', id, { id, types: ['urn:x:T'], attrs: {} }, '2026-01-01T00:00:00.000Z');
  return { calls, batcher, measure };
}

const turn = () => new Promise((r) => setImmediate(r));

describe('ingest batcher', () => {
  it('starts a new flush while earlier ones are not yet durable, up to the cap', async () => {
    const { calls, measure } = harness(2);
    const settled: string[] = [];
    const track = (id: string) => void measure(id).then(() => settled.push(id));
    track('a');
    await turn();
    track('b');
    await turn();
    track('c');
    await turn();
    await turn();
    // Two flushes are under way; 'c' waits for a free one.
    assert.deepEqual(
      calls.map((c) => c.ids),
      [['a'], ['b']],
    );
    calls[0]!.finish();
    await turn();
    await turn();
    assert.deepEqual(settled, ['a']);
    assert.deepEqual(
      calls.map((c) => c.ids),
      [['a'], ['b'], ['c']],
    );
    calls[1]!.finish();
    calls[2]!.finish();
    await turn();
    assert.deepEqual(settled, ['a', 'b', 'c']);
  });

  it('coalesces the measures that arrive in one turn into one batch write', async () => {
    const { calls, measure } = harness();
    const all = ['a', 'b', 'c'].map((id) => measure(id));
    await turn();
    assert.deepEqual(
      calls.map((c) => c.ids),
      [['a', 'b', 'c']],
    );
    calls[0]!.finish();
    await Promise.all(all);
  });

  it('drain waits for every flush under way', async () => {
    const { calls, batcher, measure } = harness(4);
    void measure('a');
    await turn();
    void measure('b');
    await turn();
    let drained = false;
    const d = batcher.drain().then(() => (drained = true));
    await turn();
    calls[1]!.finish();
    await turn();
    assert.equal(drained, false);
    calls[0]!.finish();
    await d;
    assert.equal(drained, true);
  });
});
