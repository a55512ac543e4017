import { z } from 'zod';
import type { CustomerAccount } from '../store/accounts.ts';
import { customerText } from '../core/customer-texts.ts';

/** What an action changes (docs/actions.md). */
export const ACTION_KINDS = ['change_plan', 'add_addon', 'buy_roaming_pack'] as const;
export type ActionKind = (typeof ACTION_KINDS)[number];

/** proposed → executed | declined | expired | failed; only `proposed` ever changes. */
export const ACTION_STATUSES = ['proposed', 'executed', 'declined', 'expired', 'failed'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

/**
 * The tools that propose actions. Their error is an explanation of what the account cannot take,
 * not a lookup that found no data (which would offer a person).
 */
export const PROPOSAL_TOOLS: ReadonlySet<string> = new Set([
  'propose_plan_change',
  'propose_addon',
  'propose_roaming_pack',
]);

/** How long a bought roaming pack lasts. */
export const ROAMING_PACK_VALIDITY = '30 days';

const changePlan = z.object({
  kind: z.literal('change_plan'),
  details: z.object({
    from_plan: z.string(),
    from_price: z.number(),
    from_validity: z.string(),
    to_plan: z.string(),
    to_price: z.number(),
    to_validity: z.string(),
    /** The add-ons of the old plan, which end with it. */
    ending_addons: z.array(z.string()),
  }),
});
const addAddon = z.object({
  kind: z.literal('add_addon'),
  details: z.object({
    plan: z.string(),
    addon: z.string(),
    price: z.number(),
    validity: z.string().optional(),
  }),
});
const buyRoamingPack = z.object({
  kind: z.literal('buy_roaming_pack'),
  details: z.object({
    country: z.string(),
    data_gb: z.number(),
    price: z.number(),
    validity: z.string(),
  }),
});

/** An action's kind with its details: what changes and what it costs, from the operator's data. */
export const actionChange = z.discriminatedUnion('kind', [changePlan, addAddon, buyRoamingPack]);
export type ActionChange = z.infer<typeof actionChange>;

/**
 * What a proposal tool answers in its structuredContent: the change and the question the customer
 * answers yes or no to. The platform records it as an action `proposed`; nothing changes yet.
 */
export const ProposalOutputSchema = z.object({
  proposal: z.intersection(actionChange, z.object({ summary: z.string() })),
});
export type Proposal = z.infer<typeof ProposalOutputSchema>['proposal'];

/** One action as the platform keeps it. */
export type Action = ActionChange & {
  actionId: string;
  customerId: string;
  /** The conversation's key (store/conversation-key.ts). */
  conversationId: string;
  /** The message whose answer proposed it. */
  messageId: string;
  /** The customer's message that decided it (yes, no, another topic), once decided. */
  decidedBy: string | null;
  status: ActionStatus;
  /** What the customer was asked, word for word. */
  summary: string;
  /** Why it failed, for `failed`. */
  reason: string | null;
  /** Epoch milliseconds. */
  createdAt: number;
  decidedAt: number | null;
};

/**
 * A validity as the operator's data writes it ("28 days", "1 month"), in the customer's language; any
 * other wording as it is. Hand-written: the data has these two forms, no package parses them.
 */
function period(validity: string, language: string): string {
  const match = /^(\d+) (day|month)s?$/.exec(validity);
  if (!match) return validity;
  const count = Number(match[1]);
  return match[2] === 'day'
    ? customerText('action.days', { count }, language)
    : customerText('action.months', { count }, language);
}

/** "9.99 EUR per 30 days", in the customer's language. */
const price = (amount: number, validity: string | undefined, language: string): string =>
  validity
    ? customerText('action.price_per', { price: amount, validity: period(validity, language) }, language)
    : customerText('action.price', { price: amount }, language);

/**
 * The proposal's question, in the customer's language (English by default): exactly what changes,
 * what it costs and from when, ending with what to answer ("(yes/no)").
 */
export function proposalSummary(change: ActionChange, language = 'en'): string {
  switch (change.kind) {
    case 'change_plan': {
      const d = change.details;
      const ending =
        d.ending_addons.length > 0
          ? customerText(
              'action.propose.change_plan_ending',
              { plan: d.from_plan, addons: d.ending_addons.join(', ') },
              language,
            )
          : '';
      return customerText(
        'action.propose.change_plan',
        {
          from: d.from_plan,
          fromPrice: price(d.from_price, d.from_validity, language),
          to: d.to_plan,
          toPrice: price(d.to_price, d.to_validity, language),
          ending,
        },
        language,
      );
    }
    case 'add_addon': {
      const d = change.details;
      const params = { addon: d.addon, plan: d.plan, price: d.price };
      return d.validity
        ? customerText(
            'action.propose.add_addon_valid',
            { ...params, validity: period(d.validity, language) },
            language,
          )
        : customerText('action.propose.add_addon', params, language);
    }
    case 'buy_roaming_pack': {
      const d = change.details;
      return customerText(
        'action.propose.buy_roaming_pack',
        { country: d.country, data: d.data_gb, price: d.price, validity: period(d.validity, language) },
        language,
      );
    }
  }
}

/**
 * The account after the action, or why it cannot be applied to the account as it is now (it may
 * have changed since the proposal). Pure: the stores apply it in the same step that marks the
 * action executed.
 */
export function applyAction(
  account: CustomerAccount,
  change: ActionChange,
  at: number,
): { account: CustomerAccount } | { error: string } {
  switch (change.kind) {
    case 'change_plan': {
      const d = change.details;
      if (account.plan !== d.from_plan) {
        return { error: `your plan is ${account.plan} now, not ${d.from_plan} as when it was proposed` };
      }
      return { account: { ...account, plan: d.to_plan, addons: [] } };
    }
    case 'add_addon': {
      const d = change.details;
      if (account.plan !== d.plan)
        return { error: `your plan is ${account.plan} now, which ${d.addon} is not part of` };
      if (account.addons.includes(d.addon)) return { error: `you have ${d.addon} already` };
      return { account: { ...account, addons: [...account.addons, d.addon] } };
    }
    case 'buy_roaming_pack': {
      const d = change.details;
      const pack = {
        country: d.country,
        dataGb: d.data_gb,
        price: d.price,
        boughtAt: new Date(at).toISOString(),
      };
      return { account: { ...account, roamingPacks: [...account.roamingPacks, pack] } };
    }
  }
}

/** The answer to a yes, in the customer's language: the new state, read from the account after the change. */
export function executedText(change: ActionChange, account: CustomerAccount, language = 'en'): string {
  switch (change.kind) {
    case 'change_plan': {
      const d = change.details;
      return account.plan === d.to_plan
        ? customerText(
            'action.executed.change_plan_priced',
            { plan: account.plan, price: price(d.to_price, d.to_validity, language) },
            language,
          )
        : customerText('action.executed.change_plan', { plan: account.plan }, language);
    }
    case 'add_addon':
      return customerText(
        'action.executed.add_addon',
        { addon: change.details.addon, plan: account.plan, addons: account.addons.join(', ') },
        language,
      );
    case 'buy_roaming_pack': {
      const d = change.details;
      const packs = account.roamingPacks.filter((pack) => pack.country === d.country);
      return customerText(
        'action.executed.buy_roaming_pack',
        {
          country: d.country,
          data: d.data_gb,
          price: d.price,
          validity: period(d.validity, language),
          count: packs.length,
        },
        language,
      );
    }
  }
}
