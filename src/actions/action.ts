import { z } from 'zod';
import type { CustomerAccount } from '../store/accounts.ts';
import { eur } from '../mcp/tool-results.ts';

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

const price = (amount: number, validity: string | undefined): string =>
  `${eur(amount)} EUR${validity ? ` per ${validity}` : ''}`;

/** The proposal's question: exactly what changes, what it costs and from when, ending "(yes/no)". */
export function proposalSummary(change: ActionChange): string {
  switch (change.kind) {
    case 'change_plan': {
      const d = change.details;
      const ending =
        d.ending_addons.length > 0
          ? ` Your add-ons of ${d.from_plan} (${d.ending_addons.join(', ')}) end with it.`
          : '';
      return `Switch from ${d.from_plan}, ${price(d.from_price, d.from_validity)}, to ${d.to_plan}, ${price(d.to_price, d.to_validity)}, from today?${ending} (yes/no)`;
    }
    case 'add_addon': {
      const d = change.details;
      return `Add ${d.addon} to your ${d.plan} plan for ${eur(d.price)} EUR${d.validity ? ` (valid ${d.validity})` : ''}, from today? (yes/no)`;
    }
    case 'buy_roaming_pack': {
      const d = change.details;
      return `Buy a roaming pack for ${d.country}: ${d.data_gb} GB of data for ${eur(d.price)} EUR, valid ${d.validity} from today? (yes/no)`;
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

/** The answer to a yes: the new state, read from the account after the change. */
export function executedText(change: ActionChange, account: CustomerAccount): string {
  switch (change.kind) {
    case 'change_plan': {
      const d = change.details;
      const priced = account.plan === d.to_plan ? `, ${price(d.to_price, d.to_validity)}` : '';
      return `Done: you are now on ${account.plan}${priced}, from today.`;
    }
    case 'add_addon':
      return `Done: ${change.details.addon} is added to your ${account.plan} plan. Your add-ons now: ${account.addons.join(', ')}.`;
    case 'buy_roaming_pack': {
      const packs = account.roamingPacks.filter((pack) => pack.country === change.details.country);
      return `Done: you have a roaming pack for ${change.details.country} with ${change.details.data_gb} GB of data for ${eur(change.details.price)} EUR, valid ${change.details.validity} from today (${packs.length} ${packs.length === 1 ? 'pack' : 'packs'} for ${change.details.country} on your line).`;
    }
  }
}
