-- Identities, credentials, the audit log and security events, written by src/auth/.
-- Roles, tenants and entity types are comma-separated lists; times are epoch milliseconds
-- except the audit and event timestamps (ISO 8601 text, as written into the hash chain).
CREATE TABLE auth_users (
  username TEXT PRIMARY KEY,
  password_hash TEXT NOT NULL,
  roles TEXT NOT NULL,
  agency TEXT,
  tenants TEXT NOT NULL,
  types TEXT,
  failed_logins INTEGER NOT NULL DEFAULT 0,
  locked_until BIGINT,
  created_at BIGINT NOT NULL
);

-- API keys: the secret is random (192 bits), so one SHA-256 suffices; only its hash is kept.
CREATE TABLE auth_api_keys (
  id TEXT PRIMARY KEY,
  secret_hash TEXT NOT NULL,
  name TEXT NOT NULL,
  roles TEXT NOT NULL,
  agency TEXT,
  tenants TEXT NOT NULL,
  types TEXT,
  expires_at BIGINT,
  revoked_at BIGINT,
  created_at BIGINT NOT NULL
);

-- Sessions by the SHA-256 of their random token (the cookie value is never stored).
CREATE TABLE auth_sessions (
  token_hash TEXT PRIMARY KEY,
  subject TEXT NOT NULL,
  principal TEXT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE INDEX auth_sessions_expiry ON auth_sessions (expires_at);

-- The append-only audit log. Each record's hash covers its content and the previous record's
-- hash, so that editing or deleting a record breaks the chain (`dothi audit verify`).
CREATE TABLE audit_log (
  seq BIGINT PRIMARY KEY,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  source TEXT,
  action TEXT NOT NULL,
  target TEXT,
  tenant TEXT,
  before_hash TEXT,
  after_hash TEXT,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);

CREATE TABLE security_events (
  seq BIGSERIAL PRIMARY KEY,
  at TEXT NOT NULL,
  kind TEXT NOT NULL,
  actor TEXT,
  source TEXT,
  detail TEXT NOT NULL
);
CREATE INDEX security_events_kind ON security_events (kind, seq);
