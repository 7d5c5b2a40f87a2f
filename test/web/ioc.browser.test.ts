import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { aqiBand } from '../../web/ioc/core/aqi.js';
import { storeNames, TEST_TOKEN } from '../support/index.js';
import { artifacts, colourAtMapCentre, launchBrowser, rgbOf } from './browser.js';
import { AIR_ID } from './demo-city.js';
import { serveDemo, type Served } from './serve.js';

// The operator app in Debian's Chromium against a running dothi holding the demo city.

const sameColour = (a: readonly number[], b: readonly number[]) =>
  a.slice(0, 3).every((v, i) => Math.abs(v - b[i]!) <= 3);

let browser: Browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser.close();
});

for (const storeName of storeNames()) {
  describe(`operator app (${storeName})`, () => {
    let served: Served;
    let page: Page;
    before(async () => {
      served = await serveDemo(storeName);
      page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    });
    after(async () => {
      await page.close();
      await served.close();
    });

    it('asks for the token, then draws the base map and every domain layer', async () => {
      await page.goto(served.url);
      await page.fill('#token', TEST_TOKEN);
      await page.press('#token', 'Enter');
      // The live feed opens first; the entity count is set once every layer has loaded.
      await page.waitForSelector('body[data-live="on"][data-entities]');
      assert.equal(await page.getAttribute('body', 'data-entities'), '16');
      const baseMapPanes = await page.locator('.leaflet-basemap-pane canvas').count();
      assert.ok(baseMapPanes >= 1, 'the offline base map is drawn');
      for (let i = 1; i <= 8; i++)
        assert.ok(
          await page
            .locator('#layer-list input')
            .nth(i - 1)
            .isChecked(),
        );
      await page.screenshot({ path: `${artifacts}/ioc-${storeName}-map.png` });
    });

    it('opens an entity found by search, with its attributes in words and a chart of its real history', async () => {
      await page.fill('#search', 'ben thanh');
      await page.locator('#results button', { hasText: 'Trạm Bến Thành' }).click();
      await page.waitForSelector('#entity:not([hidden])');
      await page.waitForSelector('#chart canvas');
      assert.equal(await page.getAttribute('#chart', 'data-points'), '12');
      const attrs = await page.locator('#entity-attrs').innerText();
      assert.match(attrs, /Chỉ số VN_AQI/);
      assert.doesNotMatch(attrs, /https?:\/\//);
      await page.screenshot({ path: `${artifacts}/ioc-${storeName}-entity.png` });
    });

    it('clicking the marker on the map opens the same entity', async () => {
      await page.click('#entity-close');
      const box = (await page.locator('#map').boundingBox())!;
      await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
      await page.waitForSelector('#entity:not([hidden])');
      assert.equal(await page.locator('#entity-name').innerText(), 'Trạm Bến Thành');
    });

    it('a live update changes the marker colour without a reload', async () => {
      const before = await colourAtMapCentre(page);
      assert.ok(sameColour(before, rgbOf(aqiBand(35).rgb)), `green before, got ${before.join(',')}`);
      await page.evaluate(() => ((window as unknown as { marker: number }).marker = 1));
      const status = await served.post(
        `/ngsi-ld/v1/entities/${encodeURIComponent(AIR_ID)}/attrs`,
        { airQualityIndex: { type: 'Property', value: 250, observedAt: new Date().toISOString() } },
        'PATCH',
      );
      assert.equal(status, 204);
      await page.waitForSelector('#entity-status[data-status="veryBad"]');
      const purple = rgbOf(aqiBand(250).rgb);
      await page.waitForFunction(
        ([want]) => {
          const map = document.getElementById('map')!.getBoundingClientRect();
          const canvas = document.querySelector<HTMLCanvasElement>('canvas.entities-canvas')!;
          const r = canvas.getBoundingClientRect();
          const s = canvas.width / r.width;
          const d = canvas
            .getContext('2d')!
            .getImageData(
              Math.round((map.left + map.width / 2 - r.left) * s),
              Math.round((map.top + map.height / 2 - r.top) * s),
              1,
              1,
            ).data;
          return want!.every((v, i) => Math.abs(v - d[i]!) <= 3);
        },
        [purple],
      );
      assert.equal(
        await page.evaluate(() => (window as unknown as { marker?: number }).marker),
        1,
        'no reload',
      );
      assert.match(await page.locator('#changes').innerText(), /Trạm Bến Thành/);
      await page.screenshot({ path: `${artifacts}/ioc-${storeName}-live.png` });
    });

    it('switches between Vietnamese and English', async () => {
      assert.equal(await page.locator('header h1').innerText(), 'Trung tâm điều hành');
      await page.locator('header button.lang').click();
      assert.equal(await page.locator('header h1').innerText(), 'Operations centre');
      assert.equal(await page.getAttribute('html', 'lang'), 'en');
      assert.match(await page.locator('#entity-attrs').innerText(), /VN_AQI/);
      assert.match(await page.locator('#kpis').innerText(), /Free parking spaces/);
      await page.screenshot({ path: `${artifacts}/ioc-${storeName}-english.png` });
      await page.keyboard.press('Escape');
      await page.keyboard.press('l');
      assert.equal(await page.locator('header h1').innerText(), 'Trung tâm điều hành');
      await page.screenshot({ path: `${artifacts}/ioc-${storeName}-language.png` });
    });
  });
}
