// The whole loop in a real browser (Chromium through playwright-core): a citizen reports with a
// photo whose EXIF holds the place → the right agency sees it → staff answer → the citizen sees
// the answer and rates it → the public statistics change. Screenshots go to test-results/citizen/.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { build } from 'vite';
import { fixedClock } from '../../src/kernel/index.js';
import { makeTestApp, storeNames, type TestApp } from '../support/index.js';
import { launchChromium } from '../support/browser.js';

const SHOTS = 'test-results/citizen';

/** A photo taken at Bến Thành market (District 1): 10°46'21" N, 106°41'52.8" E. */
function benThanhPhoto(): Promise<Buffer> {
  return sharp({ create: { width: 320, height: 240, channels: 3, background: '#7a6a58' } })
    .jpeg()
    .withExif({
      IFD0: { Make: 'PhoneCam', Artist: 'Trần Thị B' },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '10/1 46/1 210/10',
        GPSLongitudeRef: 'E',
        GPSLongitude: '106/1 41/1 528/10',
      },
    })
    .toBuffer();
}

describe('the citizen app in a browser', () => {
  let browser: Browser;
  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    await build({ configFile: 'web/citizen/vite.config.ts', logLevel: 'warn' });
    browser = await launchChromium();
  });
  after(() => browser?.close());

  for (const store of storeNames()) {
    describe(`the whole loop (${store})`, () => {
      let t: TestApp;
      let base: string;
      let page: Page;
      const keys: Record<string, Record<string, string>> = {};
      before(async () => {
        t = await makeTestApp(store, { DOTHI_REPORTS_ESCALATE_S: '0' }, fixedClock(Date.now()));
        base = await t.app.http.listen({ host: '127.0.0.1', port: 0 });
        for (const agency of ['ubnd-quan-1', 'ubnd-quan-3']) {
          const r = await t.post('/auth/apikeys', { name: agency, roles: 'agency', agency });
          assert.equal(r.statusCode, 201, r.body);
          keys[agency] = { authorization: `Bearer ${(r.json() as { key: string }).key}` };
        }
        page = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1 });
      });
      after(async () => {
        await page?.close();
        await t.dispose();
      });

      const onTime = async () => {
        await page.goto(`${base}/citizen/#/stats`);
        await page.waitForSelector('#stats');
        const cell = page.locator('tr[data-agency="ubnd-quan-1"] .on-time');
        return (await cell.count()) === 0 ? 0 : Number(await cell.first().textContent());
      };
      const staffList = async (agency: string) =>
        (
          (await t.get('/reports/v1/requests', { headers: keys[agency]!, anonymous: true })).json() as Array<{
            service_request_id: string;
          }>
        ).map((r) => r.service_request_id);

      it('reports with a photo, routes it, answers it, and the citizen rates it', async () => {
        const before = await onTime();

        // 1. The citizen reports a pothole with a photo; the place comes from the photo.
        await page.goto(`${base}/citizen/`);
        await page.waitForSelector('#category option[value="road-damage"]', { state: 'attached' });
        await page.selectOption('#category', 'road-damage');
        await page.setInputFiles('#photo', {
          name: 'o-ga.jpg',
          mimeType: 'image/jpeg',
          buffer: await benThanhPhoto(),
        });
        await page.waitForFunction(() => document.getElementById('where')?.textContent?.includes('10.772'));
        await page.fill('#description', 'Ổ gà sâu trước chợ Bến Thành, xe máy dễ té.');
        await page.fill('#email', 'b.tran@example.vn');
        await page.screenshot({ path: `${SHOTS}/1-report-${store}.png`, fullPage: true });
        await page.click('button[type=submit]');
        const link = (await page.locator('#follow-link').getAttribute('href'))!;
        await page.screenshot({ path: `${SHOTS}/2-received-${store}.png`, fullPage: true });
        const id = /#\/r\/([^?]+)/.exec(link)![1]!;

        // 2. The right agency sees it, another does not.
        assert.ok((await staffList('ubnd-quan-1')).includes(id), 'District 1 sees the report');
        assert.ok(!(await staffList('ubnd-quan-3')).includes(id), 'District 3 does not');

        // 3. A moderator publishes the text and photo; District 1 answers.
        assert.equal(
          (await t.post(`/reports/v1/requests/${id}/actions`, { action: 'approve' })).statusCode,
          200,
        );
        const act = (body: Record<string, string>) =>
          t.post(`/reports/v1/requests/${id}/actions`, body, {
            headers: keys['ubnd-quan-1']!,
            anonymous: true,
          });
        assert.equal((await act({ action: 'acknowledge' })).statusCode, 200);
        const answer = 'Đội duy tu đã vá ổ gà sáng nay. Cảm ơn bạn!';
        const resolved = await act({ action: 'resolve', note: answer });
        assert.equal(resolved.statusCode, 200, resolved.body);

        // 4. The citizen follows the link, sees the answer and the photo without EXIF, and rates.
        await page.goto(link);
        await page.waitForSelector('#answer');
        assert.equal(await page.locator('#answer').textContent(), answer);
        const photoSrc = await page.locator('#request img').getAttribute('src');
        const photo = await fetch(new URL(photoSrc!, base));
        assert.equal(photo.status, 200);
        assert.ok(!Buffer.from(await photo.arrayBuffer()).includes(Buffer.from('PhoneCam')), 'EXIF stripped');
        await page.click('[data-rate="5"]');
        await page.waitForSelector('#rated');
        await page.screenshot({ path: `${SHOTS}/3-answer-rated-${store}.png`, fullPage: true });
        const staffView = (await t.get(`/reports/v1/requests/${id}`)).json() as { rating: number };
        assert.equal(staffView.rating, 5);

        // 5. The public statistics count one more answer on time for District 1.
        assert.equal(await onTime(), before + 1);
        await page.screenshot({ path: `${SHOTS}/4-statistics-${store}.png`, fullPage: true });

        // The public map shows the report, in English too.
        await page.goto(`${base}/citizen/#/map`);
        await page.click('#lang');
        await page.waitForSelector('.leaflet-interactive');
        assert.equal(await page.locator('#nav a').first().textContent(), 'Report');
        await page.screenshot({ path: `${SHOTS}/5-map-en-${store}.png`, fullPage: true });
      });
    });
  }
});
