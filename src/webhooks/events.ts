import { randomUUID } from 'node:crypto';
import { clientConversationId } from '../store/conversation-key.ts';
import type { StoredMessage } from '../store/message-store.ts';
import type { Ticket } from '../store/ticket-store.ts';

/**
 * The events an endpoint may subscribe to. With PostgreSQL each is owed in the transaction of the
 * change it reports (migration 008, owed.ts); in memory the hooks (hooks.ts, action-event.ts)
 * publish it just after the change.
 */
export const WEBHOOK_EVENT_TYPES = [
  'message.completed',
  'message.failed',
  'message.cancelled',
  'ticket.created',
  'action.executed',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** Whose event it is: only this owner's endpoints receive it (ownership.ts). */
export interface EventScope {
  owner: string | null;
}

/** One event, before it is sent: its body is `{type, timestamp, data}`. */
export interface WebhookEvent {
  /** "evt_" and a UUID: the `webhook-id` of every attempt to every endpoint. */
  id: string;
  type: WebhookEventType;
  /** Epoch milliseconds. */
  timestamp: number;
  scope: EventScope;
  data: Record<string, unknown>;
}

/** A new event's id: "evt_" and a UUID. */
export const newEventId = (): string => `evt_${randomUUID()}`;

/** The event of each final status. */
export const MESSAGE_EVENTS = {
  completed: 'message.completed',
  failed: 'message.failed',
  cancelled: 'message.cancelled',
} as const satisfies Partial<Record<StoredMessage['status'], WebhookEventType>>;

/** What the event of a message that ended is made of. */
export type MessageFacts = Pick<
  StoredMessage,
  'id' | 'conversationId' | 'owner' | 'status' | 'agentName' | 'result' | 'failureCode' | 'completedAt'
>;

/**
 * The event of a message that ended, or undefined while it has not: what a consumer needs without a
 * second call (the answer, or the text the customer read and the code programs act on).
 */
export function messageEvent(message: MessageFacts, id = newEventId()): WebhookEvent | undefined {
  const type = MESSAGE_EVENTS[message.status as keyof typeof MESSAGE_EVENTS];
  if (!type) return undefined;
  return {
    id,
    type,
    timestamp: message.completedAt ?? Date.now(),
    scope: { owner: message.owner },
    data: {
      message_id: message.id,
      // As the client named it: the stored key also says whose it is (store/conversation-key.ts).
      conversation_id: clientConversationId(message.conversationId),
      status: message.status,
      agent_name: message.agentName,
      result: message.result,
      failure_code: message.failureCode,
    },
  };
}

/** What the event of a ticket is made of. */
export type TicketFacts = Pick<Ticket, 'id' | 'conversationId' | 'status' | 'summary' | 'createdAt'>;

/**
 * The event of a support ticket raised in a conversation of `owner`: its id and one-line summary.
 * The copy of the chat and the consent's wording stay behind (GET /tickets, admin keys).
 */
export function ticketEvent(ticket: TicketFacts, owner: string | null, id = newEventId()): WebhookEvent {
  return {
    id,
    type: 'ticket.created',
    timestamp: ticket.createdAt,
    scope: { owner },
    data: {
      ticket_id: ticket.id,
      conversation_id: ticket.conversationId === null ? null : clientConversationId(ticket.conversationId),
      status: ticket.status,
      summary: ticket.summary,
      created_at: new Date(ticket.createdAt).toISOString(),
    },
  };
}

/** The body every attempt sends: `{type, timestamp, data}`, the timestamp ISO 8601 UTC. */
export function eventBody(event: WebhookEvent): string {
  return JSON.stringify({
    type: event.type,
    timestamp: new Date(event.timestamp).toISOString(),
    data: event.data,
  });
}
