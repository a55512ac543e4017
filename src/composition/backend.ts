import type { Config } from '../config/config.ts';
import { InMemoryIdempotencyStore, type IdempotencyStore } from '../store/idempotency-store.ts';
import type { RateLimitStore } from '../store/rate-limit-store.ts';
import { createInMemoryMessageQueue, type MessageQueue } from '../store/message-queue.ts';
import { InMemoryConversationStore, type ConversationStore } from '../store/conversation-store.ts';
import { InMemoryMessageStore, type MessageStore } from '../store/message-store.ts';
import { InMemoryTicketStore, type TicketStore } from '../store/ticket-store.ts';
import { createInMemoryUpdateFeed, type UpdateFeed, type UpdateSignal } from '../store/update-feed.ts';
import { InMemoryAccountStore, type AccountStore } from '../store/accounts.ts';
import { demoAccounts } from '../domains/accounts.ts';
import { InMemoryActionStore, type ActionStore } from '../actions/action-store.ts';
import { InMemoryWebhookStore, type WebhookStore } from '../webhooks/webhook-store.ts';

/**
 * Where the service keeps its state: every store, the work queue and the live-update feed of one
 * backend. In memory (no DATABASE_URL: one process, `npm start` needs nothing) or PostgreSQL
 * (store/postgres/: shared by every replica, nothing lost when one dies).
 */
export interface Backend {
  readonly kind: 'memory' | 'postgres';
  messages: MessageStore;
  conversations: ConversationStore;
  queue: MessageQueue;
  updates: UpdateFeed;
  idempotency: IdempotencyStore;
  /** Support tickets raised by EscalationAgent. */
  tickets: TicketStore;
  /** The operator's customer accounts, which the MCP tools read. */
  accounts: AccountStore;
  /** Actions with consent, and the account changes they make (src/actions/). */
  actions: ActionStore;
  /** Where the rate limiter counts; undefined: express-rate-limit's memory store. */
  rateLimitStore: RateLimitStore | undefined;
  /** Webhook endpoints, their deliveries and when each attempt is due. */
  webhooks: WebhookStore;
  /**
   * Called with each update this process recorded. The in-memory feed is fed from here; PostgreSQL
   * notifies from the transaction that stored the update, so it ignores this.
   */
  recorded(signal: UpdateSignal): void;
  /**
   * Connects, migrates and starts the queue's maintenance; with PostgreSQL retried with backoff
   * until it succeeds or `close()` is called. Meanwhile `check()` reports `starting`.
   */
  start(): Promise<void>;
  /** The backend's state for /ready: `ok`, `starting` or `unavailable`. */
  check(): Promise<'ok' | 'starting' | 'unavailable'>;
  /** Stops the queue and closes connections. Call after the processor has shut down. */
  close(): Promise<void>;
}

/** Today's embedded backend: everything in this process, bounded as configured. */
export function createInMemoryBackend(config: Config): Backend {
  const conversations = new InMemoryConversationStore(config.conversations);
  const messages = new InMemoryMessageStore(config.worker.retention, conversations);
  const updates = createInMemoryUpdateFeed();
  const accounts = new InMemoryAccountStore(demoAccounts(config.customers.demoCustomers));
  return {
    kind: 'memory',
    messages,
    conversations,
    queue: createInMemoryMessageQueue({
      store: messages,
      capacity: config.worker.queueCapacity,
      share: config.worker.queueOwnerShare,
      concurrency: config.worker.concurrency,
    }),
    updates,
    idempotency: new InMemoryIdempotencyStore(config.idempotency),
    tickets: new InMemoryTicketStore(),
    accounts,
    actions: new InMemoryActionStore(accounts),
    rateLimitStore: undefined,
    webhooks: new InMemoryWebhookStore(),
    recorded: (signal) => updates.publish(signal),
    start: () => Promise.resolve(),
    check: () => Promise.resolve('ok'),
    close: () => updates.close(),
  };
}
