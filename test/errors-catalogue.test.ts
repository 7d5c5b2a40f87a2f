import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { errorCatalogue, errorCodes } from '../src/kernel/index.js';

describe('error catalogue', () => {
  const doc = readFileSync(new URL('../docs/errors.md', import.meta.url), 'utf8');

  it('documents every error code with its status and type in docs/errors.md', () => {
    for (const code of errorCodes) {
      const e = errorCatalogue[code];
      const row = doc.split('\n').find((l) => new RegExp(`^\\|\\s*\`${code}\`\\s*\\|`).test(l));
      assert.ok(row, `docs/errors.md has no row for ${code}`);
      assert.match(
        row,
        new RegExp(`\\|\\s*${e.status}\\s*\\|`),
        `${code}: status ${e.status} not documented`,
      );
      assert.ok(row.includes(e.type), `${code}: type not documented`);
    }
  });

  it('documents no code that the catalogue lacks', () => {
    const documented = [...doc.matchAll(/^\|\s*`([A-Z_]+)`\s*\|/gm)].map((m) => m[1]);
    assert.deepEqual(documented.sort(), [...errorCodes].sort());
  });

  it('uses the ETSI problem type URIs for the NGSI-LD errors', () => {
    assert.equal(errorCatalogue.BAD_REQUEST_DATA.type, 'https://uri.etsi.org/ngsi-ld/errors/BadRequestData');
    assert.equal(errorCatalogue.LD_CONTEXT_NOT_AVAILABLE.status, 503);
    assert.equal(errorCatalogue.NONEXISTENT_TENANT.status, 404);
  });
});
