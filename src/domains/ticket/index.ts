import { customerText } from '../../core/customer-texts.ts';
import { ANSWER_LANGUAGES } from '../../core/i18n/i18n.ts';
import { defineDomain } from '../domain.ts';
import { asksConsent, consentGiven, consentQuestion, readConsent } from './consent.ts';
import { composeTicketAnswer } from './offline.ts';
import { createTicketMcpServer } from './server.ts';
import { readDomainLanguage } from '../domain-language.ts';
import { PHRASES } from './phrases.ts';

/**
 * What the offline engine learns the domain from (its language.json: examples, cue words and
 * glossary per language; the labelling rule where domains meet is in
 * src/engines/offline/training-data.ts), and its capability line.
 */
const { capability, ...learned } = readDomainLanguage(new URL('./language.json', import.meta.url));

export const ticket = defineDomain({
  name: 'ticket',
  title: 'Hand-over',
  capability,
  agent: {
    name: 'EscalationAgent',
    description:
      "Hands the conversation over to a person with a support ticket, only with the customer's consent: when they ask for a human, are angry, or the assistant could not help.",
    instructions: [
      "You are EscalationAgent, the mobile operator's hand-over to a person.",
      'First ask exactly the consent question in the language the customer writes in, and nothing else:',
      `${ANSWER_LANGUAGES.map((language) => `"${consentQuestion(language)}"`).join(' or ')}.`,
      'When the customer answers yes (in any language) in their next message, call raise_support_ticket once with',
      'the conversation so far as chat_history (one turn a line, "Customer: …" and "Assistant: …"), consent true and',
      'their answer as consent_response; then give them the ticket id and say a colleague will contact them within one',
      'working day. When they answer no, say you will not open a ticket and offer to help with anything else.',
      'Never call the tool without their yes.',
    ].join(' '),
  },
  tools: ['raise_support_ticket'],
  bindsConversation: true,
  handOver: {
    offer: (language) =>
      customerText('hand_over.offer', { consent_question: consentQuestion(language) }, language),
    // Its answer asks the question unless the message answered the question just asked.
    asks: (message, history) => consentGiven(message, history) === undefined,
  },
  slots: [],
  createServer: createTicketMcpServer,
  compose: composeTicketAnswer,
  localized: true,
  understanding: {
    ...learned,
    phrases: PHRASES,
    keepWords: ['callback'],
    answersQuestion: (reply, question) => asksConsent(question) && readConsent(reply) !== undefined,
  },
});
