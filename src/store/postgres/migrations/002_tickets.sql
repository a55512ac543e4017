-- Support tickets raised by EscalationAgent with the customer's consent (src/domains/ticket/).

CREATE TABLE semker_tickets (
  id text PRIMARY KEY,
  -- Newest first in GET /tickets.
  seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  -- Null once the conversation was erased (its copy of the chat goes with it).
  conversation_id text,
  status text NOT NULL,
  summary text NOT NULL,
  chat_history text NOT NULL,
  consent_response text NOT NULL,
  created_at timestamptz NOT NULL
);

-- GET /tickets?conversation_id=…, GET /conversations/{id}, and erasing a conversation.
CREATE INDEX semker_tickets_conversation ON semker_tickets (conversation_id, seq);
