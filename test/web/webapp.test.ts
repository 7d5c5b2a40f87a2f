import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildWeb } from '../../scripts/build-web.js';
import { makeTestApp, storeNames, type TestApp } from '../support/index.js';

// Serving the operator app and its offline base map: public by design, and nothing else becomes
// public because of them.

for (const storeName of storeNames()) {
  describe(`operator app serving (${storeName})`, () => {
    let t: TestApp;
    before(async () => {
      await buildWeb();
      t = await makeTestApp(storeName);
    });
    after(() => t.dispose());

    it('serves the app shell and its assets without credentials', async () => {
      const page = await t.get('/', { anonymous: true });
      assert.equal(page.statusCode, 200);
      assert.match(page.headers['content-type'] as string, /^text\/html/);
      const script = /src="(\/assets\/[^"]+\.js)"/.exec(page.body)?.[1];
      assert.ok(script !== undefined, 'the page loads a built script');
      const asset = await t.get(script, { anonymous: true });
      assert.equal(asset.statusCode, 200);
      assert.match(asset.headers['content-type'] as string, /javascript/);
    });

    it('serves the base map layers of the city pack, and a coded 404 for an unknown layer', async () => {
      const config = (await t.get('/map/config', { anonymous: true })).json();
      assert.deepEqual(config.layers, ['outline', 'wards', 'districts', 'roads', 'waterways']);
      assert.equal(config.tilesUrl, null);
      assert.match(config.attribution, /OpenStreetMap/);
      const roads = await t.get('/map/layers/roads', { anonymous: true });
      assert.equal(roads.statusCode, 200);
      assert.equal(roads.json().type, 'FeatureCollection');
      const unknown = await t.get('/map/layers/secret', { anonymous: true });
      assert.equal(unknown.statusCode, 404);
      assert.equal(unknown.json().code, 'RESOURCE_NOT_FOUND');
    });

    it('keeps every API behind the token: only the root path itself is public', async () => {
      for (const url of ['/ngsi-ld/v1/entities?type=X', '/live/stream', '/index.html']) {
        assert.equal((await t.get(url, { anonymous: true })).statusCode, 401, url);
      }
    });

    it('passes MAP_TILES_URL to the app as its base map', async () => {
      const tiles = await makeTestApp(storeName, {
        MAP_TILES_URL: 'https://tiles.example.org/{z}/{x}/{y}.png',
      });
      try {
        assert.equal(
          (await tiles.get('/map/config')).json().tilesUrl,
          'https://tiles.example.org/{z}/{x}/{y}.png',
        );
      } finally {
        await tiles.dispose();
      }
    });
  });
}
