import type { Logger } from 'pino';
import type { MessageProcessor } from '../processing/message-processor.ts';
import { isFinal, type MessageStore } from '../store/message-store.ts';
import type { TicketStore } from '../store/ticket-store.ts';
import {
  MESSAGE_EVENTS,
  messageEvent,
  ticketEvent,
  type WebhookEvent,
  type WebhookEventType,
} from './events.ts';
import type { Webhooks } from './webhooks.ts';

/**
 * What follows a change that an event reports, once the change is stored. Where the backend owed
 * the event in the change's own transaction (PostgreSQL's outbox), the relay is woken to make its
 * deliveries now rather than at its next sweep; otherwise (in memory) `event` is made and published.
 * Nothing at all when no endpoint subscribes to the type.
 */
export async function announce(
  webhooks: Pick<Webhooks, 'publish' | 'wanted' | 'owesEvents' | 'relayNow'>,
  type: WebhookEventType,
  event: () => WebhookEvent | undefined | Promise<WebhookEvent | undefined>,
): Promise<void> {
  if (!(await webhooks.wanted(type))) return;
  if (webhooks.owesEvents) return webhooks.relayNow();
  const made = await event();
  if (made) await webhooks.publish(made);
}

/**
 * Announces `message.completed`, `message.failed` and `message.cancelled` for each final update this
 * process records (every final update is recorded by exactly one replica). The listener returns at
 * once: what follows happens after, off the message's path, and a failure there is logged, never
 * the message's. Returns an unsubscribe.
 */
export function publishFinalUpdates(deps: {
  processor: Pick<MessageProcessor, 'on' | 'off'>;
  messages: Pick<MessageStore, 'get'>;
  webhooks: Parameters<typeof announce>[0];
  logger: Logger;
}): () => void {
  const publish = async (
    messageId: string,
    type: (typeof MESSAGE_EVENTS)[keyof typeof MESSAGE_EVENTS],
  ): Promise<void> => {
    try {
      await announce(deps.webhooks, type, async () => {
        const message = await deps.messages.get(messageId);
        return message && messageEvent(message);
      });
    } catch (error) {
      deps.logger.warn(
        { err: error, message_id: messageId },
        'a message’s webhook event could not be queued',
      );
    }
  };
  const listener = (messageId: string, update: { status: Parameters<typeof isFinal>[0] }): void => {
    if (isFinal(update.status))
      void publish(messageId, MESSAGE_EVENTS[update.status as keyof typeof MESSAGE_EVENTS]);
  };
  deps.processor.on('update', listener);
  return () => deps.processor.off('update', listener);
}

/**
 * The ticket store, announcing `ticket.created` once a ticket is stored, to the owner of the
 * conversation's latest message (the one whose consent raised it).
 */
export function publishingTickets(deps: {
  tickets: TicketStore;
  messages: Pick<MessageStore, 'list'>;
  webhooks: Parameters<typeof announce>[0];
  logger: Logger;
}): TicketStore {
  const { tickets } = deps;
  const publish = async (ticket: Parameters<TicketStore['insert']>[0]): Promise<void> => {
    try {
      await announce(deps.webhooks, 'ticket.created', async () => {
        const owner =
          ticket.conversationId === null
            ? null
            : ((await deps.messages.list({ conversationId: ticket.conversationId, page: 1, pageSize: 1 }))
                .messages[0]?.owner ?? null);
        return ticketEvent(ticket, owner);
      });
    } catch (error) {
      deps.logger.warn({ err: error, ticket_id: ticket.id }, 'a ticket’s webhook event could not be queued');
    }
  };
  return {
    async insert(ticket) {
      await tickets.insert(ticket);
      void publish(ticket);
    },
    get: (id) => tickets.get(id),
    list: (query) => tickets.list(query),
    eraseConversation: (conversationId) => tickets.eraseConversation(conversationId),
  };
}
