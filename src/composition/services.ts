import type { Logger } from 'pino';
import type { Config } from '../config/config.ts';
import type { AppDeps } from '../http/app.ts';
import { createEventStreams } from '../http/event-streams.ts';
import { DOMAINS, type Domain } from '../domains/registry.ts';
import type { TicketStore } from '../store/ticket-store.ts';
import { isFinal, type MessageStore } from '../store/message-store.ts';
import type { Engine } from '../engines/engine.ts';
import type { ReadinessProbe } from '../http/routes/health.ts';
import type { ToolClient } from '../mcp/tool-client.ts';
import { MessageProcessor, type MessageHandler } from '../processing/message-processor.ts';
import { ThreadedMessageHandler } from '../processing/threaded-handler.ts';
import type { AccountStore } from '../store/accounts.ts';
import { createPlannerPipeline, createTools, type ServiceOptions } from './planner-pipeline.ts';
import type { IdempotencyStore } from '../store/idempotency-store.ts';
import type { RateLimitStore } from '../store/rate-limit-store.ts';
import { createInMemoryBackend, type Backend } from './backend.ts';
import type { UpdateFeed } from '../store/update-feed.ts';
import { observeQueue } from '../telemetry/metrics.ts';
import { ActionDesk } from '../actions/action-desk.ts';
import { DEFAULT_GUARDRAILS, runGuardrails } from '../agents/guardrails.ts';
import { AGENT_NAMES, type AgentName } from '../domains/agent-names.ts';
import { readConsent } from '../domains/ticket/consent.ts';
import { announceExecuted } from '../webhooks/action-event.ts';
import { createWebhooks, type Webhooks } from '../webhooks/webhooks.ts';
import { publishFinalUpdates, publishingTickets } from '../webhooks/hooks.ts';

export type { ServiceOptions } from './planner-pipeline.ts';

/** The running parts of the service, built from its configuration; main.ts and the tests share this. */
export interface Services {
  processor: MessageProcessor;
  /** The message store: what the routes, the tests and the bench read messages and updates from. */
  messages: MessageStore;
  readiness: ReadinessProbe;
  tools: Record<Domain, ToolClient>;
  /** Every update recorded from now on, by this process or (PostgreSQL) any replica. */
  updates: UpdateFeed;
  idempotency: IdempotencyStore;
  /** Where the rate limiter counts across replicas; undefined: in this process. */
  rateLimitStore: RateLimitStore | undefined;
  /** Which backend holds the state: memory or postgres (DATABASE_URL). */
  backend: Backend['kind'];
  /** Support tickets raised by EscalationAgent, for GET /tickets. */
  tickets: TicketStore;
  /** The operator's customer accounts, for GET /customers/me (the tools read the same). */
  accounts: AccountStore;
  /** Actions with consent: decided and executed here, listed by the audit routes. */
  actions: ActionDesk<AgentName>;
  /** Webhook endpoints and the delivery worker. */
  webhooks: Webhooks;
  /** Which engine answers: offline, openai or azure. */
  engineName: Engine['name'];
  /**
   * Resolves once the backend is connected and migrated and the worker takes messages (at once in
   * memory; with PostgreSQL after the connection retries succeed). Never rejects: failures are logged.
   */
  started: Promise<void>;
  /** Stops the backend and closes the MCP client sessions. Call after the processor has shut down. */
  close(): Promise<void>;
}

/**
 * What the worker runs. With threads, the pipeline lives in each thread and this thread keeps MCP
 * clients for the readiness probe only; without, the planner runs here.
 */
async function createHandler(
  config: Config,
  logger: Logger,
  options: ServiceOptions & { tickets: TicketStore; accounts: AccountStore },
): Promise<{ handler: MessageHandler & { close?: () => Promise<void> }; tools: Record<Domain, ToolClient> }> {
  const { threads } = config.worker;
  if (threads > 0) {
    const handler = new ThreadedMessageHandler({
      config,
      threads,
      logger: logger.child({ component: 'threads' }),
      tickets: options.tickets,
      accounts: options.accounts,
    });
    return { handler, tools: createTools(config, logger, options) };
  }
  const { planner, tools } = await createPlannerPipeline(config, logger, options);
  return { handler: planner, tools };
}

/**
 * Wires stores, MCP clients, the engine, the planner and the processor. With WORKER_THREADS > 0 the
 * planner runs in worker threads, each with its own pipeline; the clients kept here serve the
 * readiness probe. The clock option cannot cross a thread boundary, so it requires WORKER_THREADS=0.
 */
export async function createServices(
  config: Config,
  logger: Logger,
  options: ServiceOptions = {},
): Promise<Services> {
  const threads = config.worker.threads;
  if (threads > 0 && options.now) {
    // A function cannot be sent to a thread; answering with the real clock would be silently wrong.
    throw new Error('The clock option cannot cross to worker threads: use WORKER_THREADS=0 with it.');
  }
  // Loaded only with DATABASE_URL: in memory, the process never loads pg or pg-boss.
  const backend = config.database
    ? (await import('./postgres-backend.ts')).createPostgresBackend(
        config,
        config.database,
        logger.child({ component: 'database' }),
      )
    : createInMemoryBackend(config);
  const webhooks = createWebhooks({
    store: backend.webhooks,
    config: config.webhooks,
    logger: logger.child({ component: 'webhooks' }),
    userAgent: `Semker-Webhooks/${config.apiVersion}`,
  });
  const tickets = publishingTickets({
    tickets: options.tickets ?? backend.tickets,
    messages: backend.messages,
    webhooks,
    logger,
  });
  const { handler, tools } = await createHandler(config, logger, {
    ...options,
    tickets,
    accounts: backend.accounts,
  });
  const actions = new ActionDesk({
    store: backend.actions,
    accounts: backend.accounts,
    ttlMs: config.customers.actionConfirmTtlMs,
    readConsent,
    stopped: (message) => runGuardrails(DEFAULT_GUARDRAILS, message) !== undefined,
    agentFor: (kind) => (kind === 'buy_roaming_pack' ? AGENT_NAMES.roaming : AGENT_NAMES.tariff),
  });
  // Where an executed action is announced (the audit log line and the `action.executed` webhook).
  actions.on('executed', (action) => void announceExecuted(action, { webhooks, logger }));
  const processor = new MessageProcessor({
    store: backend.messages,
    conversations: backend.conversations,
    queue: backend.queue,
    handler,
    actions,
    logger: logger.child({ component: 'worker' }),
    config: config.worker,
  });
  processor.on('update', (messageId, update, conversationId) =>
    backend.recorded({ messageId, conversationId, sequence: update.sequence, final: isFinal(update.status) }),
  );
  // A message that ended elsewhere (cancelled here or on another replica) stops being processed here.
  const stopFinished = backend.updates.subscribe((signal) => {
    if (signal.final) processor.stopIfFinished(signal.messageId);
  });
  const stopPublishing = publishFinalUpdates({ processor, messages: backend.messages, webhooks, logger });
  const stopObservingQueue = observeQueue(processor);
  const started = backend
    .start()
    .then(() => webhooks.start())
    .then(() => processor.start())
    .catch((error: unknown) => logger.error({ err: error }, 'the backend did not start'));
  const readiness: ReadinessProbe = {
    async check() {
      const results = await Promise.all(
        DOMAINS.map(async (domain) => {
          try {
            await tools[domain].ping();
            return [domain, 'ok'] as const;
          } catch {
            return [domain, 'unavailable'] as const;
          }
        }),
      );
      const checks: Record<string, string> = {
        worker: processor.isAccepting ? 'accepting' : 'draining',
        ...(backend.kind === 'postgres' ? { database: await backend.check() } : {}),
      };
      for (const [domain, state] of results) checks[domain] = state;
      const ready = Object.values(checks).every((state) => state === 'ok' || state === 'accepting');
      return { ready, checks };
    },
  };
  return {
    processor,
    messages: backend.messages,
    readiness,
    tools,
    updates: backend.updates,
    idempotency: backend.idempotency,
    rateLimitStore: backend.rateLimitStore,
    backend: backend.kind,
    tickets,
    accounts: backend.accounts,
    actions,
    webhooks,
    engineName: config.llm.provider,
    started,
    async close() {
      stopObservingQueue();
      stopFinished();
      stopPublishing();
      await webhooks.close();
      await backend.close();
      await handler.close?.();
      await Promise.allSettled(DOMAINS.map((domain) => tools[domain].close()));
    },
  };
}

/**
 * What the app needs of the services, and the event streams over their update feed: one place for
 * main.ts, the tests and the bench to build `createApp` from (each adds what is its own, such as
 * the metrics handler).
 */
export function appDependencies(
  config: Config,
  services: Services,
): Pick<
  AppDeps,
  | 'processor'
  | 'messages'
  | 'readiness'
  | 'idempotency'
  | 'rateLimitStore'
  | 'streams'
  | 'tickets'
  | 'accounts'
  | 'actions'
  | 'webhooks'
> {
  return {
    processor: services.processor,
    messages: services.messages,
    readiness: services.readiness,
    idempotency: services.idempotency,
    rateLimitStore: services.rateLimitStore,
    streams: createEventStreams({ feed: services.updates, settings: config.streams }),
    tickets: services.tickets,
    accounts: services.accounts,
    actions: services.actions,
    webhooks: services.webhooks,
  };
}
