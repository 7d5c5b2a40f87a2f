#!/usr/bin/env -S node --max-semi-space-size=64
// Node options are on the line above (`npm start` and `npm run serve` run this file too): 64 MiB
// semi-spaces for the young generation. Under write load a request's objects live until its commit
// is durable, tens of milliseconds; with the default 16 MiB they outlive two scavenges, so each is
// copied twice and promoted. Measured: 6-15 % more creates, batch upserts and ingested measures.
// The `dothi` command. The TypeScript sources are transpiled to dist/ first (esbuild, well under
// a second), so the process runs plain JavaScript.
import { buildDist } from '../scripts/build.js';

await buildDist();
const { main } = await import('../dist/src/cli.js');
process.exitCode = await main(process.argv.slice(2));
