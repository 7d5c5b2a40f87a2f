#!/usr/bin/env node
// Builds the web apps (web/<app>/vite.config.ts) into dist/web/<app> with Vite. An app is rebuilt
// only when one of its sources is newer than its last build, so a normal start costs a directory
// walk, not a build.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function newest(dir) {
  let latest = 0;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const s = statSync(path);
    latest = Math.max(latest, s.isDirectory() ? newest(path) : s.mtimeMs);
  }
  return latest;
}

/** Builds every web app whose sources (or package-lock.json) changed since its last build. */
export async function buildWeb({ force = false } = {}) {
  const webDir = join(root, 'web');
  if (!existsSync(webDir)) return;
  for (const app of readdirSync(webDir)) {
    const config = join(webDir, app, 'vite.config.ts');
    if (!existsSync(config)) continue;
    const stamp = join(root, 'dist', 'web', `${app}.built`);
    const sources = Math.max(newest(join(webDir, app)), statSync(join(root, 'package-lock.json')).mtimeMs);
    if (!force && existsSync(stamp) && Number(readFileSync(stamp, 'utf8')) >= sources) continue;
    const { build } = await import('vite');
    await build({ configFile: config });
    mkdirSync(dirname(stamp), { recursive: true });
    writeFileSync(stamp, String(sources));
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url))
  await buildWeb({ force: process.argv.includes('--force') });
