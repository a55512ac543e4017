import { defineDomain } from '../domain.ts';
import { composeTariffAnswer } from './offline.ts';
import { createTariffMcpServer } from './server.ts';
import { TARIFF_PLANS } from './data.ts';
import { readDomainLanguage } from '../domain-language.ts';
import { PHRASES } from './phrases.ts';

/**
 * What the offline engine learns the domain from (its language.json: examples, cue words and
 * glossary per language; the labelling rule where domains meet is in
 * src/engines/offline/training-data.ts), and its capability line.
 */
const { capability, ...learned } = readDomainLanguage(new URL('./language.json', import.meta.url));

export const tariff = defineDomain({
  name: 'tariff',
  title: 'Tariff',
  capability,
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
  understanding: {
    ...learned,
    phrases: PHRASES,
    names: TARIFF_PLANS.map((plan) => plan.name),
    // A plan named by name ("moved to UltraFlex") is about plans whatever else is said; an allowance
    // asked for ("at least 20 GB"), a price floor or a plan type leans to plans.
    leans: ({ plans, constraints, planType }) =>
      plans !== undefined
        ? 'decisive'
        : constraints?.minDataGb !== undefined ||
            constraints?.minMinutes !== undefined ||
            constraints?.minSms !== undefined ||
            constraints?.minPrice !== undefined ||
            planType !== undefined
          ? 'clear'
          : undefined,
  },
});
