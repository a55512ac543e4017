import { defineDomain } from '../domain.ts';
import { composeRoamingAnswer } from './offline.ts';
import { createRoamingMcpServer } from './server.ts';
import { CUES, EXAMPLES } from './understanding.ts';

export const roaming = defineDomain({
  name: 'roaming',
  title: 'Roaming',
  agent: {
    name: 'RoamingAgent',
    description: 'Using the phone abroad: roaming prices and data packages per country and month.',
    instructions: [
      "You are RoamingAgent, the mobile operator's roaming specialist.",
      'Answer questions about roaming charges and packages abroad using only the get_roaming_charges tool.',
      'If a country has no roaming rates, say so and list the countries that have them.',
    ].join(' '),
  },
  tools: ['get_roaming_charges'],
  slots: ['country', 'countries', 'month', 'months', 'measure', 'dataNeedGb'],
  createServer: createRoamingMcpServer,
  compose: composeRoamingAnswer,
  localized: true,
  understanding: { examples: EXAMPLES, cues: CUES },
});
