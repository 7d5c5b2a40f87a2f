import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { storeNames, TEST_TOKEN } from '../support/index.js';
import { serveDemo, type Served } from './serve.js';

// The live view over real HTTP: an SSE stream filtered to an area and layers, fed by the broker's
// committed changes.

interface Event {
  event: string;
  data: Record<string, unknown>;
}

/** Opens /live/stream and collects its events until `until` holds. */
async function openLive(served: Served, query: string) {
  const abort = new AbortController();
  const res = await fetch(`${served.url}/live/stream?${query}`, {
    headers: { authorization: `Bearer ${TEST_TOKEN}` },
    signal: abort.signal,
  });
  const events: Event[] = [];
  const waiters: Array<() => void> = [];
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  void (async () => {
    let buffer = '';
    for (;;) {
      const { done, value } = await reader.read().catch(() => ({ done: true, value: undefined }));
      if (done) return;
      buffer += value;
      let cut: number;
      while ((cut = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event !== undefined && data !== undefined) events.push({ event, data: JSON.parse(data) });
        for (const w of waiters.splice(0)) w();
      }
    }
  })();
  const until = async (check: (e: Event[]) => boolean) => {
    while (!check(events)) await new Promise<void>((r) => waiters.push(r));
  };
  await until((e) => e.some((x) => x.event === 'ready'));
  return { res, events, until, close: () => abort.abort() };
}

const parking = (id: string, lng: number, free: number) => ({
  id: `urn:ngsi-ld:OffStreetParking:${id}`,
  type: 'OffStreetParking',
  location: { type: 'GeoProperty', value: { type: 'Point', coordinates: [lng, 10.78] } },
  availableSpotNumber: { type: 'Property', value: free },
});

for (const storeName of storeNames()) {
  describe(`live view (${storeName})`, () => {
    let served: Served;
    before(async () => {
      served = await serveDemo(storeName, false);
    });
    after(() => served.close());

    it('streams the changes of entities inside the area and layers, in key-value form with short names', async () => {
      const live = await openLive(served, 'bbox=106.6,10.7,106.8,10.9&types=OffStreetParking');
      assert.equal(live.res.headers.get('content-type'), 'text/event-stream; charset=utf-8');
      assert.equal(await served.post('/ngsi-ld/v1/entities', parking('outside', 107.5, 5)), 201);
      assert.equal(
        await served.post('/ngsi-ld/v1/entities', {
          ...parking('x', 106.7, 1),
          type: 'Streetlight',
          id: 'urn:ngsi-ld:Streetlight:x',
        }),
        201,
      );
      assert.equal(await served.post('/ngsi-ld/v1/entities', parking('inside', 106.7, 12)), 201);
      await live.until((e) => e.some((x) => x.event === 'change'));
      const changes = live.events.filter((e) => e.event === 'change');
      assert.deepEqual(
        changes.map((c) => [c.data.id, c.data.type, c.data.availableSpotNumber]),
        [['urn:ngsi-ld:OffStreetParking:inside', 'OffStreetParking', 12]],
      );
      live.close();
    });

    it('sends an exit when an entity in view is deleted', async () => {
      const live = await openLive(served, 'bbox=106.6,10.7,106.8,10.9&types=OffStreetParking');
      const id = 'urn:ngsi-ld:OffStreetParking:mover';
      assert.equal(await served.post('/ngsi-ld/v1/entities', parking('mover', 106.7, 3)), 201);
      assert.equal(await served.post(`/ngsi-ld/v1/entities/${id}`, undefined, 'DELETE'), 204);
      await live.until((e) => e.some((x) => x.event === 'exit'));
      assert.deepEqual(
        live.events.filter((e) => e.event !== 'ready').map((e) => [e.event, e.data.id]),
        [
          ['change', id],
          ['exit', id],
        ],
      );
      live.close();
    });

    it('refuses a malformed area with a coded error, needs the token, and checks a token cheaply', async () => {
      const bad = await served.app.http.inject({
        method: 'GET',
        url: '/live/stream?bbox=1,2,3',
        headers: { authorization: `Bearer ${TEST_TOKEN}` },
      });
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json().code, 'BAD_REQUEST_DATA');
      const noLayers = await served.app.http.inject({
        method: 'GET',
        url: '/live/stream?bbox=1,2,3,4',
        headers: { authorization: `Bearer ${TEST_TOKEN}` },
      });
      assert.equal(noLayers.json().code, 'BAD_REQUEST_DATA');
      const anonymous = await served.app.http.inject({ method: 'GET', url: '/live/stream' });
      assert.equal(anonymous.statusCode, 401);
      const session = (headers: Record<string, string>) =>
        served.app.http.inject({ method: 'GET', url: '/live/session', headers });
      assert.equal((await session({ authorization: `Bearer ${TEST_TOKEN}` })).statusCode, 204);
      assert.equal((await session({ authorization: 'Bearer wrong-token-0123456789' })).statusCode, 401);
    });
  });
}
