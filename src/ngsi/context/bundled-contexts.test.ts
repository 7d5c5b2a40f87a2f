import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { bundledContextUrls, coreContextUrl, isBundledContextUrl, isCoreContextUrl } from './index.js';

const root = fileURLToPath(new URL('./bundled/', import.meta.url));
const sources = readFileSync(join(root, 'SOURCES.md'), 'utf8');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)],
  );
}

describe('the bundled files', () => {
  it('are the copies SOURCES.md records, byte for byte', () => {
    for (const file of files(root).filter((f) => !f.endsWith('SOURCES.md'))) {
      const sha = createHash('sha256').update(readFileSync(file)).digest('hex');
      assert.ok(
        sources.includes(sha),
        `${relative(root, file)} (sha256 ${sha}) is not recorded in SOURCES.md`,
      );
    }
  });

  it('each sit beside their licence', () => {
    for (const file of files(root).filter((f) => f.endsWith('.jsonld'))) {
      const dir = dirname(file);
      assert.ok(
        existsSync(join(dir, 'LICENSE')) || existsSync(join(dir, 'LICENSE.md')),
        `no licence for ${file}`,
      );
    }
  });
});

describe('the canonical URL table', () => {
  it('maps the core context of every version and both addresses of every Smart Data Models repository', () => {
    const urls = bundledContextUrls();
    for (const v of ['', '-v1.3', '-v1.4', '-v1.5', '-v1.6', '-v1.7', '-v1.8', '-v1.9']) {
      const url = `https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context${v}.jsonld`;
      assert.ok(urls.includes(url), url);
      assert.ok(isCoreContextUrl(url), url);
    }
    for (const repo of readdirSync(join(root, 'sdm'))) {
      assert.ok(
        isBundledContextUrl(
          `https://raw.githubusercontent.com/smart-data-models/${repo}/master/context.jsonld`,
        ),
      );
      assert.ok(isBundledContextUrl(`https://smart-data-models.github.io/${repo}/context.jsonld`));
    }
    for (const url of [
      'https://smartdatamodels.org/context.jsonld',
      'https://fiware.github.io/data-models/context.jsonld',
    ]) {
      assert.ok(isBundledContextUrl(url), url);
    }
    assert.equal(coreContextUrl, 'https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.8.jsonld');
    assert.ok(!isCoreContextUrl('https://smartdatamodels.org/context.jsonld'));
  });
});
