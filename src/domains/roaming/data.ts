import { formatYearMonth, monthsAgo } from '../slots.ts';

/** The roaming rate of one country in one month: a data bundle for a price in EUR. */
export interface RoamingCharge {
  country: string;
  data_gb: number;
  price: number;
}

/** Covered countries and their bundle; the price may depend on the month's age (1 = last month). */
const RATES: readonly { country: string; dataGb: number; price: (age: number) => number }[] = [
  { country: 'Romania', dataGb: 1, price: (age) => (age <= 2 ? 3.99 : 1.99) },
  { country: 'Spain', dataGb: 3, price: () => 5.99 },
  { country: 'Belgium', dataGb: 2, price: () => 4.99 },
];

/** How many past months have published rates. */
const MONTHS_COVERED = 4;

/** The countries with roaming rates, in a stable order. */
export const COVERED_COUNTRIES: readonly string[] = RATES.map((rate) => rate.country);

/** The months with rates, newest first: the four months before the one `now` falls in. */
export function roamingMonths(now: Date): string[] {
  return Array.from({ length: MONTHS_COVERED }, (_, i) => formatYearMonth(monthsAgo(now, i + 1)));
}

/** The covered country matching `name` case-insensitively, in its canonical spelling. */
export function findCountry(name: string): string | undefined {
  const wanted = name.trim().toLowerCase();
  return COVERED_COUNTRIES.find((country) => country.toLowerCase() === wanted);
}

/** Rates for `month` ("YYYY-MM"), for one canonical country or all; undefined when the month is not covered. */
export function findRoamingCharges(now: Date, month: string, country?: string): RoamingCharge[] | undefined {
  const age = roamingMonths(now).indexOf(month) + 1;
  if (age === 0) return undefined;
  return RATES.filter((rate) => country === undefined || rate.country === country).map((rate) => ({
    country: rate.country,
    data_gb: rate.dataGb,
    price: rate.price(age),
  }));
}
