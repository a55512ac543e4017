import { defineDomain } from '../domain.ts';
import { composeTariffAnswer } from './offline.ts';
import { createTariffMcpServer } from './server.ts';
import { TARIFF_PLANS } from './data.ts';
import { CUES, EXAMPLES } from './understanding.ts';

export const tariff = defineDomain({
  name: 'tariff',
  title: 'Tariff',
  agent: {
    name: 'TariffAgent',
    description:
      "Tariff plans: the customer's current plan, other plans (prepaid, postpaid, hybrid, flat rate, tiered), their prices, allowances and add-ons.",
    instructions: [
      "You are TariffAgent, the mobile operator's tariff specialist.",
      'Answer questions about tariff plans using only get_current_tariff_plan and get_tariff_plan.',
      'When comparing plans, show the figures side by side.',
    ].join(' '),
  },
  tools: ['get_current_tariff_plan', 'get_tariff_plan'],
  slots: ['planType', 'currentPlan', 'plans', 'constraints', 'measure', 'dataNeedGb', 'yearly'],
  createServer: createTariffMcpServer,
  compose: composeTariffAnswer,
  localized: true,
  understanding: { examples: EXAMPLES, cues: CUES, names: TARIFF_PLANS.map((plan) => plan.name) },
});
