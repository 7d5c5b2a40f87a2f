import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { storeNames, type TestApp } from '../support/index.js';
import { file, makeReportsApp, pothole, postForm, staffAct, type Clock } from './reports-app.js';

const DAY = 86_400_000;

for (const store of storeNames()) {
  describe(`routing, deadlines, escalation and the staff workflow (${store})`, () => {
    let t: TestApp;
    let clock: Clock;
    before(async () => {
      // Friday 24 April 2026, 09:00 in Hồ Chí Minh City: the Hùng Kings make-up day and 30/4–1/5 follow.
      ({ t, clock } = await makeReportsApp(store, Date.parse('2026-04-24T09:00:00+07:00')));
    });
    after(() => t.dispose());

    const staff = async (id: string) =>
      (await t.get(`/reports/v1/requests/${id}`)).json() as Record<string, unknown>;
    const agencyList = async (agency: string) =>
      (
        (await t.get(`/reports/v1/requests?agency=${agency}`)).json() as Array<{ service_request_id: string }>
      ).map((r) => r.service_request_id);

    it('routes a report to the agency of its category whose area holds the point, and names the ward', async () => {
      const q1 = await file(t, { ...pothole, lat: '10.776', long: '106.700' });
      const q3 = await file(t, { ...pothole, lat: '10.780', long: '106.680' });
      const outside = await file(t, { ...pothole, lat: '10.850', long: '106.800' });
      const light = await file(t, { ...pothole, service_code: '201' });
      assert.equal((await staff(q1.service_request_id)).agency_id, 'q1-works');
      assert.equal((await staff(q1.service_request_id)).ward, 'ben-nghe');
      assert.equal((await staff(q3.service_request_id)).agency_id, 'q3-works');
      assert.equal((await staff(q3.service_request_id)).ward, 'vo-thi-sau');
      assert.equal((await staff(outside.service_request_id)).agency_id, 'city-works');
      assert.equal((await staff(light.service_request_id)).agency_id, 'city-transport');
      assert.ok((await agencyList('q1-works')).includes(q1.service_request_id));
      assert.ok(!(await agencyList('q1-works')).includes(q3.service_request_id));
    });

    it('sets the deadline in working days over the public holidays after a Friday filing', async () => {
      const light = await file(t, { ...pothole, service_code: '201' }); // 3 working days
      const flood = await file(t, { ...pothole, service_code: '301', 'attribute[depth]': 'knee' }); // 1 working day
      const s = await staff(light.service_request_id);
      assert.equal(s.expected_datetime, '2026-05-04T10:00:00.000Z'); // 28, 29 April, then Monday 4 May
      assert.equal(s.working_days_left, 3);
      assert.equal((await staff(flood.service_request_id)).expected_datetime, '2026-04-28T10:00:00.000Z');
    });

    it('escalates an overdue report to the supervising agency when the clock passes its deadline', async () => {
      const a = await file(t, { ...pothole, service_code: '301', 'attribute[depth]': 'ankle' });
      const answered = await file(t, { ...pothole, service_code: '301', 'attribute[depth]': 'ankle' });
      await staffAct(t, answered.service_request_id, { action: 'resolve', note: 'Đã bơm thoát nước' });
      let escalated = (await t.post('/reports/v1/escalations', {})).json() as { escalated: string[] };
      assert.ok(!escalated.escalated.includes(a.service_request_id), 'not before the deadline');
      clock.set(Date.parse('2026-04-28T10:00:01Z'));
      escalated = (await t.post('/reports/v1/escalations', {})).json() as { escalated: string[] };
      assert.ok(escalated.escalated.includes(a.service_request_id));
      assert.ok(!escalated.escalated.includes(answered.service_request_id), 'answered in time');
      const s = await staff(a.service_request_id);
      assert.equal(s.escalated_to, 'city-works');
      assert.equal(s.overdue, true);
      assert.ok((await agencyList('city-works')).includes(a.service_request_id), 'the supervisor sees it');
      escalated = (await t.post('/reports/v1/escalations', {})).json() as { escalated: string[] };
      assert.ok(!escalated.escalated.includes(a.service_request_id), 'escalated once');
      clock.set(Date.parse('2026-04-24T09:00:00+07:00'));
    });

    it('walks a report through acknowledge, assign, start and resolve; the citizen rates and reopens it', async () => {
      const r = await file(t);
      const id = r.service_request_id;
      for (const [action, extra] of [
        ['acknowledge', {}],
        ['assign', { assignee: 'Đội duy tu 3' }],
        ['start', {}],
      ] as const) {
        const res = await staffAct(t, id, { action, ...extra });
        assert.equal(res.statusCode, 200, res.body);
      }
      assert.equal((await staff(id)).state, 'in_progress');
      const resolved = await staffAct(t, id, { action: 'resolve', note: 'Đã vá ổ gà ngày 25/4' });
      assert.equal(resolved.json().status, 'closed');
      const pub = (await t.get(`/open311/v2/requests/${id}.json`, { anonymous: true })).json() as Array<
        Record<string, unknown>
      >;
      assert.equal(pub[0]!.status_notes, 'Đã vá ổ gà ngày 25/4');
      const feedback = (fields: Record<string, string>) =>
        postForm(t, `/open311/v2/requests/${id}/feedback.json`, fields);
      assert.equal((await feedback({ follow_key: 'wrong', rating: '5' })).statusCode, 403);
      assert.equal((await feedback({ follow_key: r.follow_key, rating: '9' })).statusCode, 400);
      const rated = await feedback({ follow_key: r.follow_key, rating: '4' });
      assert.equal(rated.statusCode, 200, rated.body);
      assert.equal((await staff(id)).rating, 4);
      clock.advance(DAY);
      const reopened = await feedback({ follow_key: r.follow_key, reopen: 'Ổ gà lại xuất hiện' });
      assert.equal(reopened.statusCode, 200);
      const s = await staff(id);
      assert.equal(s.state, 'reopened');
      assert.equal(s.status, 'open');
      assert.equal(s.rating, null);
      clock.advance(-DAY);
    });

    it('refuses actions the state does not allow, and actions without their text', async () => {
      const r = await file(t);
      const id = r.service_request_id;
      assert.equal((await staffAct(t, id, { action: 'resolve' })).json().code, 'BAD_REQUEST_DATA');
      assert.equal((await staffAct(t, id, { action: 'fly' })).statusCode, 400);
      await staffAct(t, id, { action: 'reject', note: 'Không thuộc thẩm quyền' });
      const again = await staffAct(t, id, { action: 'acknowledge' });
      assert.equal(again.statusCode, 409);
      assert.equal(again.json().code, 'INVALID_TRANSITION');
      assert.equal((await staff(id)).state, 'rejected');
      const rate = await postForm(
        t,
        `/open311/v2/requests/${(await file(t)).service_request_id}/feedback.json`,
        {
          follow_key: r.follow_key,
          rating: '3',
        },
      );
      assert.equal(rate.statusCode, 403, 'the key of one report opens no other');
    });

    it('merges a duplicate only into an open report of the same category nearby', async () => {
      const first = await file(t);
      const near = await file(t, { ...pothole, lat: '10.7765' });
      const far = await file(t, { ...pothole, lat: '10.786' });
      const light = await file(t, { ...pothole, service_code: '201' });
      for (const other of [far, light]) {
        const res = await staffAct(t, other.service_request_id, {
          action: 'merge',
          duplicate_of: first.service_request_id,
        });
        assert.equal(res.statusCode, 400);
      }
      const ok = await staffAct(t, near.service_request_id, {
        action: 'merge',
        duplicate_of: first.service_request_id,
      });
      assert.equal(ok.statusCode, 200, ok.body);
      const s = await staff(near.service_request_id);
      assert.equal(s.state, 'duplicate');
      assert.equal((s.extended_attributes as Record<string, unknown>).duplicate_of, first.service_request_id);
    });

    it('holds text and photo back until a moderator approves them', async () => {
      const r = await file(t, { ...pothole, media_url: 'https://example.org/p.jpg' });
      const pub = async () =>
        (
          (
            await t.get(`/open311/v2/requests/${r.service_request_id}.json`, { anonymous: true })
          ).json() as Array<Record<string, unknown>>
        )[0]!;
      assert.equal((await pub()).description, null);
      assert.equal((await pub()).media_url, null);
      await staffAct(t, r.service_request_id, { action: 'approve' });
      assert.equal((await pub()).description, pothole.description);
      assert.equal((await pub()).media_url, 'https://example.org/p.jpg');
      await staffAct(t, r.service_request_id, { action: 'hide' });
      assert.equal((await pub()).description, null);
    });

    it('publishes on-time rates by agency and month that change as reports are answered', async () => {
      const stats = async () =>
        (
          (await t.get('/open311/v2/statistics.json', { anonymous: true })).json() as Array<
            Record<string, number | string>
          >
        ).find((s) => s.agency === 'city-transport' && s.month === '2026-04');
      const before = await stats();
      const r = await file(t, { ...pothole, service_code: '201' });
      const mid = await stats();
      assert.equal(Number(mid!.received), Number(before?.received ?? 0) + 1);
      await staffAct(t, r.service_request_id, { action: 'resolve', note: 'Đã thay bóng đèn' });
      const after = await stats();
      assert.equal(Number(after!.on_time), Number(mid!.on_time) + 1);
      assert.equal(Number(after!.answered), Number(mid!.answered) + 1);
    });
  });
}
