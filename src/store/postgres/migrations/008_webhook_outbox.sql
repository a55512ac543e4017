-- Webhook events owed (src/webhooks/): a row is written by a trigger in the very transaction that
-- makes the change the event reports (a message's final update, a ticket, an executed action), so a
-- change committed is never without its event, whichever replica made it and whenever that replica
-- dies. Any replica relays owed events into deliveries and deletes them in the transaction that
-- inserts the deliveries and their jobs (pg-webhook-store.ts).

CREATE TABLE semker_webhook_outbox (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- The event's id (the webhook-id of every attempt), fixed here: a relay that dies before its
  -- commit leaves the row as it was, and the next relay makes the same event, not a second one.
  event_id text NOT NULL UNIQUE,
  type text NOT NULL,
  -- Whose event it is: only this owner's endpoints receive it (src/webhooks/ownership.ts).
  owner text,
  -- What the event's data is made of, named as the event builders read it (src/webhooks/owed.ts).
  subject jsonb NOT NULL
);

-- Owes an event only while an enabled endpoint of its owner subscribes to its type: where nobody
-- wants it, the cost is one lookup in the few endpoints of one owner. An endpoint registered before
-- the change committed gets its event; one registered later, from the relay on, may get it too.
CREATE FUNCTION semker_owe_webhook_event(event_type text, event_owner text, subject jsonb)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (
    SELECT 1 FROM semker_webhook_endpoints e
    WHERE (e.owner = event_owner OR (e.owner IS NULL AND event_owner IS NULL))
      AND event_type = ANY (e.events) AND e.disabled_at IS NULL
  ) THEN
    INSERT INTO semker_webhook_outbox (event_id, type, owner, subject)
    VALUES ('evt_' || gen_random_uuid(), event_type, event_owner, subject);
  END IF;
END $$;

-- The owner named in a conversation's key, `<customer>/<owner>/<conversation id>`
-- (src/store/conversation-key.ts); null when the API runs without keys.
CREATE FUNCTION semker_key_owner(conversation_key text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$ SELECT nullif(split_part(conversation_key, '/', 2), '') $$;

-- Epoch milliseconds, as the service's clock counts.
CREATE FUNCTION semker_epoch_ms(t timestamptz) RETURNS bigint
LANGUAGE sql IMMUTABLE AS $$ SELECT (extract(epoch FROM t) * 1000)::bigint $$;

-- message.completed, message.failed, message.cancelled: when a message gets its final update.
CREATE FUNCTION semker_message_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM semker_owe_webhook_event('message.' || NEW.status, NEW.owner, jsonb_build_object(
    'id', NEW.id, 'conversationId', NEW.conversation_id, 'owner', NEW.owner, 'status', NEW.status,
    'agentName', NEW.agent_name, 'result', NEW.result, 'failureCode', NEW.failure_code,
    'completedAt', semker_epoch_ms(NEW.completed_at)));
  RETURN NULL;
END $$;

CREATE TRIGGER semker_message_event AFTER UPDATE OF completed_at ON semker_messages
  FOR EACH ROW WHEN (OLD.completed_at IS NULL AND NEW.completed_at IS NOT NULL)
  EXECUTE FUNCTION semker_message_event();

-- ticket.created: when a ticket is stored. The copy of the chat and the consent stay behind.
CREATE FUNCTION semker_ticket_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM semker_owe_webhook_event('ticket.created', semker_key_owner(NEW.conversation_id), jsonb_build_object(
    'id', NEW.id, 'conversationId', NEW.conversation_id, 'status', NEW.status, 'summary', NEW.summary,
    'createdAt', semker_epoch_ms(NEW.created_at)));
  RETURN NULL;
END $$;

CREATE TRIGGER semker_ticket_event AFTER INSERT ON semker_tickets
  FOR EACH ROW EXECUTE FUNCTION semker_ticket_event();

-- action.executed: when an action's execution commits. Deferred to the commit and read again then,
-- because the executing transaction marks the action executed first and failed after, when the
-- account cannot take the change: only an action still executed at the commit owes its event.
CREATE FUNCTION semker_action_event() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  a semker_actions;
BEGIN
  SELECT * INTO a FROM semker_actions WHERE id = NEW.id AND status = 'executed';
  IF FOUND THEN
    PERFORM semker_owe_webhook_event('action.executed', semker_key_owner(a.conversation_id), jsonb_build_object(
      'actionId', a.id, 'customerId', a.customer_id, 'conversationId', a.conversation_id,
      'messageId', a.message_id, 'kind', a.kind, 'details', a.details, 'status', a.status,
      'decidedAt', semker_epoch_ms(a.decided_at)));
  END IF;
  RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER semker_action_event AFTER UPDATE OF status ON semker_actions
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW WHEN (NEW.status = 'executed' AND OLD.status IS DISTINCT FROM 'executed')
  EXECUTE FUNCTION semker_action_event();
