import { defineDomain } from '../domain.ts';
import { composeFaqAnswer } from './offline.ts';
import { createFaqMcpServer } from './server.ts';
import { readDomainLanguage } from '../domain-language.ts';
import { PHRASES } from './phrases.ts';

/**
 * What the offline engine learns the domain from (its language.json: examples, cue words and
 * glossary per language; the labelling rule where domains meet is in
 * src/engines/offline/training-data.ts), and its capability line.
 */
const { capability, ...learned } = readDomainLanguage(new URL('./language.json', import.meta.url));

export const faq = defineDomain({
  name: 'faq',
  title: 'General',
  capability,
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
    ...learned,
    phrases: PHRASES,
    // prettier-ignore
    keepWords: [
      'crawling', 'crawls', 'sluggish', 'laggy', 'lagging', 'unusable', 'throttled', 'throttling', 'throttle',
      'paypal', 'tethering', 'downgrade', 'downgrading', 'puk',
    ],
    answersHowTo: true,
  },
});
