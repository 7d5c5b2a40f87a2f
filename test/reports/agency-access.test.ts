import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { storeNames, type TestApp } from '../support/index.js';
import { file, makeReportsApp, pothole } from './reports-app.js';

// Agency staff (role `agency`, bound to an agency) see and act on their agency's reports only.

for (const store of storeNames()) {
  describe(`agency staff and citizen reports (${store})`, () => {
    let t: TestApp;
    const keys: Record<string, Record<string, string>> = {};
    before(async () => {
      ({ t } = await makeReportsApp(store));
      for (const [name, body] of Object.entries({
        q1: { roles: 'agency', agency: 'q1-works' },
        q3: { roles: 'agency', agency: 'q3-works' },
        citizen: { roles: 'citizen' },
      })) {
        const r = await t.post('/auth/apikeys', { name, ...body });
        assert.equal(r.statusCode, 201, r.body);
        keys[name] = { authorization: `Bearer ${(r.json() as { key: string }).key}` };
      }
    });
    after(() => t.dispose());

    const as = (who: string) => ({ headers: keys[who]!, anonymous: true });

    it('lists to each agency only its own reports', async () => {
      const q1 = await file(t, { ...pothole, lat: '10.776', long: '106.700' });
      const q3 = await file(t, { ...pothole, lat: '10.780', long: '106.680' });
      const list = async (who: string) =>
        ((await t.get('/reports/v1/requests', as(who))).json() as Array<{ service_request_id: string }>).map(
          (r) => r.service_request_id,
        );
      assert.ok((await list('q1')).includes(q1.service_request_id));
      assert.ok(!(await list('q1')).includes(q3.service_request_id));
      assert.ok((await list('q3')).includes(q3.service_request_id));
      assert.equal((await t.get(`/reports/v1/requests/${q3.service_request_id}`, as('q1'))).statusCode, 403);
    });

    it("refuses an agency's action on another agency's report and changes nothing", async () => {
      const q3 = await file(t, { ...pothole, lat: '10.780', long: '106.680' });
      const url = `/reports/v1/requests/${q3.service_request_id}/actions`;
      const denied = await t.post(url, { action: 'resolve', note: 'x' }, as('q1'));
      assert.equal(denied.statusCode, 403);
      assert.equal(denied.json().code, 'FORBIDDEN');
      const ok = await t.post(url, { action: 'acknowledge' }, as('q3'));
      assert.equal(ok.statusCode, 200, ok.body);
      assert.equal(ok.json().state, 'acknowledged');
    });

    it('keeps citizens and agencies out of the staff API and the import', async () => {
      assert.equal((await t.get('/reports/v1/requests', as('citizen'))).statusCode, 403);
      assert.equal((await t.post('/reports/v1/import', [], as('q1'))).statusCode, 403);
      assert.equal((await t.post('/reports/v1/escalations', {}, as('q1'))).statusCode, 403);
    });
  });
}
