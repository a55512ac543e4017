-- Webhook endpoints and their deliveries (src/webhooks/). The attempts themselves are pg-boss jobs
-- (queue semker-webhooks); a delivery row says where its event stands.

CREATE TABLE semker_webhook_endpoints (
  id text PRIMARY KEY,
  -- Oldest first in GET /webhooks.
  seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  -- The API key owner that registered it; null when the API runs without keys.
  owner text,
  url text NOT NULL,
  events text[] NOT NULL,
  description text,
  -- The signing secret (whsec_…): read by the delivery worker, returned to no one after creation.
  secret text NOT NULL,
  created_at timestamptz NOT NULL,
  -- Set when a receiver answered 410 Gone: no more deliveries.
  disabled_at timestamptz
);

-- Subscribers of an event: the endpoints of its owner.
CREATE INDEX semker_webhook_endpoints_owner ON semker_webhook_endpoints (owner, seq);

CREATE TABLE semker_webhook_deliveries (
  id text PRIMARY KEY,
  seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  endpoint_id text NOT NULL REFERENCES semker_webhook_endpoints (id) ON DELETE CASCADE,
  event_id text NOT NULL,
  event_type text NOT NULL,
  -- The exact body every attempt sends (its signature covers these bytes).
  payload text NOT NULL,
  status text NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  -- Attempts since the delivery was (re)started: indexes the retry schedule.
  round_attempts integer NOT NULL DEFAULT 0,
  last_response_status integer,
  next_attempt_at timestamptz,
  created_at timestamptz NOT NULL
);

-- Deleting finished deliveries past retention.
CREATE INDEX semker_webhook_deliveries_created ON semker_webhook_deliveries (created_at);

-- GET /webhooks/{id}/deliveries, newest first.
CREATE INDEX semker_webhook_deliveries_endpoint ON semker_webhook_deliveries (endpoint_id, seq);
