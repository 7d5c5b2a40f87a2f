import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';

const dothi = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, ['bin/dothi.js', ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });

describe('the dothi command', () => {
  it('prints its help with --help and exits 0', () => {
    const r = dothi(['--help']);
    assert.equal(r.status, 0);
    assert.match(r.stdout, /dothi serve/);
  });

  it('prints the package version with --version', () => {
    const r = dothi(['--version']);
    assert.equal(r.status, 0);
    assert.match(r.stdout.trim(), /^\d+\.\d+\.\d+$/);
  });

  it('refuses an unknown command with exit code 1', () => {
    assert.equal(dothi(['frobnicate']).status, 1);
  });

  it('stops at start with one message naming every bad variable', () => {
    const r = dothi(['serve'], { PORT: 'x', DOTHI_LOG_LEVEL: 'loud' });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /PORT/);
    assert.match(r.stderr, /DOTHI_LOG_LEVEL/);
  });
});
