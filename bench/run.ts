// `npm run bench`: runs every benchmark (or those named: npm run bench -- broker) in turn.
const all: Record<string, () => Promise<unknown>> = {
  broker: () => import('./broker.bench.js'),
  temporal: () => import('./temporal.bench.js'),
  notify: () => import('./notify.bench.js'),
  ingest: () => import('./ingest.bench.js'),
  city: () => import('./city.bench.js'),
  map: () => import('./map.bench.js'),
};
const names = process.argv.slice(2).length > 0 ? process.argv.slice(2) : Object.keys(all);
for (const name of names) {
  const run = all[name];
  if (run === undefined) throw new Error(`unknown benchmark ${name}; known: ${Object.keys(all).join(', ')}`);
  await run();
}
