-- Whose share of the message queue each message counts against (QUEUE_OWNER_SHARE): the key the
-- service derives from its sender when it accepts it; null counts against no share. The index
-- holds only waiting messages with a share, so counting one sender's backlog reads that backlog.
ALTER TABLE semker_messages ADD COLUMN queue_share text;

CREATE INDEX semker_messages_waiting_share ON semker_messages (queue_share)
  WHERE started_at IS NULL AND completed_at IS NULL AND queue_share IS NOT NULL;
