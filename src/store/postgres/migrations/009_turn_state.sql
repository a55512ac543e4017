-- What a turn records besides its text (src/store/conversation-store.ts, Turn): on a customer's turn
-- the language the message was read in; on an assistant's turn the question it asked (the consent to
-- a support ticket) and whether it could not help. The service reads these, never the reply's text.

ALTER TABLE semker_conversation_turns
  ADD COLUMN language text,
  ADD COLUMN asked text,
  ADD COLUMN could_not_help boolean NOT NULL DEFAULT false;

-- Turns recorded before these columns were written in English: the consent question and the offer
-- of a person are found in their text once, here, so those conversations go on as they were.
UPDATE semker_conversation_turns
SET asked = 'hand_over_consent'
WHERE role = 'assistant'
  AND content LIKE '%Shall I open a support ticket so that a colleague contacts you? (yes/no)%';

UPDATE semker_conversation_turns
SET could_not_help = true
WHERE role = 'assistant'
  AND agent IS NOT NULL
  AND content LIKE '%If you would like a colleague to look into it, I can hand this over.%';
