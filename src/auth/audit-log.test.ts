import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { GENESIS, recordHash, stateHash } from './audit-log.js';

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
