import type { z } from 'zod';
import { formatMoney, translator } from '../../core/i18n/i18n.ts';
import type { PlanConstraints } from '../slots.ts';
import { markdownTable, readStructured, type ComposeInput } from '../compose.ts';
import { CurrentPlanOutputSchema, PlansOutputSchema } from './server.ts';
import { ProposalOutputSchema } from '../../actions/action.ts';
import { allNamedIn, asksHowMuch, asksToAcquire, asksToSwitch, namedIn } from '../change-request.ts';
import { TARIFF_PLANS } from './data.ts';

type Plan = z.infer<typeof CurrentPlanOutputSchema>['plan'];

const addOns = ({ t, language }: ComposeInput, plan: Plan): string =>
  plan.add_ons
    .map((a) => `${a.name} ${formatMoney(a.price, language)}${a.validity ? ` (${a.validity})` : ''}`)
    .join('; ') || t('tariff.table.none');

/** Plans side by side; the customer's current plan is marked when it is among them. */
const plansTable = (input: ComposeInput, plans: readonly Plan[], current?: string): string =>
  markdownTable(
    (['plan', 'type', 'price', 'validity', 'minutes', 'data', 'sms', 'addOns'] as const).map((column) =>
      input.t(`tariff.table.${column}`),
    ),
    plans.map((p) => [
      p.name === current ? `**${p.name}** ${input.t('tariff.table.yours')}` : p.name,
      input.t(`tariff.structure.${p.pricing_structure}`),
      formatMoney(p.price, input.language),
      p.validity,
      p.minutes,
      p.data,
      p.sms,
      addOns(input, p),
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
  (constraints?.fiveG !== true || /5G/.test(plan.name)) &&
  (constraints?.finiteData !== true || Number.isFinite(dataGb(plan)));

/** Each stated bound of a plan search, in the order it is said: its field, its text and the text's parameter. */
const BOUNDS = [
  { field: 'minDataGb', text: 'tariff.constraint.data', param: 'count' },
  { field: 'minMinutes', text: 'tariff.constraint.minutes', param: 'count' },
  { field: 'minSms', text: 'tariff.constraint.sms', param: 'count' },
  { field: 'minPrice', text: 'tariff.constraint.minPrice', param: 'price' },
  { field: 'maxPrice', text: 'tariff.constraint.maxPrice', param: 'price' },
] as const;

/** What a plan search asked for, in words: "at least 20 GB, at most 30.00 EUR". */
function describeConstraints(
  { t }: Pick<ComposeInput, 't'>,
  constraints: PlanConstraints | undefined,
): string {
  const parts = BOUNDS.flatMap(({ field, text, param }) => {
    const value = constraints?.[field];
    return value === undefined ? [] : [t(text, { [param]: value })];
  });
  if (constraints?.fiveG) parts.push(t('tariff.constraint.fiveG'));
  if (constraints?.finiteData) parts.push(t('tariff.constraint.finiteData'));
  return parts.join(', ');
}

/** Named plans (and the customer's own, when asked against it) side by side, with the price difference. */
async function comparePlans(input: ComposeInput, names: readonly string[]): Promise<string> {
  const { t } = input;
  input.onStep(`Comparing ${names.join(' and ')}`);
  const plans = await plansOnOffer(input);
  if (typeof plans === 'string') return t('tariff.noPlans', { reason: plans });
  const mine = input.slots.currentPlan || names.length === 1 ? await currentPlan(input) : undefined;
  const chosen = [
    ...(typeof mine === 'object' && !names.includes(mine.name) ? [mine] : []),
    ...names.flatMap((name) => plans.filter((plan) => plan.name === name)),
  ];
  const lines = [
    t('tariff.sideBySide'),
    '',
    plansTable(input, chosen, typeof mine === 'object' ? mine.name : undefined),
  ];
  const withAddOn = addOnAsked(input.message, chosen);
  if (withAddOn) {
    const { plan, addOn } = withAddOn;
    lines.push(
      '',
      t('tariff.withAddOn', {
        plan: plan.name,
        addon: addOn.name,
        price: plan.price,
        addonPrice: addOn.price,
        total: cents(plan.price + addOn.price),
        validity: plan.validity,
      }),
    );
  }
  // A plan taken with the add-on asked about is compared at both prices together.
  const [a, b] = chosen.map((plan) =>
    withAddOn?.plan === plan
      ? {
          ...plan,
          name: `${plan.name} + ${withAddOn.addOn.name}`,
          price: cents(plan.price + withAddOn.addOn.price),
        }
      : plan,
  );
  if (a && b) {
    const difference = Math.round(Math.abs(a.price - b.price) * 100) / 100;
    const [cheaper, dearer] = a.price <= b.price ? [a, b] : [b, a];
    lines.push(
      '',
      difference === 0
        ? t('tariff.samePrice', { a: a.name, b: b.name, price: a.price })
        : t('tariff.costsMore', {
            dearer: dearer.name,
            cheaper: cheaper.name,
            difference,
            dearerPrice: dearer.price,
            dearerValidity: dearer.validity,
            cheaperPrice: cheaper.price,
            cheaperValidity: cheaper.validity,
          }),
    );
    if (input.slots.yearly && difference !== 0)
      lines.push(t('tariff.yearly', { difference: difference * 12 }));
    const [less, more] = dataGb(a) <= dataGb(b) ? [a, b] : [b, a];
    const extra = dataGb(more) - dataGb(less);
    if (Number.isFinite(extra) && extra > 0)
      lines.push(
        t('tariff.moreData', {
          more: more.name,
          less: less.name,
          extra,
          moreGb: dataGb(more),
          lessGb: dataGb(less),
        }),
      );
  }
  return lines.join('\n');
}

const cents = (amount: number): number => Math.round(amount * 100) / 100;

/** Words that say an add-on is meant ("with the extra talktime add-on", "plus the data booster"). */
const ADD_ON_WORDS = /\b(add ?-?ons?|pack|bundle|boost(er)?|talktime|upgrade|extra)\b/i;

/** The add-on of one of the compared plans the message takes with it, if it names one. */
function addOnAsked(
  message: string,
  plans: readonly Plan[],
): { plan: Plan; addOn: Plan['add_ons'][number] } | undefined {
  if (!ADD_ON_WORDS.test(message)) return undefined;
  const offered = plans.flatMap((plan) => plan.add_ons.map((addOn) => ({ plan, addOn })));
  const name = namedIn(
    message,
    offered.map(({ addOn }) => addOn.name),
  );
  return offered.find(({ addOn }) => addOn.name === name);
}

/** Asking what something costs, in the four languages. */
const ASKS_PRICE =
  /\b(price|prices|cost|costs|how much|fee|charge|per month|a month|on top|precio|cuesta|cuestan|cuanto|preis|kostet|kosten|prix|co[uû]te|co[uû]tent|combien)\b/i;

/** An add-on asked about by name, with its price and the plan it belongs to; undefined when none is named. */
async function addOnPrice(input: ComposeInput): Promise<string | undefined> {
  const plans = await plansOnOffer(input);
  if (typeof plans === 'string') return undefined;
  const offered = plans.flatMap((plan) => plan.add_ons.map((addOn) => ({ plan, addOn })));
  const name = namedIn(
    input.message,
    offered.map(({ addOn }) => addOn.name),
  );
  const asked = offered.find(({ addOn }) => addOn.name === name);
  if (!asked) return undefined;
  const { plan, addOn } = asked;
  input.onStep(`Looking up the add-on ${addOn.name}`);
  return [
    input.t('tariff.addOnPrice', {
      context: addOn.validity ? 'validity' : undefined,
      addon: addOn.name,
      plan: plan.name,
      price: addOn.price,
      validity: addOn.validity,
    }),
    '',
    plansTable(input, [plan]),
  ].join('\n');
}

/** Every add-on of a plan asked for: "with both of its add-ons", in the message or its English reading. */
const EVERY_ADD_ON = /\b(both|all)( of)?( its| the| his| her| their)? (add ?-?ons?|extras|options)\b/i;

/**
 * A plan and add-ons of it priced together ("FlexiConnect with the Data Booster, what does that come
 * to?", "my plan with the weekend and the talktime add-ons"): the plan named, or the customer's own,
 * and every add-on of it the message names. Undefined when the message asks no such sum: an add-on
 * asked about with no plan is its price (addOnPrice).
 */
async function planWithAddOns(input: ComposeInput): Promise<string | undefined> {
  const { message, reading, history, slots, t, language } = input;
  // "sorry, I meant the StepUp with the tier 2 one" corrects a price question: it asks one too.
  const asked = (text: string | undefined): boolean =>
    text !== undefined && (asksHowMuch(text) || ASKS_PRICE.test(text));
  const before = history.findLast((turn) => turn.role === 'user')?.content;
  if (!asked(message) && (!asked(before) || asksToAcquire(message))) return undefined;
  if ((slots.plans?.length ?? 0) > 1) return undefined;
  // Add-ons are named in English ("el pack de llamadas internacionales" reads "international calling pack").
  const words = reading ? `${message} ${reading}` : message;
  const every = EVERY_ADD_ON.test(words);
  const named = allNamedIn(words, CATALOGUE_ADDONS);
  if ((named.length === 0 && !every) || (!slots.plans && !slots.currentPlan)) return undefined;
  const plans = await plansOnOffer(input);
  if (typeof plans === 'string') return undefined;
  const mine = slots.plans ? undefined : await currentPlan(input);
  const plan = slots.plans ? plans.find((offered) => offered.name === slots.plans?.[0]) : mine;
  if (typeof plan !== 'object') return undefined;
  const addOns = plan.add_ons.filter((addOn) => every || named.includes(addOn.name));
  if (addOns.length === 0) return undefined;
  input.onStep(`Adding up ${plan.name} with ${addOns.map((addOn) => addOn.name).join(' and ')}`);
  return [
    t('tariff.withAddOns', {
      plan: plan.name,
      addons: new Intl.ListFormat(language, { type: 'conjunction' }).format(addOns.map((a) => a.name)),
      prices: [plan.price, ...addOns.map((addOn) => addOn.price)]
        .map((price) => formatMoney(price, language))
        .join(' + '),
      total: cents(addOns.reduce((sum, addOn) => sum + addOn.price, plan.price)),
      validity: plan.validity,
    }),
    '',
    plansTable(input, [plan], mine === plan ? plan.name : undefined),
  ].join('\n');
}

/** The plan with the most data among those that fit the search ("the most data without going unlimited"). */
async function mostData(input: ComposeInput): Promise<string> {
  const { slots, t } = input;
  const wanted = describeConstraints(input, slots.constraints);
  input.onStep('Looking for the plan with the most data');
  const plans = await plansOnOffer(input, slots.planType);
  if (typeof plans === 'string') return t('tariff.noPlans', { reason: plans });
  const ranked = plans
    .filter((plan) => fitsConstraints(plan, slots.constraints))
    .sort((a, b) => dataGb(b) - dataGb(a) || a.price - b.price);
  const best = ranked[0];
  if (best === undefined)
    return `${t('tariff.none', { wanted: wanted || t('tariff.noneAsked') })}\n\n${plansTable(input, plans)}`;
  return [
    t('tariff.mostData', {
      context: wanted ? 'wanted' : undefined,
      wanted,
      plan: best.name,
      data: best.data,
      price: best.price,
      validity: best.validity,
    }),
    '',
    plansTable(input, ranked),
  ].join('\n');
}

/** The plans that fit a search ("at least 20 GB", "under 30 euro", "5G"), cheapest first. */
async function searchPlans(input: ComposeInput): Promise<string> {
  const { slots, t } = input;
  const wanted = describeConstraints(input, slots.constraints);
  // Steps are read by the operator's staff: in English, whatever the customer's language.
  const wantedInEnglish = describeConstraints({ t: translator('en') }, slots.constraints);
  input.onStep(`Looking for plans${wantedInEnglish ? ` with ${wantedInEnglish}` : ''}`);
  const plans = await plansOnOffer(input, slots.planType);
  if (typeof plans === 'string') return t('tariff.noPlans', { reason: plans });
  const fitting = plans
    .filter((plan) => fitsConstraints(plan, slots.constraints))
    .sort((a, b) => a.price - b.price);
  if (fitting.length === 0) {
    return `${t('tariff.none', { wanted: wanted || t('tariff.noneAsked') })}\n\n${plansTable(input, plans)}`;
  }
  const best = fitting[0]!;
  const lead = t('tariff.cheapest', {
    context: wanted ? 'wanted' : undefined,
    wanted,
    plan: best.name,
    price: best.price,
    validity: best.validity,
    data: best.data,
  });
  const more = fitting.length > 1 ? ` ${t('tariff.moreFit', { count: fitting.length - 1 })}` : '';
  return [`${lead}${more}`, '', plansTable(input, fitting)].join('\n');
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

/**
 * Answers tariff questions, in the customer's language: a change the customer asks for (a proposal),
 * the customer's own plan ("my plan"), plans by name side by side, a search by constraints, the
 * plans of a pricing structure, otherwise the current plan next to every plan on offer.
 */
export async function composeTariffAnswer(input: ComposeInput): Promise<string> {
  const { slots, onStep, t } = input;
  const together = await planWithAddOns(input);
  if (together !== undefined) return together;
  // "add-on price?" asks what an add-on costs, not to add it.
  if (!slots.plans && ADD_ON_WORDS.test(input.message) && ASKS_PRICE.test(input.message)) {
    const price = await addOnPrice(input);
    if (price !== undefined) return price;
  }
  const change = await proposeChange(input);
  if (change !== undefined) return change;
  if (slots.plans && (slots.plans.length >= 2 || slots.measure === 'compare' || slots.currentPlan)) {
    return comparePlans(input, slots.plans);
  }
  if (slots.measure === 'most_data') return mostData(input);
  if (slots.constraints || slots.measure === 'cheapest') return searchPlans(input);
  if (slots.plans) {
    const plans = await plansOnOffer(input);
    if (typeof plans === 'string') return t('tariff.noPlans', { reason: plans });
    const named = plans.filter((plan) => slots.plans?.includes(plan.name));
    const yearly = slots.yearly
      ? named.map((plan) =>
          t('tariff.yearlyCost', { plan: plan.name, price: plan.price, total: cents(plan.price * 12) }),
        )
      : [];
    return [
      t('tariff.named', {
        plans: new Intl.ListFormat(input.language, { type: 'conjunction' }).format(
          named.map((plan) => plan.name),
        ),
      }),
      '',
      plansTable(input, named),
      ...(yearly.length > 0 ? ['', ...yearly] : []),
    ].join('\n');
  }
  if (slots.planType) {
    const plans = await plansOnOffer(input, slots.planType);
    if (typeof plans === 'string') return t('tariff.noPlansOfType', { reason: plans });
    return [
      t('tariff.ofType', { type: t(`tariff.structure.${slots.planType}`) }),
      '',
      plansTable(input, plans),
    ].join('\n');
  }
  const mine = await currentPlan(input);
  if (typeof mine === 'string') return t('tariff.noCurrent', { reason: mine });
  if (slots.currentPlan) {
    return [
      t('tariff.current', { plan: mine.name }),
      '',
      plansTable(input, [mine]),
      '',
      takenAddOns(input, mine),
    ].join('\n');
  }
  onStep('Comparing your current plan with the plans on offer');
  const plans = await plansOnOffer(input);
  if (typeof plans === 'string') return t('tariff.noPlans', { reason: plans });
  return [
    t('tariff.overview', { plan: mine.name, price: mine.price, validity: mine.validity }),
    '',
    plansTable(input, plans, mine.name),
  ].join('\n');
}
