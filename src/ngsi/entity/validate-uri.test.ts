import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isAbsoluteUri } from './validate-uri.js';

describe('isAbsoluteUri', () => {
  it('accepts URNs, URLs and IRIs with non-ASCII letters', () => {
    for (const s of [
      'urn:ngsi-ld:T:1',
      'urn:ngsi-ld::wastecontainer-Osuna-100',
      'https://example.org/a?b=c#d',
      'urn:ngsi-ld:Street:Hàng_Bạc',
      'urn:x:a%20b',
    ]) {
      assert.ok(isAbsoluteUri(s), s);
    }
  });

  it('refuses strings without scheme, with spaces, forbidden characters or bad escapes', () => {
    for (const s of [
      'abc',
      'not a uri',
      'urn:',
      ':x',
      '1a:b',
      'a_b:c',
      'urn:a b',
      'urn:<a>',
      'urn:a%2',
      'urn:a\n',
      3,
    ]) {
      assert.ok(!isAbsoluteUri(s), String(s));
    }
  });
});
