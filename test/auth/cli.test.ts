// The administration commands against a SQLite database: users, API keys, and `dothi audit
// verify` naming a record that was edited in the store.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';

describe('dothi user, apikey and audit commands', () => {
  let dir: string;
  let db: string;
  const dothi = (...args: string[]) =>
    spawnSync(process.execPath, ['bin/dothi.js', ...args], {
      encoding: 'utf8',
      env: { ...process.env, DOTHI_SQLITE_PATH: db, DOTHI_LOG_LEVEL: 'silent', DATABASE_URL: '' },
    });
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'dothi-cli-'));
    db = join(dir, 'dothi.db');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('adds a user and prints a one-time password', () => {
    const r = dothi(
      'user',
      'add',
      'mai',
      '--role',
      'agency',
      '--agency',
      'transport',
      '--types',
      'ParkingSpot',
    );
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /one-time password: \S{12,}/);
    assert.equal(dothi('user', 'add', 'mai', '--role', 'operator').status, 2);
    assert.equal(dothi('user', 'add', 'x', '--role', 'king').status, 2);
  });

  it('creates and revokes an API key', () => {
    const r = dothi('apikey', 'create', '--name', 'gateway', '--role', 'operator', '--expires', '30d');
    assert.equal(r.status, 0, r.stderr);
    const id = /API key ([0-9a-f]{16}) created/.exec(r.stdout)?.[1];
    assert.ok(id);
    assert.match(r.stdout, new RegExp(`dk_${id}\\.`));
    assert.equal(dothi('apikey', 'revoke', id).status, 0);
    assert.equal(dothi('apikey', 'revoke', id).status, 2);
  });

  it('verifies the audit log, then names the record edited in the store', () => {
    const ok = dothi('audit', 'verify');
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.stdout, /intact: 3 records/);
    const sqlite = new Database(db);
    sqlite.prepare("UPDATE audit_log SET target = 'something else' WHERE seq = 2").run();
    sqlite.close();
    const bad = dothi('audit', 'verify');
    assert.equal(bad.status, 3);
    assert.match(bad.stdout, /^record 2: content does not match its hash/m);
    assert.doesNotMatch(bad.stdout, /^record [13]:/m);
  });

  it('exports the log as JSON lines and as syslog', () => {
    const jsonl = dothi('audit', 'export').stdout.trim().split('\n');
    assert.equal(jsonl.length, 3);
    assert.equal((JSON.parse(jsonl[0]!) as { seq: number }).seq, 1);
    const syslog = dothi('audit', 'export', '--format', 'syslog').stdout.trim().split('\n');
    assert.ok(syslog.every((l) => l.startsWith('<110>1 ')));
  });
});
