import { defineDomain } from '../domain.ts';
import { composeBillingAnswer } from './offline.ts';
import { createBillingMcpServer } from './server.ts';
import { readDomainLanguage } from '../domain-language.ts';
import { PHRASES } from './phrases.ts';

/**
 * What the offline engine learns the domain from (its language.json: examples, cue words and
 * glossary per language; the labelling rule where domains meet is in
 * src/engines/offline/training-data.ts), and its capability line.
 */
const { capability, ...learned } = readDomainLanguage(new URL('./language.json', import.meta.url));

export const billing = defineDomain({
  name: 'billing',
  title: 'Billing',
  capability,
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
    ...learned,
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
