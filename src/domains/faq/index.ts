import { defineDomain } from '../domain.ts';
import { composeFaqAnswer } from './offline.ts';
import { createFaqMcpServer } from './server.ts';
import { CAPABILITY, CUES, EXAMPLES, GLOSSARY } from './understanding.ts';
import { PHRASES } from './phrases.ts';

export const faq = defineDomain({
  name: 'faq',
  title: 'General',
  capability: CAPABILITY,
  agent: {
    name: 'FaqAgent',
    description:
      'General questions answered by the help centre: SIM and eSIM, number porting, payments, contracts and cancellation, coverage and 5G, fair use, international calls.',
    instructions: [
      "You are FaqAgent, the mobile operator's help-centre assistant.",
      'Answer general questions using only the search_faq tool; quote the matching answer and do not invent policies.',
      'If nothing matches, say so and name the topics the help centre covers.',
    ].join(' '),
  },
  tools: ['search_faq'],
  slots: [],
  createServer: createFaqMcpServer,
  compose: composeFaqAnswer,
  understanding: {
    examples: EXAMPLES,
    cues: CUES,
    glossary: GLOSSARY,
    phrases: PHRASES,
    // prettier-ignore
    keepWords: [
      'crawling', 'crawls', 'sluggish', 'laggy', 'lagging', 'unusable', 'throttled', 'throttling', 'throttle',
      'paypal', 'tethering', 'downgrade', 'downgrading', 'puk',
    ],
    answersHowTo: true,
  },
});
