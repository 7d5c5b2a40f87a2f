import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CredentialCache } from './credential-cache.js';

describe('credential cache', () => {
  it('forgets an entry once its time is up', () => {
    const c = new CredentialCache<string>(1000);
    c.set('k', 'v', 0);
    assert.equal(c.get('k', 999), 'v');
    assert.equal(c.get('k', 1000), undefined);
  });

  it('keeps an entry no longer than the cache time, even when told a later end', () => {
    const c = new CredentialCache<string>(1000);
    c.set('k', 'v', 0, 5000);
    assert.equal(c.get('k', 1000), undefined);
  });

  it('stays within its size under a stream of new credentials, dropping the least recently used', () => {
    const c = new CredentialCache<number>(60_000, 100);
    c.set('kept', 0, 0);
    for (let i = 0; i < 10_000; i++) {
      assert.equal(c.get('kept', 0), 0, 'a credential in use stays');
      c.set(`bogus-${i}`, i, 0);
    }
    assert.equal(c.get('bogus-0', 0), undefined);
    assert.equal(c.get('bogus-9999', 0), 9999);
  });
});
