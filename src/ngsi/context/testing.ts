// Helpers shared by this module's tests.
import assert from 'node:assert/strict';
import { isDothiError } from '../../kernel/index.js';
import type { ErrorCode } from '../../kernel/index.js';

/** A fetch that fails the test if anything tries to use the network. */
export const noNetwork: typeof fetch = async (input) => {
  throw new Error(`unexpected network access: ${String(input)}`);
};

export async function rejectsWithCode(promise: Promise<unknown>, code: ErrorCode): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(isDothiError(err), `expected a DothiError, got ${String(err)}`);
    assert.equal(err.code, code);
    return true;
  });
}

export function throwsWithCode(fn: () => unknown, code: ErrorCode): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(isDothiError(err), `expected a DothiError, got ${String(err)}`);
    assert.equal(err.code, code);
    return true;
  });
}
