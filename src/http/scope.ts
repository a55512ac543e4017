import type { Response } from 'express';
import { conversationKey, type ConversationScope } from '../store/conversation-key.ts';
import type { StoredMessage } from '../store/message-store.ts';
import { principalOf } from './auth.ts';
import { NotFoundError } from './errors.ts';
import { customerOf } from './customer-identity.ts';

/**
 * Whose conversations a request reaches (docs/customers.md): its own scope — its customer and its API
 * key's owner — or, with an admin key, every scope (operators read every customer's).
 */
export type ReadScope = ConversationScope | 'all';

/** The request's own scope: where what it posts goes. */
export const ownScope = (res: Response): ConversationScope => ({
  customerId: customerOf(res),
  owner: principalOf(res)?.owner ?? null,
});

/** What the request may read: its own scope, or every one with an admin key. */
export const readScope = (res: Response): ReadScope => (principalOf(res)?.admin ? 'all' : ownScope(res));

/**
 * Whether the request may see this message. Another scope's message is answered exactly like a
 * missing one (404), so its existence is not disclosed.
 */
export const canRead = (scope: ReadScope, message: StoredMessage): boolean =>
  scope === 'all' || (message.customerId === scope.customerId && message.owner === scope.owner);

/**
 * The conversation a caller means by `id`, as the message store's filter: its own scope's
 * (docs/customers.md), or for an admin every scope's conversation of that id.
 */
export const conversationFilter = (
  scope: ReadScope,
  id: string,
): { conversationId: string } | { conversationName: string } =>
  scope === 'all' ? { conversationName: id } : { conversationId: conversationKey(scope, id) };

/** The 404 of a conversation the caller cannot see, missing or another scope's alike. */
export const conversationNotFound = (id: string): NotFoundError =>
  new NotFoundError(`Conversation with ID ${id} not found`);
