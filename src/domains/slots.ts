/** A calendar month. `month` is 1–12. */
export interface YearMonth {
  year: number;
  month: number;
}

export const PRICING_STRUCTURES = ['prepaid', 'postpaid', 'hybrid', 'flat_rate', 'tiered'] as const;
export type PricingStructure = (typeof PRICING_STRUCTURES)[number];

/** What a question asks of its entities, beyond looking one up. */
export const MEASURES = [
  'compare',
  'total',
  'threshold',
  'cheapest',
  'average',
  'highest',
  'lowest',
  'largest_item',
  'most_data',
] as const;
export type Measure = (typeof MEASURES)[number];

/** A yes/no question about an amount: "was it more than 80 euro?". */
export interface Threshold {
  comparison: 'above' | 'below';
  /** In EUR. */
  amount: number;
}

/** What a plan search asks for: "at least 20 GB", "under 30 euro", "between 25 and 40", "5G". */
export interface PlanConstraints {
  minDataGb?: number;
  minPrice?: number;
  maxPrice?: number;
  minMinutes?: number;
  minSms?: number;
  fiveG?: boolean;
  /** A limited data allowance: "without going unlimited". */
  finiteData?: boolean;
}

/**
 * What the offline engine extracted from a customer's words (and, for follow-ups, the conversation).
 * Entities are lists where a question may name several (a comparison, a range, a total); the
 * singular fields keep the first of each for the questions about one.
 */
export interface Slots {
  month?: YearMonth;
  /** Every month the question is about, oldest first, when it names more than one (or a range). */
  months?: YearMonth[];
  /** Country name in English, capitalised, e.g. "Spain". */
  country?: string;
  /** Every country named, in the order named, when more than one. */
  countries?: string[];
  planType?: PricingStructure;
  /** True when the customer asks about their own current plan. */
  currentPlan?: boolean;
  /** Plans of the catalogue named by name ("SmartConnect 5G Max"), in the order named. */
  plans?: string[];
  /** The question is about every bill there is ("any of my bills", "my highest bill", "so far"). */
  everyBill?: boolean;
  /** A line of the bill the question is about ("Roaming", "Amazon Prime"). */
  lineItem?: string;
  /** Compare, sum, check against a threshold, or find the cheapest. */
  measure?: Measure;
  threshold?: Threshold;
  constraints?: PlanConstraints;
  /** Data the customer says they need, in GB ("about 6 GB in Spain"): packs are counted for it. */
  dataNeedGb?: number;
  /** The question asks for a year's worth ("per year", "annual"). */
  yearly?: boolean;
}

/** "2026-10" for October 2026: the month format every MCP tool takes. */
export const formatYearMonth = ({ year, month }: YearMonth): string =>
  `${year}-${String(month).padStart(2, '0')}`;

/** The month `offset` months before the one `now` falls in (UTC), correct across year ends. */
export function monthsAgo(now: Date, offset: number): YearMonth {
  const index = now.getUTCFullYear() * 12 + now.getUTCMonth() - offset;
  return { year: Math.floor(index / 12), month: (index % 12) + 1 };
}

/** English month names, January first. */
export const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

/** "September 2026": a month as a person reads it. */
export const describeMonth = ({ year, month }: YearMonth): string =>
  `${MONTH_NAMES[month - 1] ?? month} ${year}`;
