// The Open311 client of the citizen app (UI-free).
const BASE = '/open311/v2';

export interface Service {
  service_code: string;
  service_name: string;
  service_name_en?: string;
  group?: string;
}

export interface Request {
  service_request_id: string;
  status: 'open' | 'closed';
  status_notes: string | null;
  service_name: string | null;
  service_code: string;
  description: string | null;
  agency_responsible: string | null;
  requested_datetime: string;
  expected_datetime: string | null;
  lat: number | null;
  long: number | null;
  media_url: string | null;
  extended_attributes: { rating?: number | null; detailed_status?: string; moderation?: string } | null;
}

export interface StatRow {
  agency: string | null;
  agency_name: string | null;
  month: string;
  received: number;
  answered: number;
  on_time: number;
  late_open: number;
  on_time_rate: number | null;
}

export interface Submitted {
  service_request_id: string;
  follow_key: string;
}

async function json<T>(res: Response): Promise<T> {
  const body = (await res.json()) as unknown;
  if (!res.ok) {
    const first = Array.isArray(body) ? (body[0] as { description?: string } | undefined) : undefined;
    throw new Error(first?.description ?? `HTTP ${res.status}`);
  }
  return body as T;
}

export const api = {
  services: () => fetch(`${BASE}/services.json`).then((r) => json<Service[]>(r)),
  request: (id: string) =>
    fetch(`${BASE}/requests/${encodeURIComponent(id)}.json`)
      .then((r) => json<Request[]>(r))
      .then((l) => l[0]!),
  requests: () => fetch(`${BASE}/requests.json`).then((r) => json<Request[]>(r)),
  statistics: () => fetch(`${BASE}/statistics.json`).then((r) => json<StatRow[]>(r)),
  submit: (form: FormData) =>
    fetch(`${BASE}/requests.json`, { method: 'POST', body: form })
      .then((r) => json<Submitted[]>(r))
      .then((l) => l[0]!),
  feedback: (id: string, fields: Record<string, string>) =>
    fetch(`${BASE}/requests/${encodeURIComponent(id)}/feedback.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    }).then((r) => json<Request[]>(r)),
};

/** Photo links of this server are shown relative to the page, wherever the server thinks it is. */
export function mediaHref(url: string | null): string | null {
  if (url === null) return null;
  const at = url.indexOf(`${BASE}/media/`);
  return at < 0 ? url : url.slice(at);
}
