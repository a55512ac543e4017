import { z } from 'zod';
import { TARIFF_PLANS } from './tariff/data.ts';
import { readDataFile } from './data-file.ts';
import { DEMO_CUSTOMER } from '../store/conversation-key.ts';
import {
  customerAccount,
  demoCustomerId,
  type CustomerAccount,
  type DemoAccounts,
} from '../store/accounts.ts';

/** A list to draw from: at least one entry. */
const strings = z.array(z.string().min(1)).min(1);

/**
 * demo-customers.json: the seed's customer `demo` (docs/customers.md), and what generated customers
 * are drawn from (names, line prefixes, roaming countries, subscribed services).
 */
const { demo, generated } = readDataFile(
  new URL('./demo-customers.json', import.meta.url),
  z.strictObject({
    demo: customerAccount
      .omit({ customerId: true })
      .strict()
      .refine((account) => TARIFF_PLANS.some((plan) => plan.name === account.plan), {
        message: 'the plan is not in the catalogue (tariff/plans.json)',
        path: ['plan'],
      }),
    generated: z.strictObject({
      firstNames: strings,
      lastNames: strings,
      linePrefixes: strings,
      roamingCountries: strings,
      services: z.array(z.strictObject({ description: z.string().min(1), amount: z.number().nonnegative() })),
    }),
  }),
);

/** The seed's customer: its figures are the demo customer's. */
export const DEMO_ACCOUNT: CustomerAccount = { customerId: DEMO_CUSTOMER, ...demo };

/** The fixed seed: the same customers, with the same figures, on every replica and every run. */
const SEED = 0x5e3a_c0de;

/**
 * mulberry32: a tiny seeded generator, so customer n is always the same without storing anything.
 * Hand-written (eight lines) because the data only has to be varied and reproducible, not random.
 */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A copy of `list` in an order drawn from `random` (Fisher–Yates). */
function shuffled<T>(list: readonly T[], random: () => number): T[] {
  const copy = [...list];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

const cents = (amount: number): number => Math.round(amount * 100) / 100;

/** Generated demo customer n (1-based): varied, and the same every time for the same n. */
export function generateAccount(n: number): CustomerAccount {
  const random = generator(SEED ^ Math.imul(n, 0x9e37_79b1));
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const plan = pick(TARIFF_PLANS);
  const addons = plan.add_ons.filter(() => random() < 0.4);
  const services = generated.services.filter(() => random() < 0.35);
  const countries = shuffled(generated.roamingCountries, random).slice(0, 2 + Math.floor(random() * 3));
  const roaming = countries.map((country) => {
    const dataGb = 1 + Math.floor(random() * 5);
    const base = cents(1.49 + dataGb * (0.8 + random() * 1.2));
    return {
      country,
      dataGb,
      prices: [0, 1, 2, 3].map((age) => (age >= 2 && random() < 0.3 ? cents(base - 1) : base)),
    };
  });
  const bills = [0, 1, 2, 3].map((age) => {
    const items: CustomerAccount['bills'][number] = [{ description: 'Base charge', amount: plan.price }];
    const travelled = random() < 0.35 ? roaming[Math.floor(random() * roaming.length)] : undefined;
    items.push(
      travelled
        ? {
            description: 'Roaming',
            amount: travelled.prices[age]!,
            note: `${travelled.country}, ${travelled.dataGb} GB of data`,
          }
        : { description: 'Roaming', amount: 0 },
    );
    for (const name of addons) {
      if (random() < 0.5) items.push({ description: name.name, amount: name.price });
    }
    for (const service of services) items.push({ ...service });
    return items;
  });
  const digits = String(Math.floor(random() * 100)).padStart(2, '0');
  return {
    customerId: demoCustomerId(n),
    name: `${pick(generated.firstNames)} ${pick(generated.lastNames)}`,
    line: `${pick(generated.linePrefixes)}•• ••• •${digits}`,
    plan: plan.name,
    addons: addons.map((addon) => addon.name),
    bills,
    roaming,
    roamingPacks: [],
  };
}

/** Every demo account: `demo` first, then `cust-00001` … `cust-<count>`. */
export function* allDemoAccounts(count: number): Generator<CustomerAccount> {
  yield DEMO_ACCOUNT;
  for (let n = 1; n <= count; n++) yield generateAccount(n);
}

/** The demo accounts for DEMO_CUSTOMERS = `count`. */
export const demoAccounts = (count: number): DemoAccounts => ({
  demo: DEMO_ACCOUNT,
  count,
  generate: generateAccount,
});
