/**
 * The texts the service itself writes to customers, keyed by a stable message id: the processor's
 * updates, the failure table's texts, the declines (guardrails and engines), and the hand-over to
 * a person. The offline engine's answers and small talk, which it writes in the customer's
 * language, are in the per-language catalogues of src/core/i18n/. These texts are English only
 * for now: a language is one more table with the same ids.
 *
 * `{name}` in a text is filled from the parameters given to `customerText`.
 */
const ENGLISH = {
  // The processor's own updates on a message.
  'message.received': 'Message received and sent to the agent.',
  'message.cancelled': 'Cancelled at the client’s request before it was answered.',

  // Why a message failed, by failure_code (src/core/failures.ts); {Service} names the service at fault.
  'failure.model_error':
    'The assistant could not put together a usable answer this time. Please try again, or ask in other words.',
  'failure.model_unavailable': 'The assistant is not reachable right now; please try again in a few minutes.',
  'failure.tool_unavailable': '{Service} is not reachable right now; please try again in a few minutes.',
  'failure.tool_contract':
    '{Service} gave an answer we could not read. It has been reported; please try again later.',
  'failure.deadline_exceeded': 'Answering took too long and was stopped. Please try again in a moment.',
  'failure.shutting_down': 'The service restarted before your message was answered. Please send it again.',
  'failure.internal':
    'Something went wrong on our side while answering. It has been reported; please try again.',
  // A tool domain as a customer names the service behind it.
  'service.domain': 'the {domain} service',
  'service.faq': 'the help centre service',
  'service.unknown': 'a service we need',

  // Declined messages, whoever declined them (a guardrail or an engine). They name no instruction.
  'decline.refused':
    "I'm sorry, but I can't help with that request. I can help you with your own bills, roaming charges, " +
    'tariff plans and common questions about our mobile services.',
  'decline.off_topic':
    "I'm sorry, I can only help with questions about your mobile service: your bills, roaming charges, " +
    'tariff plans and common questions such as SIM, eSIM, coverage and contracts.',
  'decline.third_party':
    "I'm sorry, I can only help with the account of the person I'm talking to, so I can't look up or share " +
    "anyone else's bills, plan, usage or number. If they are our customer, they can contact us themselves; " +
    'I am happy to help with your own account.',

  // The hand-over to a person (EscalationAgent); the consent question is asked before any ticket.
  'hand_over.consent_question': 'Shall I open a support ticket so that a colleague contacts you? (yes/no)',
  'hand_over.offer':
    'If you would like a colleague to look into it, I can hand this over. {consent_question}',
  'hand_over.again':
    "I'm sorry: this is not the first time I could not help you in this conversation. {offer}",
} as const;

/** The id of a customer-facing text. */
export type CustomerTextId = keyof typeof ENGLISH;

/** The text with this id, its `{name}` placeholders filled from `params`. */
export function customerText(id: CustomerTextId, params: Readonly<Record<string, string>> = {}): string {
  return ENGLISH[id].replace(/\{(\w+)\}/g, (placeholder, name: string) => params[name] ?? placeholder);
}
