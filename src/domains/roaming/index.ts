import { defineDomain } from '../domain.ts';
import { composeRoamingAnswer } from './offline.ts';
import { createRoamingMcpServer } from './server.ts';
import { CAPABILITY, CUES, EXAMPLES, GLOSSARY } from './understanding.ts';
import { AMBIGUOUS_COUNTRY_KEYS, COUNTRY_LOOKUP } from './places.ts';

export const roaming = defineDomain({
  name: 'roaming',
  title: 'Roaming',
  capability: CAPABILITY,
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
    examples: EXAMPLES,
    cues: CUES,
    glossary: GLOSSARY,
    places: { names: COUNTRY_LOOKUP, ambiguous: AMBIGUOUS_COUNTRY_KEYS },
    // A country named without other roaming words still leans to roaming.
    leans: ({ country }) => (country !== undefined ? 'clear' : undefined),
    pastMonthsOnly: true,
  },
});
