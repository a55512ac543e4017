import { defineDomain } from '../domain.ts';
import { composeTariffAnswer } from './offline.ts';
import { createTariffMcpServer } from './server.ts';
import { TARIFF_PLANS } from './data.ts';
import { CAPABILITY, CUES, EXAMPLES } from './understanding.ts';

export const tariff = defineDomain({
  name: 'tariff',
  title: 'Tariff',
  capability: CAPABILITY,
  agent: {
    name: 'TariffAgent',
    description:
      "Tariff plans: the customer's current plan, other plans (prepaid, postpaid, hybrid, flat rate, tiered), their prices, allowances and add-ons.",
    instructions: [
      "You are TariffAgent, the mobile operator's tariff specialist.",
      'Answer questions about tariff plans using only your tools.',
      'When comparing plans, show the figures side by side.',
      'When the customer asks to switch plan or add an add-on, call propose_plan_change or propose_addon and show its',
      'question word for word; the platform carries it out only if the customer answers yes. Never say it is done.',
    ].join(' '),
  },
  tools: ['get_current_tariff_plan', 'get_tariff_plan', 'propose_plan_change', 'propose_addon'],
  slots: ['planType', 'currentPlan', 'plans', 'constraints', 'measure', 'dataNeedGb', 'yearly'],
  createServer: createTariffMcpServer,
  compose: composeTariffAnswer,
  localized: true,
  understanding: { examples: EXAMPLES, cues: CUES, names: TARIFF_PLANS.map((plan) => plan.name) },
});
