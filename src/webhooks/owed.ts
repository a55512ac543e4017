import { z } from 'zod';
import { FAILURE_CODES } from '../core/failures.ts';
import { actionChange } from '../actions/action.ts';
import { actionExecutedEvent } from './action-event.ts';
import { messageEvent, ticketEvent, type WebhookEvent } from './events.ts';

/**
 * An event the database owes (PostgreSQL: migration 008's outbox): its id and type, whose it is,
 * and the facts of the change it reports, as the triggers wrote them.
 */
export interface OwedEvent {
  id: string;
  type: string;
  owner: string | null;
  subject: unknown;
}

const messageFacts = z.object({
  id: z.string(),
  conversationId: z.string(),
  owner: z.string().nullable(),
  status: z.enum(['completed', 'failed', 'cancelled']),
  agentName: z.string().nullable(),
  result: z.string().nullable(),
  failureCode: z.enum(FAILURE_CODES).nullable(),
  completedAt: z.number(),
});

const ticketFacts = z.object({
  id: z.string(),
  conversationId: z.string().nullable(),
  status: z.literal('open'),
  summary: z.string(),
  createdAt: z.number(),
});

const actionFacts = z.intersection(
  actionChange,
  z.object({
    actionId: z.string(),
    customerId: z.string(),
    conversationId: z.string(),
    messageId: z.string(),
    status: z.literal('executed'),
    decidedAt: z.number().nullable(),
  }),
);

/**
 * The event an owed row stands for, made by the same builders as in memory, under the id the row
 * fixed. Throws when the row is not one the triggers write.
 */
export function owedEvent(owed: OwedEvent): WebhookEvent {
  switch (owed.type) {
    case 'message.completed':
    case 'message.failed':
    case 'message.cancelled': {
      const event = messageEvent(messageFacts.parse(owed.subject), owed.id);
      if (event?.type !== owed.type) throw new Error(`an owed ${owed.type} event names another status`);
      return event;
    }
    case 'ticket.created':
      return ticketEvent(ticketFacts.parse(owed.subject), owed.owner, owed.id);
    case 'action.executed':
      return actionExecutedEvent(actionFacts.parse(owed.subject), owed.id);
    default:
      throw new Error(`an owed event of unknown type ${owed.type}`);
  }
}
