/**
 * A conversation belongs to one customer and, with API keys, to one key owner (docs/customers.md). Every
 * store, the queue's per-conversation order, the live-update feed and the tickets key it by this
 * scope and the client's conversation id together, never by the client's id alone: two customers
 * (or two owners) that pick the same `x-ms-conversation-id` have two conversations that share
 * nothing. The parts cannot contain `/` (customer ids, owner names and conversation ids are all
 * of `A–Z a–z 0–9 . _ : -`), so the key is read back unambiguously.
 */

/** The customer a request that names none acts for (CUSTOMER_IDENTITY=optional), and older data's. */
export const DEMO_CUSTOMER = 'demo';

/** Whose conversations: a customer, and the API key owner (null when the API runs without keys). */
export interface ConversationScope {
  customerId: string;
  owner: string | null;
}

/** The key a conversation is stored under: `<customer>/<owner>/<conversation id>`. */
export const conversationKey = (scope: ConversationScope, conversationId: string): string =>
  `${scope.customerId}/${scope.owner ?? ''}/${conversationId}`;

/** The conversation id its client chose, as the API shows it. */
export const clientConversationId = (key: string): string => key.slice(key.lastIndexOf('/') + 1);

/** The customer a conversation (by its key) belongs to. */
export const customerOfConversation = (key: string): string => key.slice(0, key.indexOf('/'));

/** What every key of a scope starts with. */
export const scopePrefix = (scope: ConversationScope): string => `${scope.customerId}/${scope.owner ?? ''}/`;
