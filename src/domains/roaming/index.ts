import { defineDomain } from '../domain.ts';
import { composeRoamingAnswer } from './offline.ts';
import { createRoamingMcpServer } from './server.ts';
import { readDomainLanguage } from '../domain-language.ts';
import { AMBIGUOUS_COUNTRY_KEYS, COUNTRY_LOOKUP } from './places.ts';

/**
 * What the offline engine learns the domain from (its language.json: examples, cue words and
 * glossary per language; the labelling rule where domains meet is in
 * src/engines/offline/training-data.ts), and its capability line.
 */
const { capability, ...learned } = readDomainLanguage(new URL('./language.json', import.meta.url));

export const roaming = defineDomain({
  name: 'roaming',
  title: 'Roaming',
  capability,
  agent: {
    name: 'RoamingAgent',
    description: 'Using the phone abroad: roaming prices and data packages per country and month.',
    instructions: [
      "You are RoamingAgent, the mobile operator's roaming specialist.",
      'Answer questions about roaming charges and packages abroad using only your tools.',
      'If a country has no roaming rates, say so and list the countries that have them.',
      'When the customer wants to buy a roaming pack, call propose_roaming_pack and show its question word for word;',
      'the platform carries it out only if the customer answers yes. Never say it is done.',
    ].join(' '),
  },
  tools: ['get_roaming_charges', 'propose_roaming_pack'],
  slots: ['country', 'countries', 'month', 'months', 'measure', 'dataNeedGb'],
  createServer: createRoamingMcpServer,
  compose: composeRoamingAnswer,
  localized: true,
  understanding: {
    ...learned,
    places: { names: COUNTRY_LOOKUP, ambiguous: AMBIGUOUS_COUNTRY_KEYS },
    // A country named without other roaming words still leans to roaming.
    leans: ({ country }) => (country !== undefined ? 'clear' : undefined),
    pastMonthsOnly: true,
  },
});
