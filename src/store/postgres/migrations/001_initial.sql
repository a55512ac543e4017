-- Messages, their updates, conversation history, Idempotency-Keys and rate-limit counters.
-- The work queue lives in pg-boss's own schema (pgboss), which pg-boss migrates itself.

CREATE TABLE semker_messages (
  id text PRIMARY KEY,
  -- Arrival order: GET /messages lists newest first, and a conversation's messages run in this order.
  seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  conversation_id text NOT NULL,
  owner text,
  trace_id text,
  content text NOT NULL,
  status text NOT NULL,
  received_at timestamptz NOT NULL,
  -- When a worker first took it: from then on it no longer counts towards QUEUE_CAPACITY.
  started_at timestamptz,
  completed_at timestamptz,
  agent_name text,
  result text,
  -- Why it failed, for programs (src/failures.ts); null unless failed.
  failure_code text,
  -- The last update's sequence: the next update takes update_count + 1 under the row's lock.
  update_count integer NOT NULL DEFAULT 0
);

-- GET /messages?conversation_id=…, and a conversation's earlier messages.
CREATE INDEX semker_messages_conversation ON semker_messages (conversation_id, seq);
-- GET /messages?status=…
CREATE INDEX semker_messages_status ON semker_messages (status, seq);
-- GET /messages with a (non-admin) API key: the owner's own messages.
CREATE INDEX semker_messages_owner ON semker_messages (owner, seq);
-- QUEUE_CAPACITY: messages not yet started, counted at each POST.
CREATE INDEX semker_messages_waiting ON semker_messages (seq) WHERE started_at IS NULL AND completed_at IS NULL;
-- Retention: finished messages, oldest first.
CREATE INDEX semker_messages_finished ON semker_messages (completed_at) WHERE completed_at IS NOT NULL;
-- The sweep of messages left unfinished past their deadline.
CREATE INDEX semker_messages_open ON semker_messages (received_at) WHERE completed_at IS NULL;

CREATE TABLE semker_updates (
  message_id text NOT NULL REFERENCES semker_messages (id) ON DELETE CASCADE,
  sequence integer NOT NULL,
  status text NOT NULL,
  processed_at timestamptz NOT NULL,
  result text,
  agent_name text,
  -- Also the index of GET /messages/{id}/updates?after=N.
  PRIMARY KEY (message_id, sequence)
);

-- Each stored update is announced to every replica (store/postgres/pg-update-feed.ts), from the
-- transaction that stored it, so a listener never hears of an update it cannot read yet.
CREATE FUNCTION semker_notify_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify(
    'semker_updates',
    json_build_object(
      'messageId', NEW.message_id,
      'conversationId', (SELECT conversation_id FROM semker_messages WHERE id = NEW.message_id),
      'sequence', NEW.sequence,
      'final', NEW.status IN ('completed', 'failed', 'cancelled')
    )::text
  );
  RETURN NULL;
END;
$$;

CREATE TRIGGER semker_updates_notify AFTER INSERT ON semker_updates
  FOR EACH ROW EXECUTE FUNCTION semker_notify_update();

CREATE TABLE semker_conversation_turns (
  conversation_id text NOT NULL,
  position bigint GENERATED ALWAYS AS IDENTITY,
  role text NOT NULL,
  content text NOT NULL,
  agent text,
  -- The message whose outcome recorded the turn (recorded with its final update, once).
  message_id text,
  created_at timestamptz NOT NULL DEFAULT now(),
  -- A conversation's history, newest first.
  PRIMARY KEY (conversation_id, position)
);
-- Retention: idle conversations.
CREATE INDEX semker_conversation_turns_created ON semker_conversation_turns (created_at);

CREATE TABLE semker_idempotency_keys (
  scope text PRIMARY KEY,
  fingerprint text NOT NULL,
  -- Null while the first request is still being accepted.
  response jsonb,
  -- Names the claim, so completing or abandoning it never touches a later claim of the key.
  token text NOT NULL,
  claimed_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL
);
-- Retention: expired keys.
CREATE INDEX semker_idempotency_keys_expires ON semker_idempotency_keys (expires_at);

-- Counters only: unlogged (no WAL), so a crash of the server resets them, which a rate limit can afford.
CREATE UNLOGGED TABLE semker_rate_limits (
  key text PRIMARY KEY,
  hits integer NOT NULL,
  reset_at timestamptz NOT NULL
);
-- Retention: windows that are over.
CREATE INDEX semker_rate_limits_reset ON semker_rate_limits (reset_at);
