import { z } from 'zod';
import { DEMO_CUSTOMER } from './conversation-key.ts';

/** One line of a bill, EUR. */
const lineItem = z.object({
  description: z.string(),
  amount: z.number(),
  note: z.string().optional(),
});

/**
 * One customer's account at the operator, as the MCP tools read it (docs/customers.md): who they are,
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

/** The generated demo customers' ids: `cust-00001` … */
export const demoCustomerId = (n: number): string => `cust-${String(n).padStart(5, '0')}`;

/** The number of a generated demo customer's id; undefined for any other id. */
export const demoCustomerNumber = (customerId: string): number | undefined => {
  const match = /^cust-(\d{5,7})$/.exec(customerId);
  return match ? Number(match[1]) : undefined;
};

/** True for `demo` and the generated `cust-00001` … `cust-<count>`. */
export const isDemoCustomer = (customerId: string, count: number): boolean => {
  if (customerId === DEMO_CUSTOMER) return true;
  const n = demoCustomerNumber(customerId);
  return n !== undefined && n >= 1 && n <= count;
};

/**
 * The demo customers' accounts: the seed's customer `demo`, and how to make generated customer n
 * (the domains know the plans; src/domains/accounts.ts).
 */
export interface DemoAccounts {
  demo: CustomerAccount;
  count: number;
  generate(n: number): CustomerAccount;
}

/**
 * The accounts in this process: the demo customer and `count` generated ones, each made when first
 * asked for (the same figures every time), so a large DEMO_CUSTOMERS costs nothing until used.
 *
 * The stored accounts (the demo customer's, and those an action changed) are handed out as they are,
 * deeply frozen, not copied: every tool call reads an account and copying it was a visible share of
 * an answer's CPU. A change is made on a copy (`applyAction` builds a new account) and stored with
 * `put`; a reader that tried to change a frozen account in place would fail loudly, not leak the
 * change to the next customer's call.
 */
export class InMemoryAccountStore implements MutableAccountStore {
  /** Accounts changed by an action; the others are made on each read. */
  private readonly changed = new Map<string, CustomerAccount>();
  private readonly demoAccount: CustomerAccount;

  constructor(private readonly demo: DemoAccounts) {
    this.demoAccount = frozenCopy(demo.demo);
  }

  get(customerId: string): Promise<CustomerAccount | undefined> {
    return Promise.resolve(this.current(customerId));
  }

  current(customerId: string): CustomerAccount | undefined {
    const changed = this.changed.get(customerId);
    if (changed) return changed;
    if (customerId === DEMO_CUSTOMER) return this.demoAccount;
    const n = demoCustomerNumber(customerId);
    return n !== undefined && n >= 1 && n <= this.demo.count ? this.demo.generate(n) : undefined;
  }

  put(account: CustomerAccount): void {
    this.changed.set(account.customerId, frozenCopy(account));
  }
}

/**
 * A deep copy of plain data (the account's objects, arrays, strings and numbers), frozen all the
 * way down. Object.freeze is shallow and no well-kept package adds much to these few lines.
 */
function frozenCopy<T>(value: T): T {
  const freeze = (node: unknown): void => {
    if (typeof node !== 'object' || node === null || Object.isFrozen(node)) return;
    for (const child of Object.values(node)) freeze(child);
    Object.freeze(node);
  };
  const copy = structuredClone(value);
  freeze(copy);
  return copy;
}
