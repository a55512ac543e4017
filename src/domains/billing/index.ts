import { defineDomain } from '../domain.ts';
import { composeBillingAnswer } from './offline.ts';
import { createBillingMcpServer } from './server.ts';
import { CAPABILITY, CUES, EXAMPLES, GLOSSARY } from './understanding.ts';
import { PHRASES } from './phrases.ts';

export const billing = defineDomain({
  name: 'billing',
  title: 'Billing',
  capability: CAPABILITY,
  agent: {
    name: 'BillingAgent',
    description:
      "The customer's bills: amounts, line items, why a bill was higher or lower, charges for subscriptions and roaming on a bill.",
    instructions: [
      "You are BillingAgent, the mobile operator's billing specialist.",
      "Answer questions about the customer's bills using only the get_billing_data tool (one call per month you need).",
      'To explain a change, fetch the month asked about and the month before it, and name the line items that changed.',
    ].join(' '),
  },
  tools: ['get_billing_data'],
  slots: ['month', 'months', 'everyBill', 'lineItem', 'measure', 'threshold', 'yearly'],
  createServer: createBillingMcpServer,
  compose: composeBillingAnswer,
  localized: true,
  understanding: {
    examples: EXAMPLES,
    cues: CUES,
    glossary: GLOSSARY,
    phrases: PHRASES,
    // prettier-ignore
    lines: [
      { pattern: /\broaming\b|\babroad\b/, item: 'Roaming' },
      { pattern: /\b(amazon|prime)\b/, item: 'Amazon Prime' },
      { pattern: /\bspotify\b/, item: 'Spotify' },
      { pattern: /\bbase (charge|fee|price)|\b(monthly|standing|line) (fee|charge|rental)\b/, item: 'Base charge' },
    ],
    // A line of the bill named ("spotify", "amazon prime"), other than roaming, is a bill question.
    leans: ({ lineItem }) => (lineItem !== undefined && lineItem !== 'Roaming' ? 'clear' : undefined),
  },
});
