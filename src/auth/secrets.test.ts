import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generatePassword, hashPassword, passwordProblem, verifyPassword } from './secrets.js';

describe('passwords', () => {
  it('hashes with scrypt and a random salt, and verifies only the right password', async () => {
    const a = await hashPassword('Tuyet-voi-2026');
    const b = await hashPassword('Tuyet-voi-2026');
    assert.match(a, /^scrypt\$32768\$8\$1\$/);
    assert.notEqual(a, b);
    assert.equal(await verifyPassword('Tuyet-voi-2026', a), true);
    assert.equal(await verifyPassword('tuyet-voi-2026', a), false);
  });

  it('holds passwords to the policy, and generates passwords that meet it', () => {
    assert.ok(passwordProblem('short1A!') !== undefined);
    assert.ok(passwordProblem('alllowercaseletters') !== undefined);
    assert.equal(passwordProblem('Long-enough-pass1'), undefined);
    for (let i = 0; i < 20; i++) assert.equal(passwordProblem(generatePassword()), undefined);
  });
});
