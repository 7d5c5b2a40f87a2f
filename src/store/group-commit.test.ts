import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  GROUP_STATEMENTS,
  GroupCommitter,
  type DeferredStatement,
  type PipelineDriver,
  type TxDriver,
} from './group-commit.js';
import type { SqlExecutor } from './store.js';

// The group committer with a pipeline that records what it is sent (the SQLite writer thread is
// tested in sqlite/write-pipeline.test.ts): how a batch of units is cut into groups.

const unusedTx: TxDriver = {
  begin: () => Promise.reject(new Error('no transaction expected')),
  savepoint: async () => undefined,
  release: async () => undefined,
  rollbackToSavepoint: async () => undefined,
  commit: async () => undefined,
  rollback: async () => undefined,
};

function recordingPipeline(log: string[]) {
  const groups: Array<{ answer: () => void }> = [];
  const pipeline: PipelineDriver = {
    committed: {} as SqlExecutor,
    up: () => true,
    run: (statements: DeferredStatement[]) =>
      new Promise<void>((resolve) => {
        log.push(`group of ${statements.length}`);
        groups.push({ answer: resolve });
      }),
  };
  return { pipeline, groups };
}

/** Lets the event loop turn until `done`, or 1,000 turns (the test's assertions then tell why). */
async function turnsUntil(done: () => boolean): Promise<void> {
  for (let i = 0; i < 1000 && !done(); i++) await new Promise((r) => setImmediate(r));
}

const writes = (n: number, log: string[], name: string) => async (tx: SqlExecutor) => {
  log.push(`unit ${name}`);
  for (let i = 0; i < n; i++) await tx.defer('INSERT INTO t VALUES (?)', [i]);
  return name;
};

describe('GroupCommitter with a pipeline', () => {
  it('sends the units of one turn as one group', async () => {
    const log: string[] = [];
    const { pipeline, groups } = recordingPipeline(log);
    const committer = new GroupCommitter(unusedTx, undefined, pipeline);
    const done = ['a', 'b', 'c'].map((n) => committer.submit(writes(10, log, n)));
    await turnsUntil(() => groups.length >= 1);
    assert.deepEqual(log, ['unit a', 'unit b', 'unit c', 'group of 30']);
    groups[0]!.answer();
    assert.deepEqual(await Promise.all(done), ['a', 'b', 'c']);
  });

  it('sends a large group before building the rest of the batch, and answers each unit with its group', async () => {
    const log: string[] = [];
    const { pipeline, groups } = recordingPipeline(log);
    const committer = new GroupCommitter(unusedTx, undefined, pipeline);
    const settled: string[] = [];
    const big = Math.ceil(GROUP_STATEMENTS / 2);
    const done = ['a', 'b', 'c', 'd'].map((n) =>
      committer.submit(writes(n === 'd' ? 3 : big, log, n)).then((v) => settled.push(v)),
    );
    await turnsUntil(() => groups.length >= 2);
    assert.deepEqual(log, [
      'unit a',
      'unit b',
      `group of ${2 * big}`,
      'unit c',
      'unit d',
      `group of ${big + 3}`,
    ]);
    // Neither group is durable yet: no unit is answered.
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(settled, []);
    groups[0]!.answer();
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(settled, ['a', 'b']);
    groups[1]!.answer();
    await Promise.all(done);
    assert.deepEqual(settled, ['a', 'b', 'c', 'd']);
  });
});
