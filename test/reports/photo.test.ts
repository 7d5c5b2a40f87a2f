import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import exifr from 'exifr';
import sharp from 'sharp';
import { storeNames, type TestApp } from '../support/index.js';
import { API_KEY, makeReportsApp, staffAct } from './reports-app.js';

/** A small JPEG with the camera's GPS position and the photographer's name in its EXIF. */
export async function photoWithGps(): Promise<Buffer> {
  return sharp({ create: { width: 64, height: 48, channels: 3, background: '#c33' } })
    .jpeg()
    .withExif({
      IFD0: { Make: 'TestCam', Artist: 'Nguyen Van A' },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '10/1 46/1 336/10',
        GPSLongitudeRef: 'E',
        GPSLongitude: '106/1 42/1 0/1',
      },
    })
    .toBuffer();
}

async function multipart(fields: Record<string, string>, photo: Buffer) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append('media', new Blob([new Uint8Array(photo)], { type: 'image/jpeg' }), 'photo.jpg');
  const res = new Response(form);
  return { payload: Buffer.from(await res.arrayBuffer()), contentType: res.headers.get('content-type')! };
}

for (const store of storeNames()) {
  describe(`a report with a photo (${store})`, () => {
    let t: TestApp;
    before(async () => {
      ({ t } = await makeReportsApp(store));
    });
    after(() => t.dispose());

    it('takes the location from the EXIF, strips the EXIF, and shows the photo only once approved', async () => {
      const body = await multipart(
        { api_key: API_KEY, service_code: '101', description: 'Ổ gà' },
        await photoWithGps(),
      );
      const res = await t.request('POST', '/open311/v2/requests.json', {
        payload: body.payload,
        headers: { 'content-type': body.contentType },
        anonymous: true,
      });
      assert.equal(res.statusCode, 201, res.body);
      const id = (res.json() as Array<{ service_request_id: string }>)[0]!.service_request_id;
      const staff = (await t.get(`/reports/v1/requests/${id}`)).json() as Record<string, unknown>;
      assert.ok(Math.abs(Number(staff.lat) - 10.776) < 1e-6);
      assert.ok(Math.abs(Number(staff.long) - 106.7) < 1e-6);
      assert.equal(staff.agency_id, 'q1-works', 'routed by the photo position');
      const url = new URL(String(staff.media_url));
      assert.equal((await t.get(url.pathname, { anonymous: true })).statusCode, 404, 'held for moderation');
      await staffAct(t, id, { action: 'approve' });
      const photo = await t.get(url.pathname, { anonymous: true });
      assert.equal(photo.statusCode, 200);
      assert.equal(photo.headers['content-type'], 'image/jpeg');
      assert.equal(await exifr.parse(photo.rawPayload), undefined, 'no EXIF left');
      assert.ok(!photo.rawPayload.includes(Buffer.from('Nguyen Van A')));
    });

    it('refuses a file that is not an image', async () => {
      const body = await multipart(
        { api_key: API_KEY, service_code: '101', lat: '10.77', long: '106.7' },
        Buffer.from('not an image'),
      );
      const res = await t.request('POST', '/open311/v2/requests.xml', {
        payload: body.payload,
        headers: { 'content-type': body.contentType },
        anonymous: true,
      });
      assert.equal(res.statusCode, 400);
      assert.match(res.body, /<code>400<\/code>/);
    });
  });
}
