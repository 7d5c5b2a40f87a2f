import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { configVariables, loadConfig, isDothiError } from '../src/kernel/index.js';

describe('configuration', () => {
  it('documents every variable in the README table', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    for (const name of Object.keys(configVariables)) {
      assert.match(
        readme,
        new RegExp(`^\\|\\s*\`${name}\`\\s*\\|`, 'm'),
        `README.md does not document ${name}`,
      );
    }
  });

  it('gives defaults that serve the demo on port 1026 with SQLite', () => {
    const c = loadConfig({});
    assert.equal(c.PORT, 1026);
    assert.equal(c.DOTHI_SQLITE_PATH, './data/dothi.db');
    assert.equal(c.DATABASE_URL, undefined);
    assert.ok(Object.isFrozen(c));
  });

  it('names every bad variable in one error', () => {
    try {
      loadConfig({ PORT: 'abc', DOTHI_LOG_LEVEL: 'loud', DOTHI_BODY_LIMIT: 'lots' });
      assert.fail('expected an error');
    } catch (err) {
      assert.ok(isDothiError(err));
      assert.equal(err.code, 'CONFIG_INVALID');
      const names = (err.extra.errors as Array<{ variable: string }>).map((e) => e.variable).sort();
      assert.deepEqual(names, ['DOTHI_BODY_LIMIT', 'DOTHI_LOG_LEVEL', 'PORT']);
    }
  });

  it('parses sizes with units', () => {
    assert.equal(loadConfig({ DOTHI_BODY_LIMIT: '2mib' }).DOTHI_BODY_LIMIT, 2 * 1024 * 1024);
    assert.equal(loadConfig({ DOTHI_BODY_LIMIT: '512' }).DOTHI_BODY_LIMIT, 512);
  });

  it('takes the SQLite checkpoint interval and WAL limit within bounds', () => {
    const c = loadConfig({ DOTHI_SQLITE_CHECKPOINT_MS: '1000', DOTHI_SQLITE_WAL_LIMIT: '512mib' });
    assert.equal(c.DOTHI_SQLITE_CHECKPOINT_MS, 1000);
    assert.equal(c.DOTHI_SQLITE_WAL_LIMIT, 512 * 1024 * 1024);
    assert.equal(loadConfig({}).DOTHI_SQLITE_WAL_LIMIT, 128 * 1024 * 1024);
    try {
      loadConfig({ DOTHI_SQLITE_CHECKPOINT_MS: '5', DOTHI_SQLITE_WAL_LIMIT: '64kb' });
      assert.fail('expected an error');
    } catch (err) {
      assert.ok(isDothiError(err));
      const names = (err.extra.errors as Array<{ variable: string }>).map((e) => e.variable).sort();
      assert.deepEqual(names, ['DOTHI_SQLITE_CHECKPOINT_MS', 'DOTHI_SQLITE_WAL_LIMIT']);
    }
  });

  it('refuses to turn authentication off on a non-loopback address', () => {
    assert.throws(
      () => loadConfig({ DOTHI_AUTH: 'off', HOST: '0.0.0.0' }),
      (err: unknown) => isDothiError(err) && err.code === 'CONFIG_INVALID',
    );
    assert.equal(loadConfig({ DOTHI_AUTH: 'off', HOST: '127.0.0.1' }).DOTHI_AUTH, 'off');
  });
});
