-- Each update's place in its conversation's stream (GET /conversations/{id}/events): counted from 1
-- over every update of every message of the conversation, in the order they commit. A writer takes
-- the conversation's counter row with its update (an upsert), so a second writer of the conversation
-- waits for the first to commit: positions commit in order on every replica, and a stream that has
-- read position N has seen everything before it.

CREATE TABLE semker_conversation_positions (
  conversation_id text PRIMARY KEY,
  -- The last position given.
  position bigint NOT NULL,
  -- Which count the positions belong to: a counter that retention deleted and a later message made
  -- again counts from 1 under a new generation (conversation streams notice and read from 1).
  generation bigint GENERATED ALWAYS AS IDENTITY,
  -- Retention: the counter of a conversation with no messages left goes once idle this long.
  touched_at timestamptz NOT NULL DEFAULT now()
);
-- Retention: idle counters.
CREATE INDEX semker_conversation_positions_touched ON semker_conversation_positions (touched_at);

ALTER TABLE semker_updates ADD COLUMN conversation_id text, ADD COLUMN position bigint;

-- Updates stored before this migration: in the order conversation streams sent them until now (when
-- each was recorded, then its message's arrival, then its sequence).
UPDATE semker_updates u SET conversation_id = r.conversation_id, position = r.position
FROM (
  SELECT u2.message_id, u2.sequence, m.conversation_id,
    row_number() OVER (PARTITION BY m.conversation_id ORDER BY u2.processed_at, m.received_at, m.id, u2.sequence) AS position
  FROM semker_updates u2 JOIN semker_messages m ON m.id = u2.message_id
) AS r
WHERE u.message_id = r.message_id AND u.sequence = r.sequence;

INSERT INTO semker_conversation_positions (conversation_id, position)
SELECT conversation_id, max(position) FROM semker_updates GROUP BY conversation_id;

ALTER TABLE semker_updates ALTER COLUMN conversation_id SET NOT NULL, ALTER COLUMN position SET NOT NULL;

-- A conversation stream's read: the updates after its position.
CREATE UNIQUE INDEX semker_updates_conversation_position ON semker_updates (conversation_id, position);

-- The announcement names the conversation from the row itself now, without a query per update.
CREATE OR REPLACE FUNCTION semker_notify_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('semker_updates', json_build_object(
    'messageId', NEW.message_id, 'conversationId', NEW.conversation_id, 'sequence', NEW.sequence,
    'final', NEW.status IN ('completed', 'failed', 'cancelled'))::text);
  RETURN NULL;
END;
$$;
