/** A calendar month. `month` is 1–12. */
export interface YearMonth {
  year: number;
  month: number;
}

export const PRICING_STRUCTURES = ['prepaid', 'postpaid', 'hybrid', 'flat_rate', 'tiered'] as const;
export type PricingStructure = (typeof PRICING_STRUCTURES)[number];

/** What the offline engine extracted from a customer's words (and, for follow-ups, the conversation). */
export interface Slots {
  month?: YearMonth;
  /** Country name in English, capitalised, e.g. "Spain". */
  country?: string;
  planType?: PricingStructure;
  /** True when the customer asks about their own current plan. */
  currentPlan?: boolean;
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
