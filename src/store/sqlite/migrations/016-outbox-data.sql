-- The notification outbox keeps what differs per row, not the whole request: `data` is the JSON
-- text of the rendered entities (an array: one entity for a change, several for a periodic
-- notification), `entity_id` the id of the one entity (NULL when there are several), and
-- `notification_id` the UUID of the notification that carries this row alone. The notifier builds
-- the rest (endpoint, headers, @context) from the subscription when it sends, and may carry the
-- rows of several entities in one notification (src/ngsi/subscription/notifier.ts).
-- Rows written before keep their notification id and lose their stored endpoint and headers: they
-- go to the subscription's endpoint of now.
ALTER TABLE subscription_outbox ADD COLUMN entity_id TEXT;
ALTER TABLE subscription_outbox ADD COLUMN notification_id TEXT;
UPDATE subscription_outbox
  SET notification_id = substr(json_extract(request, '$.body.id'), 26),
      request = json_extract(request, '$.body.data');
UPDATE subscription_outbox SET entity_id = json_extract(request, '$[0].id')
  WHERE json_array_length(request) = 1;
ALTER TABLE subscription_outbox RENAME COLUMN request TO data;
