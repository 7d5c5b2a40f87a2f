-- NGSI-LD subscriptions (CIM 009 §5.8) and their notification outbox, written by
-- src/ngsi/subscription/. `doc` is the JSON text of the subscription normal form
-- (src/ngsi/subscription/model.ts); the statistics are columns so that the notifier updates them
-- without rewriting the document. Times are ISO 8601 text.
CREATE TABLE subscriptions (
  tenant TEXT NOT NULL,
  id TEXT NOT NULL,
  doc TEXT NOT NULL,
  created_at TEXT NOT NULL,
  times_sent INTEGER NOT NULL DEFAULT 0,
  times_failed INTEGER NOT NULL DEFAULT 0,
  last_notification TEXT,
  last_success TEXT,
  last_failure TEXT,
  PRIMARY KEY (tenant, id)
);
CREATE INDEX subscriptions_created ON subscriptions (tenant, created_at, id);

-- One row per (subscription, entity change), written in the transaction of the change and deleted
-- once delivered: `request` is the JSON text { uri, headers, body } of the HTTP POST.
-- `next_attempt_at` is in epoch milliseconds; the notifier delivers a subscription's rows in
-- `seq` order.
CREATE TABLE subscription_outbox (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  tenant TEXT NOT NULL,
  subscription_id TEXT NOT NULL,
  request TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at BIGINT NOT NULL
);
CREATE INDEX subscription_outbox_sub ON subscription_outbox (tenant, subscription_id, seq);
