-- Citizen reports (Open311 GeoReport v2 service requests), written by src/reports/. The public
-- face of each report is also an IssueReporting entity in the broker; these tables hold what the
-- Open311 API serves (times as given, ISO 8601 text, with a millisecond copy for filtering), the
-- workflow state, and, apart, the reporter's personal data, which is never published.
CREATE TABLE report_requests (
  pk SERIAL PRIMARY KEY,
  jurisdiction TEXT NOT NULL,
  id TEXT NOT NULL,
  service_code TEXT NOT NULL,
  service_name TEXT,
  state TEXT NOT NULL,
  status TEXT NOT NULL,
  status_notes TEXT,
  description TEXT,
  agency TEXT,
  assignee TEXT,
  service_notice TEXT,
  requested_at TEXT NOT NULL,
  requested_ms DOUBLE PRECISION NOT NULL,
  updated_at TEXT,
  expected_at TEXT,
  expected_ms DOUBLE PRECISION,
  answered_ms DOUBLE PRECISION,
  address TEXT,
  lat DOUBLE PRECISION,
  lng DOUBLE PRECISION,
  ward TEXT,
  media_url TEXT,
  moderation TEXT NOT NULL,
  extra TEXT,
  citizen_key TEXT,
  token TEXT,
  rating INTEGER,
  escalated_to TEXT,
  duplicate_of TEXT,
  UNIQUE (jurisdiction, id)
);
CREATE INDEX report_requests_requested ON report_requests (jurisdiction, requested_ms);
CREATE INDEX report_requests_open_deadline ON report_requests (status, expected_ms);
CREATE UNIQUE INDEX report_requests_token ON report_requests (token);

CREATE TABLE report_contacts (
  request_pk INTEGER PRIMARY KEY REFERENCES report_requests (pk) ON DELETE CASCADE,
  email TEXT,
  first_name TEXT,
  last_name TEXT,
  phone TEXT,
  device_id TEXT,
  account_id TEXT
);

-- The FixMyStreet-style updates feed: one row per public change of a report.
CREATE TABLE report_updates (
  update_id SERIAL PRIMARY KEY,
  request_pk INTEGER NOT NULL REFERENCES report_requests (pk) ON DELETE CASCADE,
  status TEXT NOT NULL,
  state TEXT NOT NULL,
  description TEXT,
  media_url TEXT,
  updated_at TEXT NOT NULL,
  updated_ms DOUBLE PRECISION NOT NULL
);
CREATE INDEX report_updates_time ON report_updates (updated_ms);
CREATE INDEX report_updates_request ON report_updates (request_pk, update_id);

-- Uploaded photos, stored after their metadata (EXIF, GPS) was removed.
CREATE TABLE report_media (
  id TEXT PRIMARY KEY,
  request_pk INTEGER REFERENCES report_requests (pk) ON DELETE CASCADE,
  content_type TEXT NOT NULL,
  bytes BYTEA NOT NULL
);
