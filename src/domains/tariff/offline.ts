import type { z } from 'zod';
import { eur } from '../../mcp/tool-results.ts';
import { markdownTable, readStructured, type ComposeInput } from '../compose.ts';
import { CurrentPlanOutputSchema, PlansOutputSchema } from './server.ts';

type Plan = z.infer<typeof CurrentPlanOutputSchema>['plan'];

const STRUCTURE_LABELS: Record<Plan['pricing_structure'], string> = {
  prepaid: 'prepaid',
  postpaid: 'postpaid',
  hybrid: 'hybrid',
  flat_rate: 'flat rate',
  tiered: 'tiered',
};

const addOns = (plan: Plan): string =>
  plan.add_ons.map((a) => `${a.name} ${eur(a.price)}${a.validity ? ` (${a.validity})` : ''}`).join('; ') ||
  'none';

/** Plans side by side; the customer's current plan is marked when it is among them. */
const plansTable = (plans: readonly Plan[], current?: string): string =>
  markdownTable(
    ['Plan', 'Type', 'Price (EUR)', 'Validity', 'Minutes', 'Data', 'SMS', 'Add-ons (EUR)'],
    plans.map((p) => [
      p.name === current ? `**${p.name}** (your plan)` : p.name,
      STRUCTURE_LABELS[p.pricing_structure],
      eur(p.price),
      p.validity,
      p.minutes,
      p.data,
      p.sms,
      addOns(p),
    ]),
    [false, false, true],
  );

/** The customer's plan; a string when the tool reports an error. */
async function currentPlan({ tools }: ComposeInput): Promise<Plan | string> {
  const result = await tools.callTool('get_current_tariff_plan', {});
  if (result.isError) return result.text;
  return readStructured(tools, 'get_current_tariff_plan', result, CurrentPlanOutputSchema).plan;
}

/** The plans of one structure, or every plan; a string when the tool reports an error. */
async function plansOnOffer(
  { tools }: ComposeInput,
  structure?: Plan['pricing_structure'],
): Promise<Plan[] | string> {
  const result = await tools.callTool('get_tariff_plan', structure ? { pricing_structure: structure } : {});
  if (result.isError) return result.text;
  return readStructured(tools, 'get_tariff_plan', result, PlansOutputSchema).plans;
}

/**
 * Answers tariff questions: the customer's own plan ("my plan"), the plans of a pricing structure
 * when one is named, otherwise the current plan next to every plan on offer.
 */
export async function composeTariffAnswer(input: ComposeInput): Promise<string> {
  const { slots, onStep } = input;
  if (slots.planType) {
    const plans = await plansOnOffer(input, slots.planType);
    if (typeof plans === 'string') return `Sorry, I couldn't find those plans. ${plans}`;
    const label = STRUCTURE_LABELS[slots.planType];
    return [`These are our ${label} plans, prices in EUR:`, '', plansTable(plans)].join('\n');
  }
  const mine = await currentPlan(input);
  if (typeof mine === 'string') return `Sorry, I couldn't look up your plan. ${mine}`;
  if (slots.currentPlan) {
    return [`You are on ${mine.name}; here is what it includes, prices in EUR:`, '', plansTable([mine])].join(
      '\n',
    );
  }
  onStep('Comparing your current plan with the plans on offer');
  const plans = await plansOnOffer(input);
  if (typeof plans === 'string') return `Sorry, I couldn't list the plans on offer. ${plans}`;
  return [
    `You are on ${mine.name} (${eur(mine.price)} EUR per ${mine.validity}). The table shows every plan we offer, prices in EUR:`,
    '',
    plansTable(plans, mine.name),
  ].join('\n');
}
