import { z } from 'zod';
import { TARIFF_PLANS } from '../domains/tariff/data.ts';
import { DEMO_CUSTOMER } from '../store/conversation-key.ts';

/** One line of a bill, EUR. */
const lineItem = z.object({
  description: z.string(),
  amount: z.number(),
  note: z.string().optional(),
});

/**
 * One customer's account at the operator, as the MCP tools read it (DESIGN.md §6): who they are,
 * their plan and add-ons, four months of bills and their roaming lines. Months are by age (index 0
 * is last month), so the figures stay relative to today as the seed's are.
 */
export const customerAccount = z.object({
  customerId: z.string(),
  name: z.string(),
  /** The line's number, masked (`+34 6•• ••• •14`): enough to recognise, not to dial. */
  line: z.string(),
  /** The name of the plan in the catalogue (TARIFF_PLANS). */
  plan: z.string(),
  /** The plan's add-ons the customer has taken. */
  addons: z.array(z.string()),
  /** Bills by age: index 0 is last month, 3 four months ago. */
  bills: z.array(z.array(lineItem)),
  /** Roaming bundles by country: the price by age (index 0 is last month). */
  roaming: z.array(z.object({ country: z.string(), dataGb: z.number(), prices: z.array(z.number()) })),
  /** Roaming data packs the customer bought (src/actions/), newest last. */
  roamingPacks: z
    .array(z.object({ country: z.string(), dataGb: z.number(), price: z.number(), boughtAt: z.string() }))
    .default([]),
});

export type CustomerAccount = z.infer<typeof customerAccount>;

/** Where the operator's account data lives: in memory, or PostgreSQL shared by every replica and the MCP host. */
export interface AccountStore {
  /** The customer's account; undefined for a customer the operator does not know. */
  get(customerId: string): Promise<CustomerAccount | undefined>;
}

/**
 * Accounts this process can change itself (in memory). With PostgreSQL the action store changes
 * the account's row in the same transaction that marks the action executed.
 */
export interface MutableAccountStore extends AccountStore {
  /** The account as it is now, synchronously: read and replaced in one step with `put`. */
  current(customerId: string): CustomerAccount | undefined;
  put(account: CustomerAccount): void;
}

/** The seed's customer (DESIGN.md §3): its figures are the demo customer's. */
export const DEMO_ACCOUNT: CustomerAccount = {
  customerId: DEMO_CUSTOMER,
  name: 'Alex Morgan',
  line: '+34 6•• ••• •14',
  plan: 'FlexiConnect 4G Prepaid',
  addons: [],
  roamingPacks: [],
  bills: [
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
  ],
  roaming: [
    { country: 'Romania', dataGb: 1, prices: [3.99, 3.99, 1.99, 1.99] },
    { country: 'Spain', dataGb: 3, prices: [5.99, 5.99, 5.99, 5.99] },
    { country: 'Belgium', dataGb: 2, prices: [4.99, 4.99, 4.99, 4.99] },
  ],
};

/** The generated demo customers' ids: `cust-00001` … */
export const demoCustomerId = (n: number): string => `cust-${String(n).padStart(5, '0')}`;

/** The number of a generated demo customer's id; undefined for any other id. */
const demoCustomerNumber = (customerId: string): number | undefined => {
  const match = /^cust-(\d{5,7})$/.exec(customerId);
  return match ? Number(match[1]) : undefined;
};

/** True for `demo` and the generated `cust-00001` … `cust-<count>`. */
export const isDemoCustomer = (customerId: string, count: number): boolean => {
  if (customerId === DEMO_CUSTOMER) return true;
  const n = demoCustomerNumber(customerId);
  return n !== undefined && n >= 1 && n <= count;
};

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

const FIRST_NAMES = [
  'Lucía',
  'Mateo',
  'Sofía',
  'Hugo',
  'Emma',
  'Lukas',
  'Mia',
  'Jonas',
  'Léa',
  'Louis',
  'Chloé',
  'Gabriel',
  'Olivia',
  'Noah',
  'Amelia',
  'Oliver',
  'Ana',
  'João',
  'Giulia',
  'Marco',
  'Ioana',
  'Andrei',
  'Eva',
  'Daan',
];
const LAST_NAMES = [
  'García',
  'Fernández',
  'López',
  'Martínez',
  'Müller',
  'Schmidt',
  'Schneider',
  'Fischer',
  'Martin',
  'Bernard',
  'Dubois',
  'Moreau',
  'Smith',
  'Jones',
  'Taylor',
  'Brown',
  'Silva',
  'Santos',
  'Rossi',
  'Bianchi',
  'Popescu',
  'Ionescu',
  'de Vries',
  'Peeters',
];
const LINE_PREFIXES = ['+34 6', '+49 1', '+33 6', '+44 7', '+351 9', '+39 3', '+40 7', '+32 4'];
const ROAMING_COUNTRIES = [
  'Spain',
  'France',
  'Germany',
  'Italy',
  'Portugal',
  'Romania',
  'Belgium',
  'Netherlands',
  'Austria',
  'Greece',
  'Croatia',
  'Poland',
  'Switzerland',
  'United Kingdom',
  'United States',
];
const SERVICES = [
  { description: 'Amazon Prime', amount: 8.99 },
  { description: 'Spotify', amount: 10.99 },
  { description: 'Netflix', amount: 12.99 },
  { description: 'Disney+', amount: 9.99 },
  { description: 'Apple Music', amount: 10.99 },
];

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
  const services = SERVICES.filter(() => random() < 0.35);
  const countries = shuffled(ROAMING_COUNTRIES, random).slice(0, 2 + Math.floor(random() * 3));
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
    name: `${pick(FIRST_NAMES)} ${pick(LAST_NAMES)}`,
    line: `${pick(LINE_PREFIXES)}•• ••• •${digits}`,
    plan: plan.name,
    addons: addons.map((addon) => addon.name),
    bills,
    roaming,
    roamingPacks: [],
  };
}

/** Every demo account: `demo` first, then `cust-00001` … `cust-<count>`. */
export function* demoAccounts(count: number): Generator<CustomerAccount> {
  yield DEMO_ACCOUNT;
  for (let n = 1; n <= count; n++) yield generateAccount(n);
}

/**
 * The accounts in this process: the demo customer and `count` generated ones, each made when first
 * asked for (the same figures every time), so a large DEMO_CUSTOMERS costs nothing until used.
 */
export class InMemoryAccountStore implements MutableAccountStore {
  /** Accounts changed by an action; the others are generated on each read. */
  private readonly changed = new Map<string, CustomerAccount>();

  constructor(private readonly count: number) {}

  get(customerId: string): Promise<CustomerAccount | undefined> {
    return Promise.resolve(this.current(customerId));
  }

  current(customerId: string): CustomerAccount | undefined {
    const changed = this.changed.get(customerId);
    if (changed) return structuredClone(changed);
    if (customerId === DEMO_CUSTOMER) return structuredClone(DEMO_ACCOUNT);
    const n = demoCustomerNumber(customerId);
    return n !== undefined && n >= 1 && n <= this.count ? generateAccount(n) : undefined;
  }

  put(account: CustomerAccount): void {
    this.changed.set(account.customerId, structuredClone(account));
  }
}
