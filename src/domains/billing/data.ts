import { formatYearMonth, monthsAgo } from '../slots.ts';

/** One line of a bill. Amounts are EUR with at most two decimals. */
export interface BillLineItem {
  description: string;
  amount: number;
  note?: string;
}

/** The customer's bill for one month ("YYYY-MM"). */
export interface Bill {
  month: string;
  currency: 'EUR';
  items: BillLineItem[];
  total: number;
}

/** Bills by age: index 0 is last month, 3 is four months ago (docs/api.md). */
const BILLS_BY_AGE: readonly (readonly BillLineItem[])[] = [
  [
    { description: 'Base charge', amount: 20 },
    { description: 'Roaming', amount: 50, note: 'Spain, 21 GB of data' },
    { description: 'Amazon Prime', amount: 10 },
    { description: 'Spotify', amount: 10 },
  ],
  [
    { description: 'Base charge', amount: 20 },
    { description: 'Roaming', amount: 0 },
    { description: 'Amazon Prime', amount: 40, note: 'includes two movie purchases' },
    { description: 'Spotify', amount: 10 },
  ],
  [
    { description: 'Base charge', amount: 20, note: 'new base charge after a price increase' },
    { description: 'Roaming', amount: 0 },
    { description: 'Amazon Prime', amount: 10 },
    { description: 'Spotify', amount: 10 },
  ],
  [
    { description: 'Base charge', amount: 10 },
    { description: 'Roaming', amount: 0 },
    { description: 'Amazon Prime', amount: 10 },
  ],
];

/** Sums in cents so 0.1 + 0.2-style drift never reaches a customer's total. */
const sum = (amounts: readonly number[]): number =>
  amounts.reduce((cents, amount) => cents + Math.round(amount * 100), 0) / 100;

/** The months that have a bill, newest first: the four months before the one `now` falls in. */
export function billedMonths(now: Date): string[] {
  return BILLS_BY_AGE.map((_, age) => formatYearMonth(monthsAgo(now, age + 1)));
}

/** The bill for `month` ("YYYY-MM"), or undefined when there is none. */
export function findBill(now: Date, month: string): Bill | undefined {
  const age = billedMonths(now).indexOf(month);
  const items = BILLS_BY_AGE[age];
  if (!items) return undefined;
  return {
    month,
    currency: 'EUR',
    items: items.map((item) => ({ ...item })),
    total: sum(items.map((item) => item.amount)),
  };
}
