-- Every conversation belongs to a customer and (with API keys) to a key owner: what is kept per
-- conversation is keyed by `<customer>/<owner>/<conversation id>` (src/store/conversation-key.ts),
-- never by the client's id alone. Conversations from before customers existed are the demo
-- customer's, each message's under its own owner: a conversation two owners wrote in becomes two.

ALTER TABLE semker_messages ADD COLUMN customer_id text NOT NULL DEFAULT 'demo';
ALTER TABLE semker_messages ALTER COLUMN customer_id DROP DEFAULT;

-- History and tickets name no owner: theirs is the owner of the message that recorded the turn,
-- else of the conversation's first message. Re-keyed before the messages are.
UPDATE semker_conversation_turns t
SET conversation_id = 'demo/' || coalesce(
  (SELECT m.owner FROM semker_messages m WHERE m.id = t.message_id),
  (SELECT m.owner FROM semker_messages m WHERE m.conversation_id = t.conversation_id ORDER BY m.seq LIMIT 1),
  ''
) || '/' || t.conversation_id;

UPDATE semker_tickets t
SET conversation_id = 'demo/' || coalesce(
  (SELECT m.owner FROM semker_messages m WHERE m.conversation_id = t.conversation_id ORDER BY m.seq LIMIT 1),
  ''
) || '/' || t.conversation_id
WHERE t.conversation_id IS NOT NULL;

UPDATE semker_messages SET conversation_id = 'demo/' || coalesce(owner, '') || '/' || conversation_id;

UPDATE semker_updates u SET conversation_id = m.conversation_id
FROM semker_messages m WHERE m.id = u.message_id;

-- The stream counters, per key now (positions stay unique: each key's are a subset of the old ones).
DELETE FROM semker_conversation_positions;
INSERT INTO semker_conversation_positions (conversation_id, position)
SELECT conversation_id, max(position) FROM semker_updates GROUP BY conversation_id;

-- GET /messages for a customer (and owner).
CREATE INDEX semker_messages_customer ON semker_messages (customer_id, owner, seq);

-- The operator's account data per customer (src/customers/): one row each, its figures as JSON.
CREATE TABLE semker_customers (
  id text PRIMARY KEY,
  account jsonb NOT NULL
);
