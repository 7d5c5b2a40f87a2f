// The operator map at city scale: 100,000 entities (BENCH_MAP_ENTITIES) of the point layers,
// created through the NGSI-LD API, loaded by the real app in Debian's headless Chromium. Reports
// the time to first render (page open → the first entities drawn), the time until every entity is
// loaded and drawn (the app pages through the NGSI-LD API), and the frame times while
// the operator pans and zooms (requestAnimationFrame intervals); the target is >= 30 frames/s.
import { mkdtempSync, rmSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildWeb } from '../scripts/build-web.js';
import { createApp } from '../src/app.js';
import { loadConfig, silentLogger } from '../src/kernel/index.js';
import { launchBrowser } from '../test/web/browser.js';

const N = Number(process.env.BENCH_MAP_ENTITIES ?? 100_000);
const TOKEN = 'bench-token-0123456789abcdef';
const BATCH = 10_000;

// Deterministic spread over central HCMC, every point layer represented.
const kinds = [
  ['OffStreetParking', (i: number) => ({ availableSpotNumber: i % 50, totalSpotNumber: 50 })],
  ['AirQualityObserved', (i: number) => ({ airQualityIndex: i % 320 })],
  ['FloodMonitoring', (i: number) => ({ currentLevel: (i % 60) / 100, alertLevel: 0.3, dangerLevel: 0.5 })],
  ['Streetlight', (i: number) => ({ status: i % 40 === 0 ? 'defectiveLamp' : 'ok', powerState: 'on' })],
  ['WasteContainer', (i: number) => ({ fillingLevel: (i % 100) / 100 })],
  ['Vehicle', () => ({ vehicleType: 'bus', serviceStatus: 'onRoute' })],
  ['Camera', () => ({ on: true })],
] as const;

function entity(i: number): unknown {
  const [type, attrs] = kinds[i % kinds.length]!;
  const x = Math.sin(i * 12.9898) * 43758.5453;
  const y = Math.sin(i * 78.233) * 12345.6789;
  const coordinates = [106.6 + (x - Math.floor(x)) * 0.25, 10.7 + (y - Math.floor(y)) * 0.2];
  const props = Object.entries(attrs(i)).map(([k, v]) => [k, { type: 'Property', value: v }]);
  return {
    id: `urn:ngsi-ld:${type}:bench-${i}`,
    type,
    location: { type: 'GeoProperty', value: { type: 'Point', coordinates } },
    ...Object.fromEntries(props),
  };
}

function stats(frames: number[]) {
  const s = [...frames].sort((a, b) => a - b);
  const at = (q: number) => Math.round(s[Math.min(s.length - 1, Math.floor(q * s.length))]! * 10) / 10;
  const mean = frames.reduce((a, b) => a + b, 0) / frames.length;
  return {
    frames: frames.length,
    medianMs: at(0.5),
    p95Ms: at(0.95),
    maxMs: at(1),
    meanFps: Math.round(1000 / mean),
  };
}

const dir = mkdtempSync(join(tmpdir(), 'dothi-map-bench-'));
await buildWeb();
const app = await createApp(
  loadConfig({
    DOTHI_ADMIN_TOKEN: TOKEN,
    DOTHI_SQLITE_PATH: join(dir, 'dothi.db'),
    DOTHI_SQLITE_SYNC: 'normal',
    DOTHI_LOG_LEVEL: 'silent',
  }),
  { log: silentLogger },
);
const t0 = performance.now();
for (let from = 0; from < N; from += BATCH) {
  const items = Array.from({ length: Math.min(BATCH, N - from) }, (_, k) => entity(from + k));
  const res = await app.http.inject({
    method: 'POST',
    url: '/ngsi-ld/v1/entityOperations/create',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    payload: JSON.stringify(items),
  });
  if (res.statusCode !== 201) throw new Error(`batch create: ${res.statusCode} ${res.body.slice(0, 300)}`);
}
const loadS = (performance.now() - t0) / 1000;
const url = await app.http.listen({ host: '127.0.0.1', port: 0 });

const browser = await launchBrowser();
const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
await page.addInitScript((token) => sessionStorage.setItem('dothi.ioc.token', token), TOKEN);
const started = Date.now();
await page.goto(url);
await page.waitForSelector('body[data-first-render]', { timeout: 600_000 });
const firstRenderMs = Date.now() - started;
await page.waitForSelector('body[data-entities]', { timeout: 600_000 });
await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
const allDrawnMs = Date.now() - started;
const loaded = Number(await page.getAttribute('body', 'data-entities'));

// A string, not a function: the TypeScript loader would wrap a named inner function in a helper
// that does not exist in the page.
await page.evaluate(`(() => {
  window.frames_ = [];
  window.stop_ = false;
  let last = performance.now();
  const tick = (t) => {
    window.frames_.push(t - last);
    last = t;
    if (!window.stop_) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})()`);
await page.waitForTimeout(2000);
const idle = await page.evaluate(() =>
  (window as unknown as { frames_: number[] }).frames_.splice(0).slice(1),
);
const box = (await page.locator('#map').boundingBox())!;
const cx = box.x + box.width / 2;
const cy = box.y + box.height / 2;
for (let round = 0; round < 3; round++) {
  await page.mouse.move(cx, cy);
  await page.mouse.down();
  for (let s = 1; s <= 30; s++) await page.mouse.move(cx + s * 10 * (round % 2 ? -1 : 1), cy + s * 5);
  await page.mouse.up();
  for (const dy of [-300, -300, 300, 300]) {
    await page.mouse.wheel(0, dy);
    await page.waitForTimeout(350);
  }
}
const frames = await page.evaluate(() => {
  const w = window as unknown as { frames_: number[]; stop_: boolean };
  w.stop_ = true;
  return w.frames_.slice(1);
});
await page.screenshot({ path: 'test-artifacts/map-bench.png' });
await browser.close();
await app.close();
rmSync(dir, { recursive: true, force: true });

console.log(
  JSON.stringify(
    {
      bench: 'map',
      entities: N,
      loadedInApp: loaded,
      apiLoadS: Math.round(loadS * 10) / 10,
      timeToFirstRenderMs: firstRenderMs,
      timeToAllDrawnMs: allDrawnMs,
      idle: stats(idle),
      interaction: stats(frames),
      loadAverage: os.loadavg().map((l) => Math.round(l * 10) / 10),
      targetFps: 30,
    },
    null,
    2,
  ),
);
