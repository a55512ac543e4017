import type { z } from 'zod';
import { eur } from '../../mcp/tool-results.ts';
import type { PlanConstraints } from '../slots.ts';
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
/** Included data in GB, as a plan describes it ("10 GB (fair use…)"); unlimited is Infinity. */
function dataGb(plan: Plan): number {
  if (/unlimited/i.test(plan.data)) return Number.POSITIVE_INFINITY;
  const match = /(\d+(?:\.\d+)?)\s*GB/i.exec(plan.data);
  return match ? Number(match[1]) : 0;
}

/** An allowance of minutes or SMS as a number ("300"); unlimited is Infinity. */
function allowance(text: string): number {
  if (/unlimited/i.test(text)) return Number.POSITIVE_INFINITY;
  const match = /(\d+)/.exec(text);
  return match ? Number(match[1]) : 0;
}

const fitsConstraints = (plan: Plan, constraints: PlanConstraints | undefined): boolean =>
  (constraints?.minDataGb === undefined || dataGb(plan) >= constraints.minDataGb) &&
  (constraints?.minPrice === undefined || plan.price >= constraints.minPrice) &&
  (constraints?.maxPrice === undefined || plan.price <= constraints.maxPrice) &&
  (constraints?.minMinutes === undefined || allowance(plan.minutes) >= constraints.minMinutes) &&
  (constraints?.minSms === undefined || allowance(plan.sms) >= constraints.minSms) &&
  (constraints?.fiveG !== true || /5G/.test(plan.name));

/** What a plan search asked for, in words: "at least 20 GB, at most 30.00 EUR". */
function describeConstraints(constraints: PlanConstraints | undefined): string {
  const parts = [
    constraints?.minDataGb !== undefined ? `at least ${constraints.minDataGb} GB of data` : undefined,
    constraints?.minMinutes !== undefined ? `at least ${constraints.minMinutes} minutes` : undefined,
    constraints?.minSms !== undefined ? `at least ${constraints.minSms} SMS` : undefined,
    constraints?.minPrice !== undefined ? `at least ${eur(constraints.minPrice)} EUR` : undefined,
    constraints?.maxPrice !== undefined ? `at most ${eur(constraints.maxPrice)} EUR` : undefined,
    constraints?.fiveG ? '5G' : undefined,
  ].filter((part) => part !== undefined);
  return parts.join(', ');
}

/** Named plans (and the customer's own, when asked against it) side by side, with the price difference. */
async function comparePlans(input: ComposeInput, names: readonly string[]): Promise<string> {
  input.onStep(`Comparing ${names.join(' and ')}`);
  const plans = await plansOnOffer(input);
  if (typeof plans === 'string') return `Sorry, I couldn't list the plans on offer. ${plans}`;
  const mine = input.slots.currentPlan || names.length === 1 ? await currentPlan(input) : undefined;
  const chosen = [
    ...(typeof mine === 'object' && !names.includes(mine.name) ? [mine] : []),
    ...names.flatMap((name) => plans.filter((plan) => plan.name === name)),
  ];
  const lines = [
    'These plans side by side, prices in EUR:',
    '',
    plansTable(chosen, typeof mine === 'object' ? mine.name : undefined),
  ];
  const [a, b] = chosen;
  if (a && b) {
    const difference = Math.round(Math.abs(a.price - b.price) * 100) / 100;
    const [cheaper, dearer] = a.price <= b.price ? [a, b] : [b, a];
    lines.push(
      '',
      difference === 0
        ? `${a.name} and ${b.name} cost the same: ${eur(a.price)} EUR.`
        : `${dearer.name} costs ${eur(difference)} EUR more than ${cheaper.name} (${eur(dearer.price)} EUR per ${dearer.validity} against ${eur(cheaper.price)} EUR per ${cheaper.validity}).`,
    );
    if (input.slots.yearly && difference !== 0)
      lines.push(`Over a year of 12 payments that is **${eur(difference * 12)} EUR** more.`);
    const [less, more] = dataGb(a) <= dataGb(b) ? [a, b] : [b, a];
    const extra = dataGb(more) - dataGb(less);
    if (Number.isFinite(extra) && extra > 0)
      lines.push(
        `${more.name} gives ${extra} GB more data than ${less.name} (${dataGb(more)} GB against ${dataGb(less)} GB).`,
      );
  }
  return lines.join('\n');
}

/** The plans that fit a search ("at least 20 GB", "under 30 euro", "5G"), cheapest first. */
async function searchPlans(input: ComposeInput): Promise<string> {
  const { slots } = input;
  const wanted = describeConstraints(slots.constraints);
  input.onStep(`Looking for plans${wanted ? ` with ${wanted}` : ''}`);
  const plans = await plansOnOffer(input, slots.planType);
  if (typeof plans === 'string') return `Sorry, I couldn't list the plans on offer. ${plans}`;
  const fitting = plans
    .filter((plan) => fitsConstraints(plan, slots.constraints))
    .sort((a, b) => a.price - b.price);
  if (fitting.length === 0) {
    return `None of our plans has ${wanted || 'what you asked for'}. These are all our plans, prices in EUR:\n\n${plansTable(plans)}`;
  }
  const best = fitting[0]!;
  return [
    `The cheapest plan${wanted ? ` with ${wanted}` : ''} is **${best.name}** at ${eur(best.price)} EUR per ${best.validity} (${best.data} of data).` +
      (fitting.length > 1
        ? ` ${fitting.length - 1} more fit${fitting.length === 2 ? 's' : ''}, cheapest first:`
        : ''),
    '',
    plansTable(fitting),
  ].join('\n');
}

export async function composeTariffAnswer(input: ComposeInput): Promise<string> {
  const { slots, onStep } = input;
  if (slots.plans && (slots.plans.length >= 2 || slots.measure === 'compare' || slots.currentPlan)) {
    return comparePlans(input, slots.plans);
  }
  if (slots.constraints || slots.measure === 'cheapest') return searchPlans(input);
  if (slots.plans) {
    const plans = await plansOnOffer(input);
    if (typeof plans === 'string') return `Sorry, I couldn't list the plans on offer. ${plans}`;
    const named = plans.filter((plan) => slots.plans?.includes(plan.name));
    return [
      `Here is ${named.map((plan) => plan.name).join(' and ')}, prices in EUR:`,
      '',
      plansTable(named),
    ].join('\n');
  }
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
