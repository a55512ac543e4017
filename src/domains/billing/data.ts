import type { CustomerAccount } from '../../store/accounts.ts';
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

/** Sums in cents so 0.1 + 0.2-style drift never reaches a customer's total. */
const sum = (amounts: readonly number[]): number =>
  amounts.reduce((cents, amount) => cents + Math.round(amount * 100), 0) / 100;

/** The months that have a bill, newest first: the months before the one `now` falls in, one per bill. */
export function billedMonths(now: Date, account: Pick<CustomerAccount, 'bills'>): string[] {
  return account.bills.map((_, age) => formatYearMonth(monthsAgo(now, age + 1)));
}

/** The customer's bill for `month` ("YYYY-MM"), or undefined when there is none. */
export function findBill(
  now: Date,
  month: string,
  account: Pick<CustomerAccount, 'bills'>,
): Bill | undefined {
  const age = billedMonths(now, account).indexOf(month);
  const items = account.bills[age];
  if (!items) return undefined;
  return {
    month,
    currency: 'EUR',
    items: items.map((item) => ({ ...item })),
    total: sum(items.map((item) => item.amount)),
  };
}
