#!/usr/bin/env node
// Runs every test file (src/**/*.test.ts beside the code, test/**/*.test.ts for scenarios) with
// Node's test runner and the tsx loader. Usage: node scripts/test.js [filter-substring ...]
import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';

function find(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) find(path, out);
    else if (name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

const filters = process.argv.slice(2);
const files = ['src', 'test']
  .flatMap((dir) => find(dir))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
if (files.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}
// TAP as before, then the failures again at the very end (scripts/failures-reporter.js).
const reporters = [
  '--test-reporter=tap',
  '--test-reporter-destination=stdout',
  `--test-reporter=${join(dirname(fileURLToPath(import.meta.url)), 'failures-reporter.js')}`,
  '--test-reporter-destination=stderr',
];
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', ...reporters, ...files], {
  stdio: 'inherit',
  // Shared entity states frozen, so that code changing one fails (src/ngsi/entity/entity-cache.ts).
  env: {
    ...process.env,
    DOTHI_FREEZE_SHARED_STATES: process.env.DOTHI_FREEZE_SHARED_STATES ?? 'true',
    DOTHI_LOG_LEVEL: process.env.DOTHI_LOG_LEVEL ?? 'silent',
  },
});
process.exit(result.status ?? 1);
