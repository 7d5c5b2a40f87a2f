import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fromXml } from '../../src/reports/index.js';
import { storeNames, type TestApp } from '../support/index.js';
import { HELSINKI_DATA, makeReportsApp } from './reports-app.js';

// The City of Helsinki's real Open311 feedback (../shared/data/open311, MIT / City of Helsinki),
// imported and served back: every request and service with the same content.

const read = (f: string) =>
  JSON.parse(readFileSync(join(HELSINKI_DATA, f), 'utf8')) as Array<Record<string, unknown>>;
const byId = (list: Array<Record<string, unknown>>) =>
  [...list].sort((a, b) => String(a.service_request_id).localeCompare(String(b.service_request_id)));

for (const store of storeNames()) {
  describe(`the Helsinki Open311 sample (${store})`, () => {
    let t: TestApp;
    const requests = read('helsinki_georeport_v2_requests.json');
    before(async () => {
      ({ t } = await makeReportsApp(store));
      const res = await t.post('/reports/v1/import?jurisdiction_id=helsinki', requests);
      assert.equal(res.statusCode, 201, res.body);
    });
    after(() => t.dispose());

    it('serves the services back as given', async () => {
      const res = await t.get('/open311/v2/services.json?jurisdiction_id=helsinki', { anonymous: true });
      assert.deepEqual(res.json(), read('helsinki_georeport_v2_services.json'));
    });

    it('serves every request back with the same content, page by page', async () => {
      const served: Array<Record<string, unknown>> = [];
      for (let page = 1; ; page++) {
        const res = await t.get(
          `/open311/v2/requests.json?jurisdiction_id=helsinki&start_date=2014-01-01T00:00:00Z&end_date=2016-12-31T00:00:00Z&page_size=500&page=${page}`,
          { anonymous: true },
        );
        const list = res.json() as Array<Record<string, unknown>>;
        served.push(...list);
        if (list.length < 500) break;
      }
      assert.equal(served.length, 1380);
      assert.deepEqual(byId(served), byId(requests));
    });

    it('serves one request in XML with the same values', async () => {
      const first = requests[0]!;
      const res = await t.get(
        `/open311/v2/requests/${String(first.service_request_id)}.xml?jurisdiction_id=helsinki`,
        { anonymous: true },
      );
      const got = fromXml(res.body)[0]!;
      assert.equal(got.description, first.description);
      assert.equal(got.status_notes, first.status_notes);
      assert.equal(Number(got.lat), first.lat);
      assert.equal(got.expected_datetime, first.expected_datetime);
    });

    it('refuses to import a request twice and changes nothing', async () => {
      const res = await t.post('/reports/v1/import?jurisdiction_id=helsinki', [requests[0]]);
      assert.equal(res.statusCode, 400);
      const bad = await t.post('/reports/v1/import?jurisdiction_id=helsinki', [
        { ...requests[1], service_request_id: 'new-1', status: 'pending' },
      ]);
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json().code, 'BAD_REQUEST_DATA');
      const none = await t.get('/open311/v2/requests/new-1.json?jurisdiction_id=helsinki', {
        anonymous: true,
      });
      assert.equal(none.statusCode, 404);
    });
  });
}
