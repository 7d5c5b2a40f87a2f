#!/usr/bin/env node
// The `dothi` command. The TypeScript sources are transpiled to dist/ first (esbuild, well under
// a second), so the process runs plain JavaScript.
import { buildDist } from '../scripts/build.js';

await buildDist();
const { main } = await import('../dist/src/cli.js');
process.exitCode = await main(process.argv.slice(2));
