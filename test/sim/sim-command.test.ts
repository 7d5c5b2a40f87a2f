// The `dothi sim` command from the outside.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';

const dothi = (args: string[]) =>
  spawnSync(process.execPath, ['bin/dothi.js', ...args], {
    encoding: 'utf8',
    env: { ...process.env, DOTHI_ADMIN_TOKEN: 'sim-command-test-token' },
  });

describe('the dothi sim command', () => {
  it('is listed in the help', () => {
    assert.match(dothi(['--help']).stdout, /dothi sim scenario/);
  });

  it('refuses an unknown scenario, naming the known ones', () => {
    const r = dothi(['sim', 'scenario', 'earthquake']);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /rainstorm, rush-hour, pollution-episode, power-fault/);
  });

  it('says so when no dothi answers', () => {
    const r = dothi(['sim', 'scenario', 'rainstorm', '--url', 'http://127.0.0.1:9']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /no dothi answers/);
  });
});
