import type { z } from 'zod';
import { eur } from '../../mcp/tool-results.ts';
import type { PlanConstraints } from '../slots.ts';
import { markdownTable, readStructured, type ComposeInput } from '../compose.ts';
import { CurrentPlanOutputSchema, PlansOutputSchema } from './server.ts';
import { ProposalOutputSchema } from '../../actions/action.ts';
import { asksToAcquire, asksToSwitch, namedIn } from '../change-request.ts';
import { TARIFF_PLANS } from './data.ts';

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

/** The add-ons the customer has taken, as the last current-plan lookup read them. */
const taken = new WeakMap<ComposeInput, readonly string[]>();

const takenAddOns = (input: ComposeInput, plan: Plan): string => {
  const addOns = taken.get(input) ?? [];
  return addOns.length > 0
    ? `Add-ons you have taken: ${addOns.join(', ')}.`
    : `You have taken none of ${plan.name}'s add-ons.`;
};

/** The customer's plan; a string when the tool reports an error. */
async function currentPlan(input: ComposeInput): Promise<Plan | string> {
  const { tools } = input;
  const result = await tools.callTool('get_current_tariff_plan', {});
  if (result.isError) return result.text;
  const current = readStructured(tools, 'get_current_tariff_plan', result, CurrentPlanOutputSchema);
  taken.set(input, current.active_add_ons);
  return current.plan;
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

const fitsConstraints = (plan: Plan, constraints: PlanConstraints | undefined): boolean =>
  (constraints?.minDataGb === undefined || dataGb(plan) >= constraints.minDataGb) &&
  (constraints?.maxPrice === undefined || plan.price <= constraints.maxPrice) &&
  (constraints?.fiveG !== true || /5G/.test(plan.name));

/** What a plan search asked for, in words: "at least 20 GB, at most 30.00 EUR". */
function describeConstraints(constraints: PlanConstraints | undefined): string {
  const parts = [
    constraints?.minDataGb !== undefined ? `at least ${constraints.minDataGb} GB of data` : undefined,
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

/** The proposal tool's question, or its explanation of why the account cannot take the change. */
async function propose(input: ComposeInput, tool: string, args: Record<string, string>): Promise<string> {
  const result = await input.tools.callTool(tool, args);
  if (result.isError) return `I can't propose that: ${result.text}`;
  const { proposal } = readStructured(input.tools, tool, result, ProposalOutputSchema);
  return `Here is the change; nothing happens until you say yes.\n\n${proposal.summary}`;
}

/**
 * A request to change the account, answered with a proposal: a plan named to switch to, or an
 * add-on named to add (the customer's plan's first, then the catalogue's, whose tool explains it
 * belongs to another plan). Undefined when the message asks for no change this domain makes.
 */
async function proposeChange(input: ComposeInput): Promise<string | undefined> {
  const { message, slots } = input;
  if (asksToAcquire(message)) {
    const mine = await currentPlan(input);
    const own = typeof mine === 'object' ? mine.add_ons.map((a) => a.name) : [];
    const addon = namedIn(message, own) ?? namedIn(message, CATALOGUE_ADDONS);
    if (addon) {
      input.onStep(`The customer asks to add ${addon}: proposing it`);
      return propose(input, 'propose_addon', { addon });
    }
  }
  if (asksToSwitch(message) && slots.plans && slots.plans.length > 0) {
    const mine = await currentPlan(input);
    const current = typeof mine === 'object' ? mine.name : undefined;
    const target = slots.plans.filter((name) => name !== current).at(-1) ?? slots.plans.at(-1)!;
    input.onStep(`The customer asks to switch to ${target}: proposing it`);
    return propose(input, 'propose_plan_change', { plan: target });
  }
  return undefined;
}

const CATALOGUE_ADDONS = TARIFF_PLANS.flatMap((plan) => plan.add_ons.map((addon) => addon.name));

export async function composeTariffAnswer(input: ComposeInput): Promise<string> {
  const change = await proposeChange(input);
  if (change !== undefined) return change;
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
    return [
      `You are on ${mine.name}; here is what it includes, prices in EUR:`,
      '',
      plansTable([mine]),
      '',
      takenAddOns(input, mine),
    ].join('\n');
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
