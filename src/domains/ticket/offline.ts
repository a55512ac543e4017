import { readStructured, type ComposeInput } from '../compose.ts';
import { customerText } from '../../core/customer-texts.ts';
import { consentGiven, consentQuestion } from './consent.ts';
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
 * Writes in the customer's language (the service catalogues, src/core/i18n/service/).
 */
export async function composeTicketAnswer(input: ComposeInput): Promise<string> {
  const { language } = input;
  const consent = consentGiven(input.message, input.history);
  if (consent === 'no') return customerText('hand_over.declined', {}, language);
  if (consent !== 'yes') {
    return customerText('hand_over.ask', { consent_question: consentQuestion(language) }, language);
  }
  input.onStep('The customer agreed: raising a support ticket with the conversation so far');
  const result = await input.tools.callTool(TOOL, {
    chat_history: transcript(input),
    consent: true,
    consent_response: input.message,
  });
  if (result.isError) return customerText('hand_over.not_opened', { reason: result.text }, language);
  const ticket = readStructured(input.tools, TOOL, result, TicketOutputSchema);
  return customerText('hand_over.opened', { ticket: ticket.ticket_id }, language);
}
