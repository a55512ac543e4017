import type { Logger } from 'pino';
import { clientConversationId } from '../store/conversation-key.ts';
import { newEventId, type WebhookEvent } from './events.ts';
import { announce } from './hooks.ts';
import type { Action } from '../actions/action.ts';

/** The key owner of the conversation an action was proposed in (store/conversation-key.ts): whose endpoints hear of it. */
const ownerOf = (conversationKey: string): string | null => conversationKey.split('/')[1] || null;

/** What the event of an executed action is made of. */
export type ActionFacts = Pick<
  Action,
  'actionId' | 'customerId' | 'conversationId' | 'messageId' | 'kind' | 'details' | 'status' | 'decidedAt'
>;

/** `action.executed`: what changed, for whom, and from which conversation. */
export function actionExecutedEvent(action: ActionFacts, id = newEventId()): WebhookEvent {
  return {
    id,
    type: 'action.executed',
    timestamp: action.decidedAt ?? Date.now(),
    scope: { owner: ownerOf(action.conversationId) },
    data: {
      action_id: action.actionId,
      customer_id: action.customerId,
      conversation_id: clientConversationId(action.conversationId),
      message_id: action.messageId,
      kind: action.kind,
      details: action.details,
      status: action.status,
    },
  };
}

/**
 * Announces an executed action: an audit log line, and `action.executed` to the webhook endpoints
 * that want it. Called once per action, by the replica that executed it; a failure to queue the
 * event is logged, never the customer's.
 */
export async function announceExecuted(
  action: Action,
  deps: { webhooks: Parameters<typeof announce>[0]; logger: Logger },
): Promise<void> {
  deps.logger.info(
    {
      audit: 'action_executed',
      action_id: action.actionId,
      kind: action.kind,
      customer_id: action.customerId,
    },
    'action executed with the customer’s consent',
  );
  try {
    await announce(deps.webhooks, 'action.executed', () => actionExecutedEvent(action));
  } catch (error) {
    deps.logger.warn(
      { err: error, action_id: action.actionId },
      'an action’s webhook event could not be queued',
    );
  }
}
