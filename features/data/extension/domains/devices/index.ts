// A domain written as a developer adds one: this folder, copied to src/domains/devices/ of a copy of
// the project, and its import and entry in src/domains/registry.ts (features/extending.feature).
// Typechecked here as if it were in src/domains/ (tsconfig.json's rootDirs).
import { readDomainLanguage } from '../domain-language.ts';
import { defineDomain } from '../domain.ts';
import { composeDevicesAnswer } from './offline.ts';
import { createDevicesMcpServer } from './server.ts';

const { examples, cues, capability, glossary } = readDomainLanguage(
  new URL('./language.json', import.meta.url),
);

export const devices = defineDomain({
  name: 'devices',
  title: 'Devices',
  capability,
  agent: {
    name: 'DevicesAgent',
    description: 'The handsets the operator sells: models, prices and monthly instalments.',
    instructions: [
      "You are DevicesAgent, the mobile operator's handset specialist.",
      'Answer questions about the phones on sale using only the list_devices tool.',
    ].join(' '),
  },
  tools: ['list_devices'],
  slots: [],
  createServer: createDevicesMcpServer,
  compose: composeDevicesAnswer,
  understanding: {
    examples,
    cues,
    glossary,
    phrases: [
      {
        // Getting a phone is a handset question, whatever plan words come with it.
        pattern: /\b(buy|get|order) (a |an )?(new )?(phone|mobile|handset|smartphone)\b/,
        weight: 2,
        label: 'getting a phone',
        topical: true,
        outweighs: ['tariff'],
      },
    ],
  },
});
