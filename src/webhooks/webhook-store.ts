import Queue from 'yocto-queue';
import type { WebhookEvent, WebhookEventType } from './events.ts';

/** Where a receiver registered to get events, and the secret its deliveries are signed with. */
export interface WebhookEndpoint {
  /** "wh_" and a UUID. */
  id: string;
  /** The API key owner that registered it (whose events it gets); null when the API runs without keys. */
  owner: string | null;
  url: string;
  events: WebhookEventType[];
  description: string | null;
  /** `whsec_` + base64 of 32 random bytes: shown once at creation, then only the signer reads it. */
  secret: string;
  /** Epoch milliseconds. */
  createdAt: number;
  /** Epoch milliseconds; set when the receiver answered 410 Gone. */
  disabledAt: number | null;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

/** One event on its way to one endpoint. */
export interface Delivery {
  /** "dlv_" and a UUID. */
  id: string;
  endpointId: string;
  /** The event's id: the `webhook-id` header of every attempt. */
  eventId: string;
  eventType: WebhookEventType;
  /** The exact body every attempt sends. */
  payload: string;
  status: DeliveryStatus;
  attempts: number;
  /** Attempts since it was started or retried by hand: which step of the retry schedule is next. */
  roundAttempts: number;
  lastResponseStatus: number | null;
  /** Epoch milliseconds; null once delivered or failed. */
  nextAttemptAt: number | null;
  createdAt: number;
}

/** A due attempt: the delivery, and how many attempts it had when this one was scheduled. */
export interface DueAttempt {
  deliveryId: string;
  attempts: number;
}

/**
 * A due attempt with what making it needs, as the store found them when it came due: undefined
 * when the delivery (or its endpoint) is gone.
 */
export interface DueWork {
  due: DueAttempt;
  delivery: Delivery | undefined;
  endpoint: WebhookEndpoint | undefined;
}

/** What one attempt changed: the new status, the receiver's answer, when the next attempt is due. */
export interface AttemptOutcome {
  status: DeliveryStatus;
  lastResponseStatus: number | null;
  nextAttemptAt: number | null;
}

/** The deliveries of one event: one to each of `endpoints` that may and wants to receive it. */
export type PlanDeliveries = (event: WebhookEvent, endpoints: readonly WebhookEndpoint[]) => Delivery[];

/**
 * Where endpoints and deliveries live, and when each attempt is due: in this process, or in
 * PostgreSQL with the attempts as pg-boss jobs (pg-webhook-store.ts), so any replica makes them and
 * one that dies loses none. A delivery and the scheduling of its next attempt are one write.
 */
export interface WebhookStore {
  /**
   * True when the backend owes each event in the transaction of the change it reports (PostgreSQL's
   * outbox, migration 008) and relays owed events into deliveries itself: nobody publishes them.
   * False: events are published just after their change (in memory).
   */
  readonly owesEvents: boolean;
  /** An owed event was committed here: relay now rather than at the next sweep (in memory: nothing). */
  relayNow(): void;
  createEndpoint(endpoint: WebhookEndpoint): Promise<void>;
  getEndpoint(id: string): Promise<WebhookEndpoint | undefined>;
  /** Oldest first; only `owner`'s when given (null: the endpoints registered without keys). */
  listEndpoints(filter: { owner?: string | null }): Promise<WebhookEndpoint[]>;
  countEndpoints(owner: string | null): Promise<number>;
  /** Deletes it with its deliveries; false when there was none. */
  deleteEndpoint(id: string): Promise<boolean>;
  disableEndpoint(id: string, at: number): Promise<void>;
  /** The event types some enabled endpoint (of any owner) is subscribed to. */
  subscribedTypes(): Promise<Set<WebhookEventType>>;
  /** The enabled endpoints of `owner` subscribed to `type`. */
  subscribers(owner: string | null, type: WebhookEventType): Promise<WebhookEndpoint[]>;
  /** Stores new deliveries and schedules the first attempt of each at its `nextAttemptAt`. */
  addDeliveries(deliveries: readonly Delivery[]): Promise<void>;
  getDelivery(id: string): Promise<Delivery | undefined>;
  /** Newest first, at most `limit`. */
  listDeliveries(endpointId: string, limit: number): Promise<Delivery[]>;
  /**
   * Records an attempt's outcome, and schedules the next when it stays pending, unless another
   * attempt was recorded since `attempts` (a duplicate run of one attempt changes nothing).
   */
  recordAttempt(due: DueAttempt, outcome: AttemptOutcome): Promise<boolean>;
  /** Schedules a due attempt again at `at`, unmade (its receiver has as many attempts running as it may). */
  postpone(due: DueAttempt, at: number): Promise<void>;
  /** Starts its schedule again with an attempt at `at`; undefined for an unknown delivery. */
  restart(id: string, at: number): Promise<Delivery | undefined>;
  /**
   * Starts running due attempts (at most `concurrency` at once in this process) and, where events
   * are owed, relaying them into the deliveries `plan` makes.
   */
  start(run: (work: DueWork) => Promise<void>, concurrency: number, plan: PlanDeliveries): Promise<void>;
  /** Stops taking attempts; those running finish. */
  close(): Promise<void>;
}

/**
 * Everything in this process; attempts due later wait on timers. Bounded: beyond `capacity`
 * deliveries the oldest finished ones go first.
 */
export class InMemoryWebhookStore implements WebhookStore {
  private readonly endpoints = new Map<string, WebhookEndpoint>();
  private readonly deliveries = new Map<string, Delivery>();
  private readonly timers = new Set<NodeJS.Timeout>();
  /** Due attempts waiting for a slot, oldest first (a linked queue: a backlog dequeues in O(1)). */
  private readonly waiting = new Queue<DueAttempt>();
  private pumpQueued = false;
  private run: ((work: DueWork) => Promise<void>) | undefined;
  private running = 0;
  private concurrency = 1;
  private closed = false;
  readonly owesEvents = false;

  constructor(private readonly capacity = 100_000) {}

  relayNow(): void {}

  async createEndpoint(endpoint: WebhookEndpoint): Promise<void> {
    this.endpoints.set(endpoint.id, { ...endpoint });
  }

  async getEndpoint(id: string): Promise<WebhookEndpoint | undefined> {
    const found = this.endpoints.get(id);
    return found && { ...found };
  }

  async listEndpoints({ owner }: { owner?: string | null }): Promise<WebhookEndpoint[]> {
    return [...this.endpoints.values()]
      .filter((e) => owner === undefined || e.owner === owner)
      .map((e) => ({ ...e }));
  }

  async countEndpoints(owner: string | null): Promise<number> {
    return (await this.listEndpoints({ owner })).length;
  }

  async deleteEndpoint(id: string): Promise<boolean> {
    for (const [key, delivery] of this.deliveries) {
      if (delivery.endpointId === id) this.deliveries.delete(key);
    }
    return this.endpoints.delete(id);
  }

  async disableEndpoint(id: string, at: number): Promise<void> {
    const endpoint = this.endpoints.get(id);
    if (endpoint) endpoint.disabledAt = at;
  }

  async subscribedTypes(): Promise<Set<WebhookEventType>> {
    return new Set(
      [...this.endpoints.values()].filter((e) => e.disabledAt === null).flatMap((e) => e.events),
    );
  }

  async subscribers(owner: string | null, type: WebhookEventType): Promise<WebhookEndpoint[]> {
    return [...this.endpoints.values()]
      .filter((e) => e.owner === owner && e.disabledAt === null && e.events.includes(type))
      .map((e) => ({ ...e }));
  }

  async addDeliveries(deliveries: readonly Delivery[]): Promise<void> {
    for (const delivery of deliveries) {
      this.deliveries.set(delivery.id, { ...delivery });
      this.schedule({ deliveryId: delivery.id, attempts: delivery.attempts }, delivery.nextAttemptAt);
    }
    this.evict();
  }

  async getDelivery(id: string): Promise<Delivery | undefined> {
    const found = this.deliveries.get(id);
    return found && { ...found };
  }

  async listDeliveries(endpointId: string, limit: number): Promise<Delivery[]> {
    return [...this.deliveries.values()]
      .filter((d) => d.endpointId === endpointId)
      .reverse()
      .slice(0, limit)
      .map((d) => ({ ...d }));
  }

  async recordAttempt(due: DueAttempt, outcome: AttemptOutcome): Promise<boolean> {
    const delivery = this.deliveries.get(due.deliveryId);
    if (!delivery || delivery.attempts !== due.attempts) return false;
    Object.assign(delivery, outcome, {
      attempts: delivery.attempts + 1,
      roundAttempts: delivery.roundAttempts + 1,
    });
    if (outcome.status === 'pending') {
      this.schedule({ deliveryId: delivery.id, attempts: delivery.attempts }, outcome.nextAttemptAt);
    }
    return true;
  }

  async postpone(due: DueAttempt, at: number): Promise<void> {
    this.schedule(due, at);
  }

  async restart(id: string, at: number): Promise<Delivery | undefined> {
    const delivery = this.deliveries.get(id);
    if (!delivery) return undefined;
    Object.assign(delivery, { status: 'pending', roundAttempts: 0, nextAttemptAt: at });
    this.schedule({ deliveryId: id, attempts: delivery.attempts }, at);
    return { ...delivery };
  }

  async start(run: (work: DueWork) => Promise<void>, concurrency: number): Promise<void> {
    this.run = run;
    this.concurrency = concurrency;
    this.pump();
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.waiting.clear();
  }

  private schedule(due: DueAttempt, at: number | null): void {
    if (this.closed) return;
    // Due now (a new event's first attempt): queued without a timer of its own.
    if ((at ?? 0) <= Date.now()) {
      this.waiting.enqueue(due);
      if (!this.pumpQueued) {
        this.pumpQueued = true;
        queueMicrotask(() => {
          this.pumpQueued = false;
          this.pump();
        });
      }
      return;
    }
    const timer = setTimeout(
      () => {
        this.timers.delete(timer);
        this.waiting.enqueue(due);
        this.pump();
      },
      Math.max(0, (at ?? Date.now()) - Date.now()),
    );
    timer.unref();
    this.timers.add(timer);
  }

  private pump(): void {
    const run = this.run;
    if (!run) return;
    while (!this.closed && this.running < this.concurrency && this.waiting.size > 0) {
      const due = this.waiting.dequeue()!;
      this.running++;
      const delivery = this.deliveries.get(due.deliveryId);
      const endpoint = delivery && this.endpoints.get(delivery.endpointId);
      void run({ due, delivery: delivery && { ...delivery }, endpoint: endpoint && { ...endpoint } })
        .catch(() => {})
        .finally(() => {
          this.running--;
          this.pump();
        });
    }
  }

  private evict(): void {
    if (this.deliveries.size <= this.capacity) return;
    for (const [id, delivery] of this.deliveries) {
      if (this.deliveries.size <= this.capacity) break;
      if (delivery.status !== 'pending') this.deliveries.delete(id);
    }
  }
}
