import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { buildWeb } from '../../scripts/build-web.js';

// The operator app's size budget, compressed as it travels: a wall screen or a laptop on a city
// network loads it in well under a second. Raise a budget only with a reason in the commit.
const budgets = { js: 110 * 1024, css: 12 * 1024 } as const;
const assets = 'dist/web/ioc/assets';

function gzippedBytes(ext: keyof typeof budgets): number {
  return readdirSync(assets)
    .filter((f) => f.endsWith(`.${ext}`))
    .reduce((sum, f) => sum + gzipSync(readFileSync(join(assets, f)), { level: 9 }).length, 0);
}

describe('operator app bundle', () => {
  before(() => buildWeb());

  for (const ext of ['js', 'css'] as const) {
    it(`keeps its ${ext} within ${budgets[ext] / 1024} KiB gzipped`, () => {
      const size = gzippedBytes(ext);
      assert.ok(size > 0, `no ${ext} was built`);
      assert.ok(
        size <= budgets[ext],
        `${ext}: ${(size / 1024).toFixed(1)} KiB gzipped > ${budgets[ext] / 1024} KiB`,
      );
    });
  }
});
