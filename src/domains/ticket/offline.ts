import { readStructured, type ComposeInput } from '../compose.ts';
import { asksConsent, CONSENT_QUESTION, readConsent } from './consent.ts';
import { TicketOutputSchema } from './server.ts';

const TOOL = 'raise_support_ticket';

/** The conversation as the ticket's copy holds it: one turn a line. */
const transcript = (input: ComposeInput): string =>
  [...input.history, { role: 'user' as const, content: input.message }]
    .map((turn) => `${turn.role === 'user' ? 'Customer' : 'Assistant'}: ${turn.content.replace(/\s+/g, ' ')}`)
    .join('\n');

/**
 * EscalationAgent, offline: asks for consent, then — on a yes in the next turn — raises the ticket
 * with the conversation's history and says what happens next; on a no, goes back to normal service.
 */
export async function composeTicketAnswer(input: ComposeInput): Promise<string> {
  const previous = input.history.at(-1);
  const asked = previous?.role === 'assistant' && asksConsent(previous.content);
  const consent = asked ? readConsent(input.message) : undefined;
  if (consent === 'no') {
    return "No problem, I won't open a ticket. I'm still here for your bills, roaming, tariff plans and any other question.";
  }
  if (consent !== 'yes') {
    return `I can hand this over to a person. ${CONSENT_QUESTION}`;
  }
  input.onStep('The customer agreed: raising a support ticket with the conversation so far');
  const result = await input.tools.callTool(TOOL, {
    chat_history: transcript(input),
    consent: true,
    consent_response: input.message,
  });
  if (result.isError) return `Sorry, I couldn't open the ticket: ${result.text}`;
  const ticket = readStructured(input.tools, TOOL, result, TicketOutputSchema);
  return [
    `I have opened support ticket **${ticket.ticket_id}**.`,
    'A colleague will read our conversation and contact you within one working day; you will not need to repeat ' +
      'anything. Quote the ticket number if you contact us in the meantime.',
  ].join(' ');
}
