-- Actions with the customer's consent (src/actions/): each a proposal that a yes executes once. The
-- conditional update from 'proposed' and the account's change share one transaction.
CREATE TABLE semker_actions (
  id text PRIMARY KEY,
  customer_id text NOT NULL,
  conversation_id text NOT NULL,
  message_id text NOT NULL,
  kind text NOT NULL,
  details jsonb NOT NULL,
  summary text NOT NULL,
  status text NOT NULL DEFAULT 'proposed',
  reason text,
  decided_by text,
  created_at timestamptz NOT NULL,
  decided_at timestamptz
);

CREATE INDEX semker_actions_conversation ON semker_actions (conversation_id, created_at);
CREATE INDEX semker_actions_customer ON semker_actions (customer_id, created_at);
CREATE INDEX semker_actions_decided_by ON semker_actions (decided_by) WHERE decided_by IS NOT NULL;
