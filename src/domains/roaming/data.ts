import type { CustomerAccount } from '../../store/accounts.ts';
import { formatYearMonth, monthsAgo } from '../slots.ts';

/** The roaming rate of one country in one month: a data bundle for a price in EUR. */
export interface RoamingCharge {
  country: string;
  data_gb: number;
  price: number;
}

/** How many past months have published rates. */
const MONTHS_COVERED = 4;

/** The countries the customer has roaming rates for, in their account's order. */
export const coveredCountries = (account: Pick<CustomerAccount, 'roaming'>): string[] =>
  account.roaming.map((line) => line.country);

/** The months with rates, newest first: the four months before the one `now` falls in. */
export function roamingMonths(now: Date): string[] {
  return Array.from({ length: MONTHS_COVERED }, (_, i) => formatYearMonth(monthsAgo(now, i + 1)));
}

/** The customer's covered country matching `name` case-insensitively, in its canonical spelling. */
export function findCountry(name: string, account: Pick<CustomerAccount, 'roaming'>): string | undefined {
  const wanted = name.trim().toLowerCase();
  return coveredCountries(account).find((country) => country.toLowerCase() === wanted);
}

/**
 * The customer's rates for `month` ("YYYY-MM"), for one canonical country or all; undefined when
 * the month is not covered.
 */
export function findRoamingCharges(
  now: Date,
  month: string,
  account: Pick<CustomerAccount, 'roaming'>,
  country?: string,
): RoamingCharge[] | undefined {
  const age = roamingMonths(now).indexOf(month);
  if (age < 0) return undefined;
  return account.roaming
    .filter((line) => country === undefined || line.country === country)
    .map((line) => ({
      country: line.country,
      data_gb: line.dataGb,
      price: line.prices[age] ?? line.prices[0]!,
    }));
}
