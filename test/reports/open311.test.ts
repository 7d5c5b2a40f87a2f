import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fromXml, reportEntityId } from '../../src/reports/index.js';
import { storeNames, type TestApp } from '../support/index.js';
import { API_KEY, file, makeReportsApp, pothole, postForm, staffAct } from './reports-app.js';

for (const store of storeNames()) {
  describe(`Open311 GeoReport v2 endpoints (${store})`, () => {
    let t: TestApp;
    before(async () => {
      ({ t } = await makeReportsApp(store));
    });
    after(() => t.dispose());

    const anon = (url: string) => t.get(url, { anonymous: true });

    it('lists services in JSON and XML without their routing data, publicly', async () => {
      const json = await anon('/open311/v2/services.json');
      assert.equal(json.statusCode, 200);
      const list = json.json() as Array<Record<string, unknown>>;
      assert.deepEqual(
        list.map((s) => s.service_code),
        ['101', '201', '301'],
      );
      assert.equal(list[0]!.service_name, 'Ổ gà, hư hỏng mặt đường');
      assert.equal(list[0]!.agencies, undefined);
      assert.equal(list[0]!.deadline_days, undefined);
      const xml = await anon('/open311/v2/services.xml');
      assert.match(xml.headers['content-type'] as string, /text\/xml/);
      assert.deepEqual(
        fromXml(xml.body).map((s) => s.service_code),
        ['101', '201', '301'],
      );
    });

    it('describes a service and its attributes in JSON and XML', async () => {
      const json = (await anon('/open311/v2/services/301.json')).json() as Array<{
        attributes: Array<{ code: string; values: unknown[] }>;
      }>;
      assert.equal(json[0]!.attributes[0]!.code, 'depth');
      assert.equal(json[0]!.attributes[0]!.values.length, 2);
      const xml = fromXml((await anon('/open311/v2/services/301.xml')).body);
      assert.equal(xml[0]!.service_code, '301');
      assert.ok(JSON.stringify(xml[0]!.attributes).includes('knee'));
    });

    it('answers an unknown service, request, token or jurisdiction with Open311 404 errors', async () => {
      for (const url of [
        '/open311/v2/services/999.json',
        '/open311/v2/requests/nope.json',
        '/open311/v2/tokens/nope.json',
        '/open311/v2/services.json?jurisdiction_id=atlantis',
      ]) {
        const res = await anon(url);
        assert.equal(res.statusCode, 404, url);
        const body = res.json() as Array<{ code: number; description: string }>;
        assert.equal(body[0]!.code, 404);
        assert.ok(body[0]!.description.length > 0);
      }
      const xml = await anon('/open311/v2/requests/nope.xml');
      assert.equal(xml.statusCode, 404);
      assert.deepEqual(fromXml(xml.body)[0]!.code, '404');
      assert.equal((await anon('/open311/v2/services.html')).statusCode, 404);
    });

    it('accepts a service request, then serves it by id and by token in JSON and XML', async () => {
      const res = await postForm(t, '/open311/v2/requests.xml', pothole);
      assert.equal(res.statusCode, 201);
      const made = fromXml(res.body)[0]!;
      const id = made.service_request_id as string;
      assert.match(made.service_notice as string, /2026-05-06T10:00:00.000Z/);
      const one = (await anon(`/open311/v2/requests/${id}.json`)).json() as Array<Record<string, unknown>>;
      assert.equal(one[0]!.service_request_id, id);
      assert.equal(one[0]!.status, 'open');
      assert.equal(one[0]!.agency_responsible, 'Phòng Quản lý đô thị Quận 1');
      assert.equal((one[0]!.extended_attributes as { agency_id: string }).agency_id, 'q1-works');
      assert.equal(one[0]!.expected_datetime, '2026-05-06T10:00:00.000Z');
      assert.equal(one[0]!.description, null, 'text waits for moderation');
      assert.equal(fromXml((await anon(`/open311/v2/requests/${id}.xml`)).body)[0]!.lat, '10.776');
      const byToken = (await anon(`/open311/v2/tokens/${made.token as string}.json`)).json() as Array<
        Record<string, unknown>
      >;
      assert.deepEqual(byToken, [{ service_request_id: id, token: made.token }]);
      assert.equal(
        fromXml((await anon(`/open311/v2/tokens/${made.token as string}.xml`)).body)[0]!.service_request_id,
        id,
      );
    });

    it('refuses bad submissions with Open311 errors and stores nothing', async () => {
      const before = ((await anon('/open311/v2/requests.json')).json() as unknown[]).length;
      const cases: Array<[Record<string, string>, number]> = [
        [{ ...pothole, api_key: 'wrong-key-123' }, 403],
        [{ ...pothole, service_code: '' }, 400],
        [{ ...pothole, service_code: '999' }, 400],
        [{ ...pothole, lat: '95' }, 400],
        [{ api_key: API_KEY, service_code: '101' }, 400],
        [{ ...pothole, description: '<script>x</script>' }, 400],
        [{ ...pothole, service_code: '301' }, 400],
        [{ ...pothole, service_code: '301', 'attribute[depth]': 'roof' }, 400],
      ];
      for (const [fields, status] of cases) {
        for (const fmt of ['json', 'xml']) {
          const res = await postForm(t, `/open311/v2/requests.${fmt}`, fields);
          assert.equal(res.statusCode, status, `${JSON.stringify(fields)} ${fmt}`);
          const err = fmt === 'json' ? (res.json() as Array<{ code: number }>)[0]! : fromXml(res.body)[0]!;
          assert.equal(Number(err.code), status);
        }
      }
      assert.equal(((await anon('/open311/v2/requests.json')).json() as unknown[]).length, before);
    });

    it('accepts address_string and service attributes, and JSON bodies', async () => {
      const made = await file(t, {
        api_key: API_KEY,
        service_code: '301',
        address_string: '12 Lê Lợi',
        'attribute[depth]': 'knee',
      });
      const one = (await anon(`/open311/v2/requests/${made.service_request_id}.json`)).json() as Array<
        Record<string, unknown>
      >;
      assert.equal(one[0]!.address, '12 Lê Lợi');
      const res = await t.post('/open311/v2/requests.json', { ...pothole }, { anonymous: true });
      assert.equal(res.statusCode, 201);
    });

    it('filters requests by service_code, status, dates and ids', async () => {
      const a = await file(t);
      const b = await file(t, { ...pothole, service_code: '201' });
      await staffAct(t, b.service_request_id, { action: 'resolve', note: 'Đã sửa đèn' });
      const ids = (url: string) =>
        t
          .get(url, { anonymous: true })
          .then((r) => (r.json() as Array<{ service_request_id: string }>).map((x) => x.service_request_id));
      assert.ok((await ids('/open311/v2/requests.json?service_code=201')).includes(b.service_request_id));
      assert.ok(!(await ids('/open311/v2/requests.json?service_code=201')).includes(a.service_request_id));
      assert.ok(!(await ids('/open311/v2/requests.json?status=open')).includes(b.service_request_id));
      assert.ok((await ids('/open311/v2/requests.json?status=closed')).includes(b.service_request_id));
      assert.deepEqual(
        (
          await ids(
            `/open311/v2/requests.json?service_request_id=${a.service_request_id},${b.service_request_id}`,
          )
        ).sort(),
        [a.service_request_id, b.service_request_id].sort(),
      );
      assert.deepEqual(await ids('/open311/v2/requests.json?start_date=2026-05-01T00:00:00Z'), []);
      assert.ok(
        (
          await ids('/open311/v2/requests.json?start_date=2026-04-01T00:00:00Z&end_date=2026-04-30T00:00:00Z')
        ).includes(a.service_request_id),
      );
      const xml = fromXml(
        (await anon(`/open311/v2/requests.xml?service_request_id=${a.service_request_id}`)).body,
      );
      assert.equal(xml[0]!.service_request_id, a.service_request_id);
      for (const q of [
        'status=pending',
        'start_date=yesterday',
        'page_size=0',
        'start_date=2026-05-01&end_date=2026-04-01',
      ]) {
        const res = await anon(`/open311/v2/requests.json?${q}`);
        assert.equal(res.statusCode, 400, q);
        assert.equal((res.json() as Array<{ code: number }>)[0]!.code, 400);
        assert.equal(fromXml((await anon(`/open311/v2/requests.xml?${q}`)).body)[0]!.code, '400');
      }
    });

    it('feeds service request updates (FixMyStreet) in JSON and XML', async () => {
      const a = await file(t);
      await staffAct(t, a.service_request_id, { action: 'acknowledge' });
      const feed = (
        await anon('/open311/v2/servicerequestupdates.json?start_date=2026-04-01T00:00:00Z')
      ).json() as Array<Record<string, unknown>>;
      const mine = feed.filter((u) => u.service_request_id === a.service_request_id);
      assert.deepEqual(
        mine.map((u) => u.external_status_code),
        ['OPEN', 'INVESTIGATING'],
      );
      const xml = fromXml(
        (await anon('/open311/v2/servicerequestupdates.xml?start_date=2026-04-01T00:00:00Z')).body,
      );
      assert.ok(xml.some((u) => u.service_request_id === a.service_request_id && u.status === 'open'));
    });

    it('never publishes personal data: not in Open311, not in the broker', async () => {
      const a = await file(t);
      await staffAct(t, a.service_request_id, { action: 'approve' });
      const open311 = (await anon(`/open311/v2/requests/${a.service_request_id}.json`)).body;
      const entities = (
        await t.get(
          '/ngsi-ld/v1/entities?type=https://smartdatamodels.org/dataModel.IssueTracking/IssueReporting&limit=1000',
        )
      ).body;
      for (const secret of [pothole.email, pothole.phone, pothole.last_name]) {
        assert.ok(!open311.includes(secret), `${secret} in Open311`);
        assert.ok(!entities.includes(secret), `${secret} in the broker`);
      }
      assert.ok(entities.includes(a.service_request_id), 'the report is an IssueReporting entity');
      const staff = (await t.get(`/reports/v1/requests/${a.service_request_id}`)).json() as {
        contact: { email: string };
      };
      assert.equal(staff.contact.email, pothole.email, 'staff see the contact');
    });

    it('publishes a citizen report as an IssueReporting entity at once, its text only after moderation', async () => {
      const a = await file(t);
      const url = `/ngsi-ld/v1/entities/${encodeURIComponent(reportEntityId({ jurisdiction: 'hcmc-test', id: a.service_request_id }))}`;
      const before = await t.get(url);
      assert.equal(before.statusCode, 200, before.body);
      assert.ok(!before.body.includes(pothole.description), 'no text before moderation');
      assert.ok(before.body.includes('Unassigned'));
      await staffAct(t, a.service_request_id, { action: 'approve' });
      assert.ok((await t.get(url)).body.includes(pothole.description));
    });

    it('keeps the staff API behind credentials', async () => {
      assert.equal((await t.get('/reports/v1/requests', { anonymous: true })).statusCode, 401);
      assert.equal((await t.post('/reports/v1/escalations', {}, { anonymous: true })).statusCode, 401);
    });
  });
}
