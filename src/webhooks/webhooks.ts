import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { WebhookConfig } from '../config/config.ts';
import { eventBody, type WebhookEvent, type WebhookEventType } from './events.ts';
import { mayManage, receives, type Manager } from './ownership.ts';
import type { AttemptResult } from './sender.ts';
import { createDeliverer } from './deliverer.ts';
import { newSecret } from './signer.ts';
import { checkWebhookUrl } from './address-guard.ts';
import type {
  AttemptOutcome,
  Delivery,
  DueWork,
  PlanDeliveries,
  WebhookEndpoint,
  WebhookStore,
} from './webhook-store.ts';

/** Retry-After is honoured up to this long; a later one waits this long. */
const MAX_RETRY_AFTER_MS = 24 * 3_600_000;

/** A receiver's Retry-After and the schedule's delays move by up to this share either way. */
const JITTER = 0.1;

/**
 * When an endpoint already holds its share of the worker's slots, its next attempt goes back to
 * the store for between this and twice this, unmade (not counted as an attempt).
 */
const BUSY_RETRY_MS = 250;

/**
 * Each endpoint's share of the worker in this process: a quarter of its slots. Within it a burst to
 * a fast receiver flows at once; a receiver that hangs holds its quarter at most while the other
 * endpoints' deliveries go on.
 */
function createLanes(concurrency: number): {
  enter(endpointId: string): boolean;
  leave(endpointId: string): void;
} {
  const share = Math.max(1, Math.floor(concurrency / 4));
  const running = new Map<string, number>();
  return {
    enter(endpointId) {
      const now = running.get(endpointId) ?? 0;
      if (now >= share) return false;
      running.set(endpointId, now + 1);
      return true;
    },
    leave(endpointId) {
      const left = (running.get(endpointId) ?? 1) - 1;
      if (left <= 0) running.delete(endpointId);
      else running.set(endpointId, left);
    },
  };
}

/** The registration was refused: too many endpoints. The detail is safe to show. */
export class EndpointLimitError extends Error {
  override name = 'EndpointLimitError';
}

/** The delay before attempt `index` (0: the first) with jitter, or undefined past the schedule's end. */
export function scheduledDelay(
  schedule: readonly number[],
  index: number,
  random = Math.random,
): number | undefined {
  const delay = schedule[index];
  if (delay === undefined) return undefined;
  return Math.round(delay * (1 + JITTER * (2 * random() - 1)));
}

/** The next state of a delivery after an attempt that was its round's `roundAttempt`-th (from 1). */
export function outcomeOf(
  result: AttemptResult,
  roundAttempt: number,
  schedule: readonly number[],
  now = Date.now(),
): AttemptOutcome {
  const lastResponseStatus = result.kind === 'unreachable' ? null : result.status;
  if (result.kind === 'delivered') return { status: 'delivered', lastResponseStatus, nextAttemptAt: null };
  if (result.kind === 'refused' && result.status === 410) {
    return { status: 'failed', lastResponseStatus, nextAttemptAt: null };
  }
  const delay = scheduledDelay(schedule, roundAttempt);
  if (delay === undefined) return { status: 'failed', lastResponseStatus, nextAttemptAt: null };
  const asked = result.kind === 'refused' ? result.retryAfterMs : undefined;
  const wait = asked === undefined ? delay : Math.max(delay, Math.min(asked, MAX_RETRY_AFTER_MS));
  return { status: 'pending', lastResponseStatus, nextAttemptAt: now + wait };
}

/**
 * The deliveries of `event`: one to each enabled endpoint of `endpoints` subscribed to its type that
 * may receive it (ownership.ts), the body fixed once, the first attempt due after the schedule's
 * first delay.
 */
export function deliveriesOf(
  event: WebhookEvent,
  endpoints: readonly WebhookEndpoint[],
  schedule: readonly number[],
  now = Date.now(),
): Delivery[] {
  const receiving = endpoints.filter(
    (endpoint) =>
      endpoint.disabledAt === null && endpoint.events.includes(event.type) && receives(endpoint, event.scope),
  );
  if (receiving.length === 0) return [];
  const payload = eventBody(event);
  return receiving.map((endpoint) => ({
    id: `dlv_${randomUUID()}`,
    endpointId: endpoint.id,
    eventId: event.id,
    eventType: event.type,
    payload,
    status: 'pending',
    attempts: 0,
    roundAttempts: 0,
    lastResponseStatus: null,
    nextAttemptAt: now + (scheduledDelay(schedule, 0) ?? 0),
    createdAt: now,
  }));
}

/**
 * How long this process trusts its answer to "is anyone subscribed to this type?": an endpoint
 * registered on another replica gets events from this one within this time (from this one at once).
 */
const SUBSCRIBED_TTL_MS = 1000;

/** What the HTTP routes and the event hooks use. */
export interface Webhooks {
  register(
    manager: Manager | undefined,
    input: { url: string; events: WebhookEventType[]; description?: string | undefined },
  ): Promise<WebhookEndpoint>;
  list(manager: Manager | undefined): Promise<WebhookEndpoint[]>;
  /** Undefined when there is none or `manager` may not see it (the same answer: 404). */
  get(manager: Manager | undefined, id: string): Promise<WebhookEndpoint | undefined>;
  remove(manager: Manager | undefined, id: string): Promise<boolean>;
  deliveries(manager: Manager | undefined, id: string, limit: number): Promise<Delivery[] | undefined>;
  retry(manager: Manager | undefined, id: string, deliveryId: string): Promise<Delivery | undefined>;
  /**
   * Whether any endpoint may want events of this type (cached for a second): false spares a message
   * every read when nobody subscribed. True does not mean its owner did.
   */
  wanted(type: WebhookEventType): Promise<boolean>;
  /** Queues the event for its owner's subscribed endpoints; resolves with how many. */
  publish(event: WebhookEvent): Promise<number>;
  /** Whether the backend owes events with their changes itself (WebhookStore.owesEvents): then nobody publishes. */
  readonly owesEvents: boolean;
  /** Owed events were committed here: relay them now rather than at the next sweep. */
  relayNow(): void;
  /** Starts making due attempts. */
  start(): Promise<void>;
  /** Stops taking attempts and closes the connections. */
  close(): Promise<void>;
}

/**
 * Webhook endpoints and the delivery worker: events become deliveries (one per subscribed endpoint
 * of the event's owner, the body fixed once), each attempt is signed afresh with the event's id and
 * the attempt's time, and its outcome decides the next (the retry schedule with jitter, Retry-After,
 * 410 disabling the endpoint). The store decides where it all lives and who makes each attempt.
 */
export function createWebhooks(deps: {
  store: WebhookStore;
  config: WebhookConfig;
  logger: Logger;
  userAgent: string;
}): Webhooks {
  const { store, config, logger } = deps;
  const deliverer = createDeliverer(
    { timeoutMs: config.timeoutMs, allowPrivate: config.allowPrivate, userAgent: deps.userAgent },
    logger,
  );

  const lanes = createLanes(config.concurrency);
  let subscribed: { types: Promise<Set<WebhookEventType>>; at: number } | undefined;
  const forgetSubscribed = (): void => {
    subscribed = undefined;
  };

  const plan: PlanDeliveries = (event, endpoints) => {
    // The fault the durability scenario injects (NODE_ENV=test only): this process dies with the
    // owed event taken and its deliveries not yet written, as a replica killed at that instant would.
    if (config.killBeforeRelay) process.kill(process.pid, 'SIGKILL');
    return deliveriesOf(event, endpoints, config.retrySchedule);
  };

  const visible = async (manager: Manager | undefined, id: string): Promise<WebhookEndpoint | undefined> => {
    const endpoint = await store.getEndpoint(id);
    return endpoint && mayManage(manager, endpoint) ? endpoint : undefined;
  };

  const attempt = async ({ due, delivery, endpoint }: DueWork): Promise<void> => {
    // Gone with its endpoint, finished, or a duplicate of an attempt already recorded.
    if (!delivery || !endpoint || delivery.status !== 'pending' || delivery.attempts !== due.attempts) return;
    const log = { webhook_id: endpoint.id, delivery_id: delivery.id, event_id: delivery.eventId };
    if (endpoint.disabledAt !== null) {
      await store.recordAttempt(due, {
        status: 'failed',
        lastResponseStatus: delivery.lastResponseStatus,
        nextAttemptAt: null,
      });
      return;
    }
    if (!lanes.enter(endpoint.id)) {
      await store.postpone(due, Date.now() + BUSY_RETRY_MS * (1 + Math.random()));
      return;
    }
    let result: AttemptResult;
    try {
      result = await deliverer.deliver({
        url: endpoint.url,
        secret: endpoint.secret,
        eventId: delivery.eventId,
        body: delivery.payload,
      });
    } finally {
      lanes.leave(endpoint.id);
    }
    const outcome = outcomeOf(result, delivery.roundAttempts + 1, config.retrySchedule);
    if (result.kind === 'refused' && result.status === 410) {
      await store.disableEndpoint(endpoint.id, Date.now());
      logger.warn(log, 'a webhook receiver answered 410 Gone: its endpoint is disabled');
    }
    await store.recordAttempt(due, outcome);
    // A delivery is logged at debug: the log line is not made at all when debug is off.
    if (outcome.status === 'delivered' && !logger.isLevelEnabled('debug')) return;
    const attemptLog = {
      ...log,
      attempt: delivery.attempts + 1,
      status: outcome.status,
      ...(result.kind === 'unreachable' ? { reason: result.reason } : { response_status: result.status }),
    };
    if (outcome.status === 'delivered') logger.debug(attemptLog, 'webhook delivered');
    else logger.info(attemptLog, 'webhook attempt failed');
  };

  return {
    async register(manager, input) {
      const url = await checkWebhookUrl(input.url, config.allowPrivate);
      const owner = manager?.owner ?? null;
      if ((await store.countEndpoints(owner)) >= config.maxEndpoints) {
        throw new EndpointLimitError(
          `At most ${config.maxEndpoints} webhook endpoints may be registered per owner; delete one first.`,
        );
      }
      const endpoint: WebhookEndpoint = {
        id: `wh_${randomUUID()}`,
        owner,
        url: url.href,
        events: [...new Set(input.events)],
        description: input.description ?? null,
        secret: newSecret(),
        createdAt: Date.now(),
        disabledAt: null,
      };
      await store.createEndpoint(endpoint);
      forgetSubscribed();
      logger.info({ webhook_id: endpoint.id, owner, events: endpoint.events }, 'webhook endpoint registered');
      return endpoint;
    },
    list: (manager) =>
      store.listEndpoints(manager === undefined || manager.admin ? {} : { owner: manager.owner }),
    get: visible,
    async remove(manager, id) {
      if (!(await visible(manager, id))) return false;
      forgetSubscribed();
      return store.deleteEndpoint(id);
    },
    async deliveries(manager, id, limit) {
      return (await visible(manager, id)) && store.listDeliveries(id, limit);
    },
    async retry(manager, id, deliveryId) {
      if (!(await visible(manager, id))) return undefined;
      const delivery = await store.getDelivery(deliveryId);
      if (delivery?.endpointId !== id) return undefined;
      return store.restart(deliveryId, Date.now());
    },
    async wanted(type) {
      if (!subscribed || Date.now() - subscribed.at > SUBSCRIBED_TTL_MS) {
        const types = store.subscribedTypes();
        subscribed = { types, at: Date.now() };
        types.catch(forgetSubscribed);
      }
      return (await subscribed.types).has(type);
    },
    async publish(event) {
      const deliveries = deliveriesOf(
        event,
        await store.subscribers(event.scope.owner, event.type),
        config.retrySchedule,
      );
      if (deliveries.length > 0) await store.addDeliveries(deliveries);
      return deliveries.length;
    },
    owesEvents: store.owesEvents,
    relayNow: () => store.relayNow(),
    start: () =>
      store.start(
        (work) =>
          attempt(work).catch((error: unknown) => {
            logger.warn({ err: error, delivery_id: work.due.deliveryId }, 'a webhook attempt could not run');
            // With PostgreSQL the job fails and pg-boss runs it again; in memory it is logged.
            throw error;
          }),
        config.concurrency,
        plan,
      ),
    async close() {
      await store.close();
      await deliverer.close();
    },
  };
}
