/**
 * Slot extraction: months, countries, plan types and "my plan" from a customer's words.
 *
 * Hand-written: date libraries (chrono-node and the like) parse absolute dates and "3 days ago",
 * but not what a customer means by "October" on a bill (its most recent occurrence, not the next
 * one), "month 10", or "the month before" relative to the month the conversation is about; the
 * country and plan-type tables are this operator's.
 */
import {
  monthsAgo,
  type Measure,
  type PricingStructure,
  type Slots,
  type YearMonth,
} from '../../domains/slots.ts';
import { extractRequest, NOT_UNLIMITED } from './request-extractor.ts';
import { DOMAIN_MODULES } from '../../domains/registry.ts';

/** What one message says about slots, before the conversation's earlier turns are merged in. */
export interface SlotMentions {
  slots: Slots;
  /** "the month before": months to move from the month the conversation was already about. */
  monthShift?: number;
  /** "add August to that": the months it names join those the conversation was about. */
  addsMonths?: boolean;
  /** The tokens with country and month mentions replaced by placeholders, for the classifier. */
  masked: string[];
  /** The words that produced each slot, for a reason a person can read. */
  evidence: string[];
}

/** Placeholders the classifier sees instead of a particular country or month name. */
export const COUNTRY_PLACEHOLDER = 'xcountry';
export const MONTH_PLACEHOLDER = 'xmonth';

/** A Map, not an object: a token such as "constructor" must not find an inherited property. */
// prettier-ignore
const MONTH_NAMES: ReadonlyMap<string, number> = new Map(Object.entries({
  january: 1, jan: 1, february: 2, feb: 2, march: 3, mar: 3, april: 4, apr: 4, may: 5, june: 6, jun: 6,
  july: 7, jul: 7, august: 8, aug: 8, september: 9, sep: 9, sept: 9, october: 10, oct: 10, november: 11,
  nov: 11, december: 12, dec: 12,
}));

/** Every spelled-out month, for the typo corrector's vocabulary ("septmber" → "september"). */
export const MONTH_WORDS: readonly string[] = [...MONTH_NAMES.keys()].filter((word) => word.length > 4);

// prettier-ignore
const NUMBER_WORDS: Readonly<Record<string, number>> = {
  a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, 'a couple of': 2, 'couple of': 2, 'a couple': 2, couple: 2,
};
const COUNT = String.raw`(\d{1,2}|a couple of|couple of|a couple|an|a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)`;

/** Words after which an ambiguous country name ("Jordan", "Turkey") is a place. */
const PLACE_PREPOSITIONS: ReadonlySet<string> = new Set(
  'in to from visiting visit for at into across around through within about and like near going'.split(' '),
);
/** Words that make the ambiguous country name before them a place ("turkey roaming"). */
const PLACE_FOLLOWERS: ReadonlySet<string> = new Set(
  'roaming rates rate data prices price charges trip holiday'.split(' '),
);

/** "May I…" and "march on" are not months; "in may", "may 2026" and a closing "may" are. */
const MONTH_WORD_PREPOSITIONS: ReadonlySet<string> = new Set(
  'in for of during since from last this until till mid early late end about and or since to'.split(' '),
);

const countOf = (text: string): number => NUMBER_WORDS[text] ?? Number(text);

/** Relative months: [pattern, months ago or shift builder]. Order matters: longer phrases first. */
const RELATIVE_MONTHS: readonly {
  pattern: RegExp;
  resolve: (match: RegExpExecArray) => { ago?: number; shift?: number };
}[] = [
  { pattern: /\b(the )?month before last\b/, resolve: () => ({ ago: 2 }) },
  {
    pattern: new RegExp(
      String.raw`\b${COUNT} months? (before|after|earlier than|later than) (that|this|it)\b`,
    ),
    resolve: (m) => ({
      shift: (m[2]?.startsWith('after') || m[2]?.startsWith('later') ? 1 : -1) * countOf(m[1] ?? '1'),
    }),
  },
  {
    pattern: new RegExp(String.raw`\b${COUNT} months? (ago|back|before|earlier|prior|previously|past)\b`),
    resolve: (m) => ({ ago: countOf(m[1] ?? '1') }),
  },
  {
    pattern:
      /\b(last|previous|past|prior|preceding|latest|most recent|recent) (month|bill|invoice|statement)s?\b/,
    resolve: () => ({ ago: 1 }),
  },
  {
    pattern: /\b(this|current|present|the ongoing) month\b|\bmonth to date\b|\bso far this\b/,
    resolve: () => ({ ago: 0 }),
  },
  { pattern: /\bnext month\b/, resolve: () => ({ ago: -1 }) },
  {
    pattern:
      /\b(the )?(month|one) (before|prior|earlier)\b|\bbefore that\b|\bthe previous one\b|\bprevious one\b|\bthe one before\b/,
    resolve: () => ({ shift: -1 }),
  },
  {
    pattern: /\b(the )?(month|one) after\b|\bafter that\b|\bthe following month\b|\bthe next one\b/,
    resolve: () => ({ shift: 1 }),
  },
];

/** Plan types in the order they are tried; the earliest mention in the message wins. */
const PLAN_TYPES: readonly { pattern: RegExp; planType: PricingStructure }[] = [
  { pattern: /\b(prepaid|prepay|prepayed|payasyougo|payg|topup (plan|tariff|sim))\b/, planType: 'prepaid' },
  {
    pattern:
      /\b(postpaid|postpayed|contract|pay monthly|paymonthly|billed monthly|(a|on) monthly bill|monthly (plan|contract|subscription))\b/,
    planType: 'postpaid',
  },
  { pattern: /\bhybrid\b/, planType: 'hybrid' },
  { pattern: /\b(flatrate|flat|unlimited)\b/, planType: 'flat_rate' },
  // "tier 3" is an add-on (Tier 3 Upgrade), not the structure.
  { pattern: /\b(tiered|tiers?(?! ?\d)|tier based|stepup)\b/, planType: 'tiered' },
];

const CURRENT_PLAN =
  /\bmy (current |existing |present |active |actual |own )?(plan|tariff|package|subscription|bundle|deal)\b|\b(what|which) (plan|tariff|package|bundle)( am i( actually| currently| now)? on| do i( actually| currently)? have| im on| i am on| do i use| i have)\b|\bam i on\b|\bcurrent (plan|tariff|package)\b|\bim on\b/;

/**
 * Reads slots from one message. `normalized` is the normalised text (numeric dates keep their
 * separators there); `tokens` are its typo-corrected words.
 */
export function extractSlots(normalized: string, tokens: readonly string[], now: Date): SlotMentions {
  const masked = [...tokens];
  const evidence: string[] = [];
  const slots: Slots = {};
  const joined = tokens.join(' ');

  const namedMonths = findMonthNames(tokens, now, masked, AHEAD.test(joined));
  const named = namedMonths[0];
  const numeric = findNumericMonth(normalized, now);
  const relative = findRelativeMonth(joined);
  let monthShift: number | undefined;
  if (numeric) {
    slots.month = numeric.month;
    evidence.push(`the month ${numeric.text}`);
  } else if (named) {
    slots.month = named.month;
    evidence.push(`the month "${named.text}"`);
  } else if (relative?.ago !== undefined) {
    slots.month = monthsAgo(now, relative.ago);
    evidence.push(`"${relative.text}"`);
  } else if (relative?.shift !== undefined) {
    monthShift = relative.shift;
    evidence.push(`"${relative.text}"`);
  }

  const countries = findCountries(tokens, masked);
  const [country] = countries;
  if (country) {
    slots.country = country.name;
    evidence.push(
      `the ${countries.length > 1 ? 'countries' : 'country'} ${[...new Set(countries.map((c) => c.name))].join(', ')}`,
    );
  }
  const plan = findPlanType(joined);
  if (plan) {
    slots.planType = plan.planType;
    evidence.push(`the plan type "${plan.text}"`);
  }
  if (CURRENT_PLAN.test(joined)) {
    slots.currentPlan = true;
    evidence.push('their own plan');
  }
  const months = [...(numeric ? [numeric.month] : []), ...namedMonths.map((m) => m.month)];
  // "how much higher was last month than September": a relative month beside a named one is one
  // more month of the question, not a month the name overrides.
  if (months.length > 0 && relative?.ago !== undefined) months.push(monthsAgo(now, relative.ago));
  if (months.length === 0 && slots.month) months.push(slots.month);
  Object.assign(slots, extractRequest(joined, { months, countries: countries.map((c) => c.name) }, now));
  if (slots.months) evidence.push(`${slots.months.length} months`);
  if (slots.everyBill) evidence.push('every bill');
  if (slots.plans) evidence.push(`the plans ${slots.plans.join(', ')}`);
  if (slots.lineItem) evidence.push(`the bill line ${slots.lineItem}`);
  if (slots.measure) evidence.push(`asks for ${MEASURE_WORDS[slots.measure]}`);
  const mentions: SlotMentions = { slots, masked, evidence };
  if (monthShift !== undefined) mentions.monthShift = monthShift;
  if (months.length > 0 && ADDING.test(joined)) {
    mentions.addsMonths = true;
    evidence.push('adds to the months before');
  }
  return mentions;
}

/** Words that add what they name to what was asked before: "add August to that", "October too". */
const ADDING =
  /^(and |ok |okay |now |also )*(add|include|plus|with)\b(?! (up|them up|it up|all|everything))|\b(add|adding|include|including|count|counting)\b( \w+){1,2} (to (that|this|it|them)|too|as well)\b|\b(if|when) (you |we |i )?(add|include|count)\b|\b(too|as well)\b$/;

/** How a reason names what a question asks for. */
const MEASURE_WORDS: Readonly<Record<Measure, string>> = {
  compare: 'a comparison',
  total: 'a total',
  threshold: 'a yes or no against an amount',
  cheapest: 'the cheapest',
  average: 'an average',
  highest: 'the highest',
  lowest: 'the lowest',
  largest_item: 'the largest line item',
  most_data: 'the most data',
};

/** A message about what is still to come: a trip ahead, a plan for later. */
const AHEAD =
  /\b(going|heading|travel(l)?ing|flying|leaving|off to|will|ll|gonna|planning|next|upcoming|coming up|soon)\b/;

/** How many months back a bare month name, in a message about what is ahead, is still the last one. */
const RECENT_MONTHS = 6;

/**
 * "October", "oct 2025", "september last year": each the most recent such month not after `now` —
 * unless the message is about what is ahead ("going to Spain in January") and that month is more
 * than RECENT_MONTHS back: then the coming one.
 */
function findMonthNames(
  tokens: readonly string[],
  now: Date,
  masked: string[],
  ahead: boolean,
): { month: YearMonth; text: string }[] {
  const found: { month: YearMonth; text: string }[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] ?? '';
    const month = MONTH_NAMES.get(token);
    if (month === undefined) continue;
    const next = tokens[i + 1];
    const previous = tokens[i - 1];
    const hasYear = next !== undefined && /^(19|20)\d\d$/.test(next);
    if ((token === 'may' || token === 'march' || token === 'mar') && !hasYear) {
      const closing = i === tokens.length - 1;
      if (!closing && !(previous !== undefined && MONTH_WORD_PREPOSITIONS.has(previous))) continue;
    }
    masked[i] = MONTH_PLACEHOLDER;
    if (hasYear) {
      found.push({ month: { year: Number(next), month }, text: `${token} ${next}` });
      continue;
    }
    const thisYear = now.getUTCFullYear();
    const lastYear = next === 'last' && tokens[i + 2] === 'year';
    const year = lastYear || month > now.getUTCMonth() + 1 ? thisYear - 1 : thisYear;
    const back = (thisYear - year) * 12 + now.getUTCMonth() + 1 - month;
    const coming = ahead && !lastYear && back > RECENT_MONTHS;
    found.push({ month: { year: coming ? year + 1 : year, month }, text: token });
  }
  return found;
}

/** "2026-10", "2026/10", "10/2026", "month 10": numeric months. */
function findNumericMonth(normalized: string, now: Date): { month: YearMonth; text: string } | undefined {
  const yearFirst = /\b((?:19|20)\d\d)[-/.](0?[1-9]|1[0-2])\b/.exec(normalized);
  if (yearFirst)
    return { month: { year: Number(yearFirst[1]), month: Number(yearFirst[2]) }, text: yearFirst[0] };
  const monthFirst = /\b(?:\d{1,2}[/.])?(0?[1-9]|1[0-2])[-/.]((?:19|20)\d\d)\b/.exec(normalized);
  if (monthFirst)
    return { month: { year: Number(monthFirst[2]), month: Number(monthFirst[1]) }, text: monthFirst[0] };
  const monthNumber = /\bmonth (?:number |no |#)?(0?[1-9]|1[0-2])\b(?! months?\b)/.exec(normalized);
  if (monthNumber) {
    const month = Number(monthNumber[1]);
    const year = month > now.getUTCMonth() + 1 ? now.getUTCFullYear() - 1 : now.getUTCFullYear();
    return { month: { year, month }, text: monthNumber[0] };
  }
  return undefined;
}

function findRelativeMonth(joined: string): { ago?: number; shift?: number; text: string } | undefined {
  for (const { pattern, resolve } of RELATIVE_MONTHS) {
    const match = pattern.exec(joined);
    if (match) return { ...resolve(match), text: match[0] };
  }
  return undefined;
}

/** Every place a domain declares (DomainModule.understanding.places): its name, and the country it is in. */
export const PLACES: ReadonlyMap<string, string> = new Map(
  DOMAIN_MODULES.flatMap((module) => [...(module.understanding.places?.names ?? [])]),
);

/** Places that are everyday English words too: they count only after a preposition. */
const AMBIGUOUS_PLACES: ReadonlySet<string> = new Set(
  DOMAIN_MODULES.flatMap((module) => [...(module.understanding.places?.ambiguous ?? [])]),
);

/** One place split into words, with the country it names. */
interface PlaceKey {
  words: readonly string[];
  key: string;
  name: string;
}

/**
 * The places by their first word, longest first ("south africa" before "south"): a message's token
 * is only compared with the names that can start with it.
 */
const PLACES_BY_FIRST_WORD: ReadonlyMap<string, readonly PlaceKey[]> = (() => {
  const index = new Map<string, PlaceKey[]>();
  for (const [key, name] of PLACES) {
    const words = key.split(' ');
    const first = words[0] ?? '';
    index.set(first, [...(index.get(first) ?? []), { words, key, name }]);
  }
  for (const keys of index.values()) keys.sort((a, b) => b.words.length - a.words.length);
  return index;
})();

/** Every country mentioned, in order, longest name first at each place ("south africa" before "africa"). */
function findCountries(tokens: readonly string[], masked: string[]): { name: string }[] {
  const found: { name: string }[] = [];
  for (let i = 0; i < tokens.length; i++) {
    for (const { words, key, name } of PLACES_BY_FIRST_WORD.get(tokens[i] ?? '') ?? []) {
      const length = words.length;
      if (i + length > tokens.length || !words.every((word, j) => tokens[i + j] === word)) continue;
      if (AMBIGUOUS_PLACES.has(key) && !isPlace(tokens, i, length)) continue;
      masked.fill(COUNTRY_PLACEHOLDER, i, i + 1).fill('', i + 1, i + length);
      found.push({ name });
      i += length - 1;
      break;
    }
  }
  return found;
}

function isPlace(tokens: readonly string[], start: number, length: number): boolean {
  const before = tokens[start - 1];
  const after = tokens[start + length];
  if (tokens.length === length) return true;
  return (
    (before !== undefined && PLACE_PREPOSITIONS.has(before)) ||
    (after !== undefined && PLACE_FOLLOWERS.has(after))
  );
}

/** A plan type ruled out: "I don't want a contract", "no contract", "without a contract". */
const NOT_WANTED =
  /\b(dont|do not|don t|never) (want|need|like)( a| an| any)? (contract|prepaid|postpaid|flat ?rate|unlimited|hybrid)\b|\b(no|without( a)?) (contract|prepaid|postpaid|flat ?rate|hybrid)\b/g;

function findPlanType(joined: string): { planType: PricingStructure; text: string } | undefined {
  let best: { planType: PricingStructure; text: string; index: number } | undefined;
  for (const { pattern, planType } of PLAN_TYPES) {
    // "without going unlimited" rules the flat rate out rather than asking for it.
    if (planType === 'flat_rate' && NOT_UNLIMITED.test(joined)) continue;
    // "I don't want a contract" rules the structure out rather than asking for it.
    const match = new RegExp(pattern.source, 'g').exec(joined.replace(NOT_WANTED, ''));
    if (match && (best === undefined || match.index < best.index))
      best = { planType, text: match[0], index: match.index };
  }
  return best && { planType: best.planType, text: best.text };
}

/** Counting words ("two", "couple") the typo corrector must know so it leaves them alone. */
export const SLOT_WORDS: readonly string[] = [
  ...Object.keys(NUMBER_WORDS).filter((word) => !word.includes(' ')),
  ...'month months ago back before after earlier previous last past prior preceding latest recent current following next year'.split(
    ' ',
  ),
  ...'prepaid prepay payasyougo postpaid contract monthly hybrid flatrate flat unlimited tiered tier tiers'.split(
    ' ',
  ),
];
