#!/usr/bin/env node
// Transpiles src/ to dist/src/ with esbuild (types stripped, nothing bundled) and copies the
// assets the code reads at run time (migrations, bundled @contexts). Takes well under a second,
// so `dothi` runs it at every start and the compiled code can never be stale.
import { build } from 'esbuild';
import { cpSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildWeb } from './build-web.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function walk(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, out);
    else out.push(path);
  }
  return out;
}

export async function buildDist() {
  const src = join(root, 'src');
  const outdir = join(root, 'dist', 'src');
  const files = walk(src);
  const code = files.filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
  await build({
    entryPoints: code,
    outdir,
    outbase: src,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    bundle: false,
    sourcemap: 'linked',
    logLevel: 'error',
  });
  for (const f of files.filter((f) => !f.endsWith('.ts'))) cpSync(f, join(outdir, relative(src, f)));
  cpSync(join(root, 'package.json'), join(root, 'dist', 'package.json'));
  await buildWeb();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildDist();
