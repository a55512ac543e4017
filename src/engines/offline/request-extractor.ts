/**
 * What a question asks beyond one lookup: several months (a comparison, a range, "the last 3
 * months", "since August"), a bill line ("just the roaming part"), plans named by name, a measure
 * (compare, total, a threshold, the cheapest) and plan constraints ("at least 20 GB", "under 30
 * euro"). Read from the same English tokens the slot extractor reads (other languages are glossed
 * first), after it has found the first month and country.
 *
 * Hand-written: Microsoft's Recognizers-Text reads numbers and dates in many languages, but not
 * what a customer means by "October" on a bill or by "the last 3 bills", and no package knows this
 * operator's bill lines and plan names; the patterns are few and say what they catch.
 */
import type { Measure, PlanConstraints, Slots, Threshold, YearMonth } from '../../domains/slots.ts';
import { monthsAgo } from '../../domains/slots.ts';
import { DOMAIN_MODULES } from '../../domains/registry.ts';

// prettier-ignore
const NUMBER_WORDS: Readonly<Record<string, number>> = {
  two: 2, three: 3, four: 4, five: 5, six: 6, couple: 2, few: 3,
};

/** Months counted from year 0: one month apart is one apart, across a year end too. */
export const monthIndex = ({ year, month }: YearMonth): number => year * 12 + month - 1;
const fromIndex = (i: number): YearMonth => ({ year: Math.floor(i / 12), month: (i % 12) + 1 });

/** The months from `first` to `last`, both included, oldest first. */
function span(first: YearMonth, last: YearMonth): YearMonth[] {
  const [from, to] = monthIndex(first) <= monthIndex(last) ? [first, last] : [last, first];
  const months: YearMonth[] = [];
  for (let i = monthIndex(from); i <= monthIndex(to); i++) months.push(fromIndex(i));
  return months;
}

/** The months, each once, oldest first. */
export const sortedUnique = (months: readonly YearMonth[]): YearMonth[] =>
  [...new Map(months.map((month) => [monthIndex(month), month])).values()].sort(
    (a, b) => monthIndex(a) - monthIndex(b),
  );

/**
 * The months a question spans: "the last 3 months/bills" (the three before this one), "since
 * August" (to last month), "from September to November" (each month between), or the months named
 * ("August and September", "October vs November"). `named` are the months found by name or number.
 */
export function findMonths(joined: string, named: readonly YearMonth[], now: Date): YearMonth[] | undefined {
  const last =
    /\b(last|past|previous|all|all the|the|all of the) (\d{1,2}|two|three|four|five|six|couple of|few) (months?|bills?|invoices?|statements?)\b/.exec(
      joined,
    );
  if (last) {
    const count = NUMBER_WORDS[(last[2] ?? '').replace(' of', '')] ?? Number(last[2]);
    if (count >= 2 && count <= 12) return span(monthsAgo(now, count), monthsAgo(now, 1));
  }
  const [first] = named;
  if (first && named.length === 1 && /\bsince\b/.test(joined)) return span(first, monthsAgo(now, 1));
  if (named.length < 2) return undefined;
  // "from August to November", and "total aug to nov": a range; "compare August to November": two months.
  const ranged =
    (/\b(from|between|through|thru|until|till)\b/.test(joined) ||
      ((TOTAL.test(joined) || AVERAGE.test(joined)) && /\bto\b/.test(joined))) &&
    !COMPARE.test(joined);
  return ranged ? span(named[0]!, named[named.length - 1]!) : sortedUnique(named);
}

/** The lines of the bill customers name, by the words they use for them: each domain's `lines`. */
const LINE_ITEMS: readonly { pattern: RegExp; item: string }[] = DOMAIN_MODULES.flatMap(
  (module) => module.understanding.lines ?? [],
);

/** The bill line a question is about, if it names one. */
export function findLineItem(joined: string): string | undefined {
  return LINE_ITEMS.find(({ pattern }) => pattern.test(joined))?.item;
}

/** Plans of the tariff catalogue named by their distinctive first word ("smartconnect"), in order. */
export function findPlans(joined: string): string[] | undefined {
  const found = NAMED_THINGS.map(({ name, key }) => ({ name, at: joined.indexOf(key) }))
    .filter(({ at }) => at >= 0)
    .sort((a, b) => a.at - b.at)
    .map(({ name }) => name);
  return found.length > 0 ? found : undefined;
}

/** Every domain's named things (the tariff plans) with the first word a customer writes of each. */
const NAMED_THINGS: readonly { name: string; key: string }[] = DOMAIN_MODULES.flatMap((module) =>
  (module.understanding.names ?? []).map((name) => ({ name, key: name.toLowerCase().split(' ')[0] ?? name })),
);

/** A named thing's first word followed by "5g", as in its name ("ultraflex 5g", "hybridsaver 5g"). */
const NAMED_5G = new RegExp(String.raw`\b(${NAMED_THINGS.map(({ key }) => key).join('|')}) 5g\b`, 'g');

const AMOUNT = String.raw`(?:eur |euro |€ ?)?(\d+(?:[.,]\d{1,2})?) ?(eur|euro|euros|€)?`;
const ABOVE = new RegExp(
  String.raw`\b(more than|over|above|higher than|exceed(?:ed|s)?|greater than|bigger than|beyond|was more than|at least) ${AMOUNT}(?! ?(gb|gig|gigs|mb|minutes|mins?|sms|texts?))\b`,
);
const BELOW = new RegExp(
  String.raw`\b(less than|under|below|lower than|cheaper than|at most|no more than|up to|max(?:imum)?|within) ${AMOUNT}(?! ?(gb|gig|gigs|mb|minutes|mins?|sms|texts?))\b`,
);

function findThreshold(joined: string): Threshold | undefined {
  const above = ABOVE.exec(joined);
  if (above) return { comparison: 'above', amount: Number((above[2] ?? '').replace(',', '.')) };
  const below = BELOW.exec(joined);
  if (below) return { comparison: 'below', amount: Number((below[2] ?? '').replace(',', '.')) };
  return undefined;
}

function findConstraints(joined: string): PlanConstraints | undefined {
  const constraints: PlanConstraints = {};
  const data =
    /\b(at least|minimum|min|more than|over|no less than) (\d{1,3}) ?(gb|gig|gigs|gigabytes?)\b/.exec(
      joined,
    ) ??
    /\b(\d{1,3}) ?(gb|gig|gigs|gigabytes?) (or more|minimum|at least|plus)\b/.exec(joined) ??
    // "a plan with 100 GB": an allowance asked of a plan is a minimum.
    /\b(plans?|tariffs?|packages?|deals?|bundles?|something|anything) (with|having|offering|that has|that gives|giving) (\d{1,3}) ?(gb|gig|gigs|gigabytes?)\b/.exec(
      joined,
    );
  const amount = data?.slice(1).find((group) => group !== undefined && /^\d+$/.test(group));
  if (amount !== undefined) constraints.minDataGb = Number(amount);
  const threshold = findThreshold(joined);
  if (threshold?.comparison === 'below') constraints.maxPrice = threshold.amount;
  const range = PRICE_RANGE.exec(joined);
  if (range) {
    const [low, high] = [Number(range[1]), Number(range[2])].sort((a, b) => a - b) as [number, number];
    constraints.minPrice = low;
    constraints.maxPrice = high;
  }
  const minutes = atLeast(joined, AT_LEAST_MINUTES);
  if (minutes !== undefined) constraints.minMinutes = minutes;
  const sms = atLeast(joined, AT_LEAST_SMS);
  if (sms !== undefined) constraints.minSms = sms;
  // "5G" in a plan's name ("HybridSaver 5G+") names the plan, not a wish for 5G.
  if (/\b5g\b/.test(joined.replace(NAMED_5G, ''))) constraints.fiveG = true;
  if (NOT_UNLIMITED.test(joined)) constraints.finiteData = true;
  return Object.keys(constraints).length > 0 ? constraints : undefined;
}

/** "between 25 and 40 (euro) a month": a price range ("entre 25 y 40", "zwischen 25 und 40" read alike). */
const PRICE_RANGE =
  /\bbetween (?:eur |euro |€ ?)?(\d{1,3}(?:[.,]\d{1,2})?) ?(?:eur|euros?|€)? and (?:eur |euro |€ ?)?(\d{1,3}(?:[.,]\d{1,2})?)\b(?! ?(gb|gig|gigs|mb|minutes|mins|sms))/;

/** A minimum of minutes or SMS asked of a plan: "at least 500 minutes", "500 minutes or more". */
const atLeastPatterns = (unit: string): RegExp[] => [
  new RegExp(
    String.raw`\b(?:at least|minimum|min|mindestens|more than|over|no less than) (\d{2,5}) ?(?:${unit})\b`,
  ),
  new RegExp(String.raw`\b(\d{2,5}) ?(?:${unit}) (?:or more|minimum|at least|plus)\b`),
  new RegExp(
    String.raw`\b(?:plans?|tariffs?|one|something) (?:with|having|offering|giving) (\d{2,5}) ?(?:${unit})\b`,
  ),
  // The allowance first, then its bound: "lots of sms, over 300 a month".
  new RegExp(
    String.raw`\b(?:${unit}) (?:\w+ )?(?:at least|minimum|over|more than) (\d{2,5})\b(?! ?(?:eur|euro|euros)\b)`,
  ),
];
const AT_LEAST_MINUTES = atLeastPatterns('minutes?|mins?');
const AT_LEAST_SMS = atLeastPatterns('sms|texts?|text messages');

/** The number the first of `patterns` that matches captured. */
function atLeast(joined: string, patterns: RegExp[]): number | undefined {
  for (const pattern of patterns) {
    const match = pattern.exec(joined);
    if (match) return Number(match[1]);
  }
  return undefined;
}

/** Data a customer says they need abroad or on a plan: "about 6 GB", "around 10 gigs", "6gb". */
const DATA_NEED = /\b(\d{1,3}(?:[.,]\d{1,2})?) ?(gb|gig|gigs|gigabytes?|go)\b/;

/** A year's worth: "per year", "a year", "annual", "over 12 months". */
const YEARLY =
  /\b(per|a|each|every|in a|over a|for a|for the|for one|in one|the whole|the full|a whole|a full) (whole |full )?year\b|\byearly\b|\bannual(ly)?\b|\b12 months\b|\bjahr|\bano\b|\bpar an\b|\bannee\b/;

/** Every bill there is: "any of my bills", "all my bills", "my highest bill", "so far", "on average". */
const ACROSS_BILLS =
  /\b(average|on average|typical|usual) (monthly )?(bill|invoice|spend|amount)\b|\bon average\b|\b(any|all|each|every|none) (of )?(my |the )?(bills?|invoices?|months?)\b|\b(highest|lowest|biggest|smallest|most expensive|cheapest) (bill|invoice|month)\b|\bso far\b|\bacross\b/;

const TOTAL =
  /\b(total|totals|sum|add (them )?up|added up|altogether|all together|in all|combined|come to|came to|overall|so far)\b/;
const COMPARE =
  /\b(compare[ds]?|comparison|vs|versus|difference|differ|gap|more expensive|cheaper|pricier|go(ne)? up|went up|went down|gone down|increase[ds]?|decrease[ds]?|higher|lower|than|which is (cheaper|better)|same price|how much (more|less|extra)|percent|percentage|per cent|prozent|pourcentage|porcentaje|chang(e|ed) from)\b|%/;
const CHEAPEST = /\b(cheapest|least expensive|lowest price|most affordable|best (price|deal))\b/;
/** The largest single line over one or several bills: "the biggest single charge", "largest line item". */
const LARGEST_ITEM =
  /\b(biggest|largest|highest|most expensive|costliest|single biggest|single largest) (single )?(line item|item|line|charge|cost|expense|position)s?\b/;
/** The most data a plan gives: "the most data", "the biggest data allowance". */
const MOST_DATA =
  /\b(most|biggest|largest|highest|maximum|max) (amount of |allowance of )?(data|gb|gigs?|gigabytes)\b|\b(biggest|largest|highest) data (allowance|plan)\b/;
/** Unlimited ruled out: "without going fully unlimited", "not unlimited", "except the unlimited one". */
export const NOT_UNLIMITED =
  /\b(without|not|no|except|excluding|short of|other than|apart from|isnt|aren t|arent)( \w+){0,2} unlimited\b/;
const HIGHEST = /\b(highest|biggest|largest|most expensive|priciest) (bill|invoice|month)\b/;
const LOWEST = /\b(lowest|smallest|cheapest|least expensive) (bill|invoice|month)\b/;
const AVERAGE = /\b(average|on average|avg)\b|(?<!\bi )\bmean\b/;

/**
 * The measure a question asks for. A threshold ("over 80 euro") is a yes/no; a total sums; a
 * comparison sets two or more side by side; the cheapest ranks. Plain lookups have none.
 */
function findMeasure(joined: string, threshold: Threshold | undefined): Measure | undefined {
  // "under 40 a month" beside a data amount or 5G is a plan search's price, not a bill's threshold.
  // A price "a month" is what a plan costs; a bill is asked about as a month's total.
  const planSearch =
    /\b(plan|plans|tariff|package|forfait|sms|texts|minutes)\b|\b\d{1,4} ?(gb|gig|gigs|minutes|mins?|sms|texts)\b|\b5g\b|\b\d+ ?(euros?|eur)? ?(a|per|each|every) month\b/.test(
      joined,
    );
  if (threshold && !planSearch) return 'threshold';
  if (LARGEST_ITEM.test(joined)) return 'largest_item';
  if (MOST_DATA.test(joined)) return 'most_data';
  if (HIGHEST.test(joined)) return 'highest';
  if (LOWEST.test(joined)) return 'lowest';
  if (AVERAGE.test(joined)) return 'average';
  if (CHEAPEST.test(joined)) return 'cheapest';
  // "how much did it come to compared with September, in per cent?" compares, whatever total it names.
  if (/\b(percent|percentage|per cent|compared|comparison|versus|vs)\b|%/.test(joined)) return 'compare';
  if (TOTAL.test(joined)) return 'total';
  // In a plan search, "less than 35" is a bound, not a comparison.
  const compared = threshold && planSearch ? joined.replace(ABOVE, '').replace(BELOW, '') : joined;
  if (COMPARE.test(compared)) return 'compare';
  return undefined;
}

/** The entities and measure of one message, added to the slots the slot extractor found. */
export function extractRequest(
  joined: string,
  named: { months: readonly YearMonth[]; countries: readonly string[] },
  now: Date,
): Partial<Slots> {
  const request: Partial<Slots> = {};
  const months = findMonths(joined, named.months, now);
  if (months && months.length >= 2) request.months = months;
  if (ACROSS_BILLS.test(joined) && named.months.length === 0 && !months) request.everyBill = true;
  if (named.countries.length >= 2) request.countries = [...new Set(named.countries)];
  const plans = findPlans(joined);
  if (plans) request.plans = plans;
  const lineItem = findLineItem(joined);
  if (lineItem) request.lineItem = lineItem;
  const threshold = findThreshold(joined);
  const measure = findMeasure(joined, threshold);
  if (measure) request.measure = measure;
  if (threshold && measure === 'threshold') request.threshold = threshold;
  const constraints = findConstraints(joined);
  if (constraints) request.constraints = constraints;
  const need = DATA_NEED.exec(joined);
  if (need) request.dataNeedGb = Number((need[1] ?? '').replace(',', '.'));
  if (YEARLY.test(joined)) request.yearly = true;
  return request;
}
