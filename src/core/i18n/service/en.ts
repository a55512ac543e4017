/**
 * The texts the service itself writes to customers, in English: the processor's updates, the
 * failure table's texts, the declines, the hand-over to a person and the actions with consent. The
 * other languages' catalogues (es.ts, de.ts, fr.ts) have the same keys, which their type checks.
 * Values are `{{name}}` parameters; amounts are `{{x, money}}`.
 */
export const en = {
  // The processor's own updates on a message.
  message: {
    received: 'Message received and sent to the agent.',
    cancelled: 'Cancelled at the client’s request before it was answered.',
  },

  // Why a message failed, by failure_code (src/core/failures.ts); {{Service}} names the service at fault.
  failure: {
    model_error:
      'The assistant could not put together a usable answer this time. Please try again, or ask in other words.',
    model_unavailable: 'The assistant is not reachable right now; please try again in a few minutes.',
    tool_unavailable: '{{Service}} is not reachable right now; please try again in a few minutes.',
    tool_contract:
      '{{Service}} gave an answer we could not read. It has been reported; please try again later.',
    deadline_exceeded: 'Answering took too long and was stopped. Please try again in a moment.',
    shutting_down: 'The service restarted before your message was answered. Please send it again.',
    internal: 'Something went wrong on our side while answering. It has been reported; please try again.',
  },

  // A tool domain as a customer names the service behind it: by its name, or `domain` for one unnamed here.
  service: {
    domain: 'the {{domain}} service',
    unknown: 'a service we need',
    named: {
      billing: 'the billing service',
      roaming: 'the roaming service',
      tariff: 'the tariff service',
      faq: 'the help centre service',
      ticket: 'the ticket service',
    },
  },

  // Declined messages, whoever declined them (a guardrail or an engine). They name no instruction.
  decline: {
    refused: "I'm sorry, but I can't help with that request. I can help you with {{topics}}.",
    off_topic: "I'm sorry, I can only help with questions about your mobile service: {{topics}}.",
    third_party:
      "I'm sorry, I can only help with the account of the person I'm talking to, so I can't look up or share " +
      "anyone else's bills, plan, usage or number. If they are our customer, they can contact us themselves; " +
      'I am happy to help with your own account.',
  },

  // The hand-over to a person (EscalationAgent); the consent question is asked before any ticket.
  hand_over: {
    consent_question: 'Shall I open a support ticket so that a colleague contacts you? (yes/no)',
    offer: 'If you would like a colleague to look into it, I can hand this over. {{consent_question}}',
    again: "I'm sorry: this is not the first time I could not help you in this conversation. {{offer}}",
    ask: 'I can hand this over to a person. {{consent_question}}',
    declined:
      "No problem, I won't open a ticket. I'm still here for your bills, roaming, tariff plans and any other question.",
    opened:
      'I have opened support ticket **{{ticket}}**. A colleague will read our conversation and contact you ' +
      'within one working day; you will not need to repeat anything. Quote the ticket number if you contact us ' +
      'in the meantime.',
    not_opened: "Sorry, I couldn't open the ticket: {{reason}}",
  },

  // Actions with consent (src/actions/): the platform's question, and what it answers once decided.
  action: {
    // A validity of the operator's data ("28 days", "1 month"), in the customer's language.
    days_one: '{{count}} day',
    days_other: '{{count}} days',
    months_one: '{{count}} month',
    months_other: '{{count}} months',
    price: '{{price, money}} EUR',
    price_per: '{{price, money}} EUR per {{validity}}',
    propose: {
      change_plan:
        'Switch from {{from}}, {{fromPrice}}, to {{to}}, {{toPrice}}, from today?{{ending}} (yes/no)',
      change_plan_ending: ' Your add-ons of {{plan}} ({{addons}}) end with it.',
      add_addon: 'Add {{addon}} to your {{plan}} plan for {{price, money}} EUR, from today? (yes/no)',
      add_addon_valid:
        'Add {{addon}} to your {{plan}} plan for {{price, money}} EUR (valid {{validity}}), from today? (yes/no)',
      buy_roaming_pack:
        'Buy a roaming pack for {{country}}: {{data}} GB of data for {{price, money}} EUR, valid {{validity}} from today? (yes/no)',
    },
    executed: {
      change_plan: 'Done: you are now on {{plan}}, from today.',
      change_plan_priced: 'Done: you are now on {{plan}}, {{price}}, from today.',
      add_addon: 'Done: {{addon}} is added to your {{plan}} plan. Your add-ons now: {{addons}}.',
      buy_roaming_pack_one:
        'Done: you have a roaming pack for {{country}} with {{data}} GB of data for {{price, money}} EUR, valid {{validity}} from today ({{count}} pack for {{country}} on your line).',
      buy_roaming_pack_other:
        'Done: you have a roaming pack for {{country}} with {{data}} GB of data for {{price, money}} EUR, valid {{validity}} from today ({{count}} packs for {{country}} on your line).',
      unknown: 'Done.',
    },
    failed: 'Sorry, I could not do that: {{reason}}. Nothing was changed.',
    failed_unknown: 'the account cannot take it',
    expired_minutes_one:
      'That proposal expired after {{count}} minute without an answer, so nothing was changed. Ask again if you still want it.',
    expired_minutes_other:
      'That proposal expired after {{count}} minutes without an answer, so nothing was changed. Ask again if you still want it.',
    expired_seconds_one:
      'That proposal expired after {{count}} second without an answer, so nothing was changed. Ask again if you still want it.',
    expired_seconds_other:
      'That proposal expired after {{count}} seconds without an answer, so nothing was changed. Ask again if you still want it.',
    declined: 'Fine, nothing was changed. Is there anything else I can help you with?',
    ask_again: 'Please answer yes or no. {{question}}',
    nothing_waiting: 'Nothing is waiting for your answer. {{answer}}',
  },
};

/** The shape every language's service catalogue has: the English one's keys, each a text. */
export type ServiceCatalogue = Texts<typeof en>;
type Texts<T> = { [K in keyof T]: T[K] extends string ? string : Texts<T[K]> };
