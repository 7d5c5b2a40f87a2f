import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '../kernel/index.js';
import { createSqliteStore, type Store } from '../store/index.js';
import { createAuditLog, GENESIS, recordHash, stateHash } from './audit-log.js';

describe('audit record hashes', () => {
  it('give one state one hash whatever the order of its keys', () => {
    const h = stateHash({ b: 1, a: { d: [2, { y: 1, x: 0 }], c: null } });
    assert.equal(h, stateHash({ a: { c: null, d: [2, { x: 0, y: 1 }] }, b: 1 }));
    assert.match(h!, /^[0-9a-f]{64}$/);
    assert.notEqual(h, stateHash({ a: { c: null, d: [2, { x: 0, y: 2 }] }, b: 1 }));
    assert.equal(stateHash(undefined), null);
  });

  it('change with any field of the record and with the previous hash', () => {
    const r = {
      seq: 1,
      at: '2026-01-01T00:00:00.000Z',
      actor: 'user:a',
      source: '127.0.0.1',
      action: 'entity.created',
      target: 'urn:x',
      tenant: '',
      beforeHash: null,
      afterHash: 'ab',
      prevHash: GENESIS,
    };
    const h = recordHash(r);
    assert.notEqual(recordHash({ ...r, actor: 'user:b' }), h);
    assert.notEqual(recordHash({ ...r, prevHash: '1'.repeat(64) }), h);
    assert.equal(recordHash({ ...r }), h);
  });
});

// Appends in pipelined units of work (store/group-commit.ts) read the chain's head once per
// pipeline and keep it in memory; a unit that fails after its append must give the head back.
describe('audit log on the SQLite writer thread', () => {
  let dir: string;
  let store: Store;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dothi-audit-'));
    store = createSqliteStore({ path: join(dir, 'a.db') });
    await store.migrate();
  });
  after(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the audit chain whole across pipelined groups, failed units and transactions', async () => {
    const audit = createAuditLog(store, systemClock);
    const append = (i: number, fail = false) =>
      store.write(async (tx) => {
        await audit.append(tx, { actor: 'test', action: `a${i}` });
        if (fail) throw new Error('refused after its audit record');
      });
    for (let round = 0; round < 3; round++) {
      const batch = [append(1), append(2, true), append(3)];
      // A unit that reads makes the next batch a transaction one.
      batch.push(store.write(async (tx) => void (await tx.get('SELECT 1'))));
      batch.push(append(4));
      await Promise.allSettled(batch);
    }
    const { checked, problems } = await audit.verify();
    assert.equal(checked, 9);
    assert.deepEqual(problems, []);
  });
});
