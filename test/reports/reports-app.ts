// A dothi for the reports suites: the HCMC test pack and Helsinki's services as jurisdictions,
// escalation driven by the test (no timer), a controllable clock.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LightMyRequestResponse } from 'fastify';
import { fixedClock } from '../../src/kernel/index.js';
import type { DialectName } from '../../src/store/index.js';
import { makeTestApp, type TestApp } from '../support/index.js';

export const HELSINKI_DATA = '/work/shared/data/open311';
export const API_KEY = 'test-open311-key';
export const fixturePack = fileURLToPath(new URL('./fixtures/hcmc-test.json', import.meta.url));

function helsinkiPack(): string {
  const services = JSON.parse(
    readFileSync(join(HELSINKI_DATA, 'helsinki_georeport_v2_services.json'), 'utf8'),
  ) as unknown;
  const file = join(mkdtempSync(join(tmpdir(), 'dothi-open311-')), 'helsinki.json');
  writeFileSync(file, JSON.stringify({ jurisdiction_id: 'helsinki', name: 'Helsinki', services }));
  return file;
}

export type Clock = ReturnType<typeof fixedClock>;

export async function makeReportsApp(store: DialectName, start = Date.parse('2026-04-24T02:00:00Z')) {
  const clock = fixedClock(start);
  const t = await makeTestApp(
    store,
    {
      DOTHI_REPORTS_JURISDICTIONS: `${fixturePack},${helsinkiPack()}`,
      DOTHI_OPEN311_API_KEYS: API_KEY,
      DOTHI_REPORTS_ESCALATE_S: '0',
      DOTHI_PUBLIC_URL: 'http://dothi.test',
    },
    clock,
  );
  return { t, clock };
}

export function postForm(
  t: TestApp,
  url: string,
  fields: Record<string, string>,
): Promise<LightMyRequestResponse> {
  return t.request('POST', url, {
    payload: new URLSearchParams(fields).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    anonymous: true,
  });
}

export const pothole = {
  api_key: API_KEY,
  service_code: '101',
  lat: '10.776',
  long: '106.700',
  description: 'Ổ gà lớn trước số 12 Lê Lợi',
  email: 'citizen@example.vn',
  first_name: 'Lan',
  last_name: 'Nguyễn',
  phone: '+84901234567',
};

export async function file(t: TestApp, fields: Record<string, string> = pothole) {
  const res = await postForm(t, '/open311/v2/requests.json', fields);
  if (res.statusCode !== 201) throw new Error(`POST requests.json: ${res.statusCode} ${res.body}`);
  return (res.json() as Array<{ service_request_id: string; token: string; follow_key: string }>)[0]!;
}

export const staffAct = (t: TestApp, id: string, body: Record<string, string>) =>
  t.post(`/reports/v1/requests/${id}/actions`, body);
