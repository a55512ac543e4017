import type pg from 'pg';
import type { Job, JobAttempt, PgBoss } from 'pg-boss';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Database } from '../store/postgres/database.ts';
import type { WebhookEventType } from './events.ts';
import { owedEvent } from './owed.ts';
import type * as Store from './webhook-store.ts';

/** The pg-boss queue whose jobs are the delivery attempts, one job per attempt. */
export const WEBHOOKS_QUEUE = 'semker-webhooks';

/** How often an idle poller looks for due attempts. */
const POLLING_MS = 500;

/** How often each replica deletes the finished deliveries past retention (a delete twice is harmless). */
const PRUNE_EVERY_MS = 10 * 60_000;

/**
 * How often each replica looks for owed events nobody relayed: those whose replica died first, and
 * those owed by a change this replica did not see (the retention's failing of a stranded message).
 */
const SWEEP_MS = 1000;

/** Owed events relayed in one transaction, at most. */
const RELAY_BATCH = 100;

/** Attempts settled in one transaction, at most. */
const SETTLE_BATCH = 200;

/** A running attempt's job is touched this often; pg-boss hands it to another replica after 10 s without. */
const HEARTBEAT_SECONDS = 10;

const dueAttempt = z.object({ deliveryId: z.string(), attempts: z.number().int().nonnegative() });

const dueKey = (due: Store.DueAttempt): string => `${due.deliveryId}:${due.attempts}`;

/**
 * What follows one attempt, committed with other attempts' in one transaction: its outcome
 * recorded (with its next attempt's job when it stays pending), or its attempt scheduled again,
 * and the job that carried it completed. Resolves with whether the outcome was recorded.
 */
interface Settlement {
  record?: { due: Store.DueAttempt; outcome: Store.AttemptOutcome };
  reschedule?: { due: Store.DueAttempt; at: number };
  claim?: JobAttempt;
  resolve(recorded: boolean): void;
  reject(error: unknown): void;
}

/** The job carrying a running attempt, and whether a settlement already completed it. */
interface Carried {
  claim: JobAttempt;
  settled: boolean;
}

interface EndpointRow {
  id: string;
  owner: string | null;
  url: string;
  events: string[];
  description: string | null;
  secret: string;
  created_at: Date;
  disabled_at: Date | null;
}

interface DeliveryRow {
  id: string;
  endpoint_id: string;
  event_id: string;
  event_type: string;
  payload: string;
  status: Store.Delivery['status'];
  attempts: number;
  round_attempts: number;
  last_response_status: number | null;
  next_attempt_at: Date | null;
  created_at: Date;
}

const toEndpoint = (row: EndpointRow): Store.WebhookEndpoint => ({
  id: row.id,
  owner: row.owner,
  url: row.url,
  events: row.events as WebhookEventType[],
  description: row.description,
  secret: row.secret,
  createdAt: row.created_at.getTime(),
  disabledAt: row.disabled_at?.getTime() ?? null,
});

const toDelivery = (row: DeliveryRow): Store.Delivery => ({
  id: row.id,
  endpointId: row.endpoint_id,
  eventId: row.event_id,
  eventType: row.event_type as WebhookEventType,
  payload: row.payload,
  status: row.status,
  attempts: row.attempts,
  roundAttempts: row.round_attempts,
  lastResponseStatus: row.last_response_status,
  nextAttemptAt: row.next_attempt_at?.getTime() ?? null,
  createdAt: row.created_at.getTime(),
});

interface OwedRow {
  /** bigint: node-postgres reads it as a string. */
  seq: string;
  event_id: string;
  type: string;
  owner: string | null;
  subject: unknown;
}

/**
 * A loop's pause between rounds: `sleep` resolves after its time or at the next `wake`, and at once
 * when a wake came since the round began (`begin`), so no wake between the two is missed.
 */
class Pause {
  private woken = false;
  private wake: (() => void) | undefined;

  begin(): void {
    this.woken = false;
  }

  get wasWoken(): boolean {
    return this.woken;
  }

  async sleep(ms: number): Promise<void> {
    if (this.woken) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.wake = undefined;
  }

  wakeUp(): void {
    this.woken = true;
    this.wake?.();
  }
}

const ENDPOINT_COLUMNS = 'id, owner, url, events, description, secret, created_at, disabled_at';
const DELIVERY_COLUMNS =
  'id, endpoint_id, event_id, event_type, payload, status, attempts, round_attempts, last_response_status, next_attempt_at, created_at';

/**
 * Endpoints and deliveries in PostgreSQL, each attempt a pg-boss job: a delivery's row and the job of
 * its next attempt commit together, so an event accepted is never without its attempt. Events are
 * owed in the transaction of the change they report (migration 008's triggers write the outbox);
 * any replica relays them, deleting each in the transaction that inserts its deliveries and their
 * jobs. A replica killed during an attempt stops its job's heartbeat; pg-boss hands the job to
 * another replica, which finds the attempt unrecorded and makes it again (at least once).
 */
export class PgWebhookStore implements Store.WebhookStore {
  readonly owesEvents = true;
  /** The jobs running here: the claims the heartbeat refreshes. */
  private readonly held = new Map<string, JobAttempt>();
  /** The job of each attempt running here, by dueKey: its settlement completes it. */
  private readonly carried = new Map<string, Carried>();
  /** Settlements waiting for the next transaction, and the loop committing them while there are any. */
  private settlements: Settlement[] = [];
  private settling: Promise<void> | undefined;
  private stopped = false;
  /** The attempts' poller's pause, and the relay's. */
  private readonly polls = new Pause();
  private readonly sweeps = new Pause();
  private polling: Promise<void> | undefined;
  private relaying: Promise<void> | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private pruning: NodeJS.Timeout | undefined;

  constructor(
    private readonly db: Database,
    private readonly boss: PgBoss,
    private readonly options: {
      timeoutMs: number;
      /** Finished deliveries older than this are deleted (MESSAGE_RETENTION_MS, like the messages). */
      retentionMs: number;
      logger: Logger;
    },
  ) {}

  /** Creates (or brings up to date) the attempts' queue; call after pg-boss started. */
  async install(): Promise<void> {
    const settings = {
      // An attempt whose run threw (the database was away) runs again, backing off to a minute.
      retryLimit: 100,
      retryDelay: 1,
      retryBackoff: true,
      retryDelayMax: 60,
      // The worker's heartbeat tells a live replica's attempt from a dead one's.
      heartbeatSeconds: HEARTBEAT_SECONDS,
      expireInSeconds: Math.ceil(this.options.timeoutMs / 1000) + 60,
      deleteAfterSeconds: 60,
    };
    if (await this.boss.getQueue(WEBHOOKS_QUEUE)) {
      const { heartbeatSeconds: _fixed, ...updatable } = settings;
      await this.boss.updateQueue(WEBHOOKS_QUEUE, updatable);
    } else {
      await this.boss.createQueue(WEBHOOKS_QUEUE, settings);
    }
  }

  async createEndpoint(e: Store.WebhookEndpoint): Promise<void> {
    await this.db.query(
      `INSERT INTO semker_webhook_endpoints (${ENDPOINT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        e.id,
        e.owner,
        e.url,
        e.events,
        e.description,
        e.secret,
        new Date(e.createdAt),
        e.disabledAt === null ? null : new Date(e.disabledAt),
      ],
    );
  }

  async getEndpoint(id: string): Promise<Store.WebhookEndpoint | undefined> {
    const { rows } = await this.db.query<EndpointRow>(
      `SELECT ${ENDPOINT_COLUMNS} FROM semker_webhook_endpoints WHERE id = $1`,
      [id],
    );
    return rows[0] && toEndpoint(rows[0]);
  }

  async listEndpoints({ owner }: { owner?: string | null }): Promise<Store.WebhookEndpoint[]> {
    const { rows } =
      owner === undefined
        ? await this.db.query<EndpointRow>(
            `SELECT ${ENDPOINT_COLUMNS} FROM semker_webhook_endpoints ORDER BY seq`,
          )
        : await this.db.query<EndpointRow>(
            `SELECT ${ENDPOINT_COLUMNS} FROM semker_webhook_endpoints WHERE owner IS NOT DISTINCT FROM $1 ORDER BY seq`,
            [owner],
          );
    return rows.map(toEndpoint);
  }

  async countEndpoints(owner: string | null): Promise<number> {
    const { rows } = await this.db.query<{ count: string }>(
      'SELECT count(*) AS count FROM semker_webhook_endpoints WHERE owner IS NOT DISTINCT FROM $1',
      [owner],
    );
    return Number(rows[0]?.count ?? 0);
  }

  async deleteEndpoint(id: string): Promise<boolean> {
    const { rowCount } = await this.db.query('DELETE FROM semker_webhook_endpoints WHERE id = $1', [id]);
    return (rowCount ?? 0) > 0;
  }

  async disableEndpoint(id: string, at: number): Promise<void> {
    await this.db.query(
      'UPDATE semker_webhook_endpoints SET disabled_at = $2 WHERE id = $1 AND disabled_at IS NULL',
      [id, new Date(at)],
    );
  }

  async subscribedTypes(): Promise<Set<WebhookEventType>> {
    const { rows } = await this.db.query<{ type: WebhookEventType }>(
      'SELECT DISTINCT unnest(events) AS type FROM semker_webhook_endpoints WHERE disabled_at IS NULL',
    );
    return new Set(rows.map((row) => row.type));
  }

  async subscribers(owner: string | null, type: WebhookEventType): Promise<Store.WebhookEndpoint[]> {
    const { rows } = await this.db.query<EndpointRow>(
      `SELECT ${ENDPOINT_COLUMNS} FROM semker_webhook_endpoints
        WHERE owner IS NOT DISTINCT FROM $1 AND $2 = ANY (events) AND disabled_at IS NULL ORDER BY seq`,
      [owner, type],
    );
    return rows.map(toEndpoint);
  }

  async addDeliveries(deliveries: readonly Store.Delivery[]): Promise<void> {
    if (deliveries.length === 0) return;
    await this.db.transaction((client) => this.insertDeliveries(client, deliveries));
    this.wakeIfDue(deliveries);
  }

  relayNow(): void {
    this.sweeps.wakeUp();
  }

  /**
   * Relays up to `limit` owed events: takes them (rows another replica is relaying are skipped),
   * inserts the deliveries `plan` makes of each and their first attempts' jobs, and deletes them, in
   * one transaction. A replica that dies before the commit leaves them owed, under the same event
   * ids, to the next relay. Resolves with how many were taken.
   */
  async relay(plan: Store.PlanDeliveries, limit = RELAY_BATCH): Promise<number> {
    const { logger } = this.options;
    const relayed = await this.db.transaction(async (client) => {
      // Taken and deleted at once: the rows stay owed until this transaction commits.
      const { rows } = await client.query<OwedRow>(
        this.db.statement(
          `DELETE FROM semker_webhook_outbox WHERE seq IN (
             SELECT seq FROM semker_webhook_outbox ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED
           ) RETURNING seq, event_id, type, owner, subject`,
          [limit],
        ),
      );
      rows.sort((a, b) => Number(a.seq) - Number(b.seq));
      if (rows.length === 0) return undefined;
      const owners = new Set(rows.map((row) => row.owner));
      const { rows: subscribed } = await client.query<EndpointRow>(
        this.db.statement(
          `SELECT ${ENDPOINT_COLUMNS} FROM semker_webhook_endpoints
            WHERE disabled_at IS NULL AND (owner = ANY ($1::text[]) OR ($2 AND owner IS NULL)) ORDER BY seq`,
          [[...owners].filter((owner) => owner !== null), owners.has(null)],
        ),
      );
      const endpoints = subscribed.map(toEndpoint);
      const deliveries = rows.flatMap((row) => {
        let event;
        try {
          event = owedEvent({ id: row.event_id, type: row.type, owner: row.owner, subject: row.subject });
        } catch (error) {
          // Not a row the triggers write: kept, it would come back at every sweep.
          logger.error(
            { err: error, event_id: row.event_id },
            'an owed webhook event was unreadable and dropped',
          );
          return [];
        }
        return plan(event, endpoints);
      });
      await this.insertDeliveries(client, deliveries);
      return { taken: rows.length, deliveries };
    });
    if (!relayed) return 0;
    this.wakeIfDue(relayed.deliveries);
    return relayed.taken;
  }

  /** Inserts deliveries and the jobs of their first attempts on the transaction's client. */
  private async insertDeliveries(
    client: pg.PoolClient,
    deliveries: readonly Store.Delivery[],
  ): Promise<void> {
    if (deliveries.length === 0) return;
    // An event's body goes once, however many endpoints get it: each delivery names it by position.
    const payloads = new Map<string, number>();
    for (const d of deliveries) if (!payloads.has(d.payload)) payloads.set(d.payload, payloads.size + 1);
    await client.query(
      this.db.statement(
        `INSERT INTO semker_webhook_deliveries (${DELIVERY_COLUMNS})
         SELECT id, endpoint_id, event_id, event_type, ($2::text[])[payload_at], status, attempts,
                round_attempts, last_response_status, next_attempt_at, created_at
           FROM jsonb_to_recordset($1::jsonb) AS d (
             n integer, id text, endpoint_id text, event_id text, event_type text, payload_at integer,
             status text, attempts integer, round_attempts integer, last_response_status integer,
             next_attempt_at timestamptz, created_at timestamptz
           ) ORDER BY n`,
        [
          JSON.stringify(
            deliveries.map((d, n) => ({
              n,
              id: d.id,
              endpoint_id: d.endpointId,
              event_id: d.eventId,
              event_type: d.eventType,
              payload_at: payloads.get(d.payload),
              status: d.status,
              attempts: d.attempts,
              round_attempts: d.roundAttempts,
              last_response_status: d.lastResponseStatus,
              next_attempt_at: d.nextAttemptAt === null ? null : new Date(d.nextAttemptAt).toISOString(),
              created_at: new Date(d.createdAt).toISOString(),
            })),
          ),
          [...payloads.keys()],
        ],
      ),
    );
    await this.schedule(
      client,
      deliveries.map((d) => ({ due: { deliveryId: d.id, attempts: d.attempts }, at: d.nextAttemptAt })),
    );
  }

  /** Committed: this replica's poller fetches at once if a slot is free (others find it when they poll). */
  private wakeIfDue(deliveries: readonly Store.Delivery[]): void {
    if (deliveries.some((d) => (d.nextAttemptAt ?? 0) <= Date.now())) this.wakeUp();
  }

  async getDelivery(id: string): Promise<Store.Delivery | undefined> {
    const { rows } = await this.db.query<DeliveryRow>(
      `SELECT ${DELIVERY_COLUMNS} FROM semker_webhook_deliveries WHERE id = $1`,
      [id],
    );
    return rows[0] && toDelivery(rows[0]);
  }

  async listDeliveries(endpointId: string, limit: number): Promise<Store.Delivery[]> {
    const { rows } = await this.db.query<DeliveryRow>(
      `SELECT ${DELIVERY_COLUMNS} FROM semker_webhook_deliveries
        WHERE endpoint_id = $1 ORDER BY seq DESC LIMIT $2`,
      [endpointId, limit],
    );
    return rows.map(toDelivery);
  }

  /**
   * Recorded in the next settling transaction, with other attempts' outcomes, the job of its next
   * attempt when it stays pending, and the completion of the job that carried it.
   */
  async recordAttempt(due: Store.DueAttempt, outcome: Store.AttemptOutcome): Promise<boolean> {
    return this.settleCarried(due, { record: { due, outcome } });
  }

  async restart(id: string, at: number): Promise<Store.Delivery | undefined> {
    return this.db
      .transaction(async (client) => {
        const { rows } = await client.query<DeliveryRow>(
          this.db.statement(
            `UPDATE semker_webhook_deliveries SET status = 'pending', round_attempts = 0, next_attempt_at = $2
            WHERE id = $1 RETURNING ${DELIVERY_COLUMNS}`,
            [id, new Date(at)],
          ),
        );
        const row = rows[0];
        if (!row) return undefined;
        await this.schedule(client, [{ due: { deliveryId: id, attempts: row.attempts }, at }]);
        return toDelivery(row);
      })
      .then((delivery) => {
        this.wakeUp();
        return delivery;
      });
  }

  async postpone(due: Store.DueAttempt, at: number): Promise<void> {
    await this.settleCarried(due, { reschedule: { due, at } });
  }

  /** Settles an attempt together with the job that carried it here, if one did. */
  private async settleCarried(
    due: Store.DueAttempt,
    settlement: Pick<Settlement, 'record' | 'reschedule'>,
  ): Promise<boolean> {
    const carried = this.carried.get(dueKey(due));
    const recorded = await this.settle({ ...settlement, ...(carried && { claim: carried.claim }) });
    if (carried) carried.settled = true;
    return recorded;
  }

  /** Queues a settlement for the next transaction; a loop commits them while there are any. */
  private settle(settlement: Omit<Settlement, 'resolve' | 'reject'>): Promise<boolean> {
    return new Promise((resolve, reject) => {
      this.settlements.push({ ...settlement, resolve, reject });
      this.settling ??= this.settleAll();
    });
  }

  /**
   * Commits the settlements in batches: an attempt that ends while one transaction runs goes into
   * the next, so under load a transaction settles many attempts (one commit, a handful of
   * statements) rather than one each.
   */
  private async settleAll(): Promise<void> {
    while (this.settlements.length > 0) {
      const batch = this.settlements.splice(0, SETTLE_BATCH);
      try {
        const recorded = await this.db.transaction((client) => this.settleOn(client, batch));
        batch.forEach((settlement, n) => settlement.resolve(recorded[n]!));
      } catch (error) {
        for (const settlement of batch) settlement.reject(error);
      }
    }
    this.settling = undefined;
  }

  /** One batch's statements; resolves with whether each settlement's outcome was recorded. */
  private async settleOn(client: pg.PoolClient, batch: readonly Settlement[]): Promise<boolean[]> {
    const records = batch.flatMap((settlement) => (settlement.record ? [settlement.record] : []));
    const updated = new Set<string>();
    if (records.length > 0) {
      const { rows } = await client.query<{ id: string; attempts: number }>(
        this.db.statement(
          `UPDATE semker_webhook_deliveries AS d
              SET status = r.status, last_response_status = r.last_response_status,
                  next_attempt_at = r.next_attempt_at,
                  attempts = d.attempts + 1, round_attempts = d.round_attempts + 1
             FROM jsonb_to_recordset($1::jsonb) AS r (
               id text, attempts integer, status text, last_response_status integer, next_attempt_at timestamptz
             )
            WHERE d.id = r.id AND d.attempts = r.attempts
        RETURNING d.id, r.attempts`,
          [
            JSON.stringify(
              records.map(({ due, outcome }) => ({
                id: due.deliveryId,
                attempts: due.attempts,
                status: outcome.status,
                last_response_status: outcome.lastResponseStatus,
                next_attempt_at:
                  outcome.nextAttemptAt === null ? null : new Date(outcome.nextAttemptAt).toISOString(),
              })),
            ),
          ],
        ),
      );
      for (const row of rows) updated.add(dueKey({ deliveryId: row.id, attempts: row.attempts }));
    }
    // A delivery is updated once however many of the batch named the same attempt: the first is it.
    const recorded = batch.map((settlement) => {
      const key = settlement.record && dueKey(settlement.record.due);
      return key !== undefined && updated.delete(key);
    });
    const next = batch.flatMap((settlement, n) => {
      if (settlement.reschedule) return [settlement.reschedule];
      const { record } = settlement;
      if (!recorded[n] || record?.outcome.status !== 'pending') return [];
      const due = { deliveryId: record.due.deliveryId, attempts: record.due.attempts + 1 };
      return [{ due, at: record.outcome.nextAttemptAt }];
    });
    if (next.length > 0) await this.schedule(client, next);
    const claims = batch.flatMap((settlement) => (settlement.claim ? [settlement.claim] : []));
    if (claims.length > 0) await this.boss.complete(WEBHOOKS_QUEUE, claims, null, { db: this.on(client) });
    return recorded;
  }

  /**
   * One poller, fetching as many due attempts as there are free slots and reading their
   * deliveries and endpoints in one statement; each runs on its own, so a receiver that hangs holds
   * only the slots of its own attempts, and the next fetch comes as soon as a slot frees. An
   * attempt's job completes with its outcome (settleOn). Hand-written over pg-boss's fetch, complete, fail and touch for the reason the
   * message queue is (pg-boss-queue.ts): work() with a batch fetches again only once the whole
   * batch ended, and one registration per slot polls once per slot.
   */
  async start(
    run: (work: Store.DueWork) => Promise<void>,
    concurrency: number,
    plan: Store.PlanDeliveries,
  ): Promise<void> {
    const { logger } = this.options;
    const runJob = async (job: Job<unknown>, work: Promise<Store.DueWork | undefined>): Promise<void> => {
      const claim: JobAttempt = { id: job.id, retryCount: job.retryCount };
      this.held.set(job.id, claim);
      let key: string | undefined;
      const carried: Carried = { claim, settled: false };
      try {
        const found = await work;
        if (found) {
          key = dueKey(found.due);
          this.carried.set(key, carried);
          await run(found);
        } else logger.warn({ job_id: job.id }, 'a webhook job of an unknown shape was dropped');
        // Not settled by its attempt (nothing to attempt, or a duplicate): completed on its own.
        if (!carried.settled) await this.settle({ claim });
      } catch {
        // The attempt's outcome could not be stored: the job runs again (the attempt with it).
        await this.boss
          .fail(WEBHOOKS_QUEUE, claim)
          .catch((error: unknown) =>
            logger.warn({ err: error, job_id: job.id }, 'a webhook job could not be settled'),
          );
      } finally {
        if (key !== undefined && this.carried.get(key) === carried) this.carried.delete(key);
        this.held.delete(job.id);
        this.wakeUp();
      }
    };
    const poll = async (): Promise<void> => {
      while (!this.stopped) {
        this.polls.begin();
        const free = concurrency - this.held.size;
        if (free > 0) {
          let fetched = 0;
          try {
            const jobs = await this.boss.fetch<unknown>(WEBHOOKS_QUEUE, { batchSize: free });
            fetched = jobs.length;
            if (jobs.length > 0) {
              const dues = jobs.map((job) => dueAttempt.safeParse(job.data).data);
              const found = this.load(dues.filter((due) => due !== undefined));
              found.catch(() => {}); // each job's run sees the failure
              jobs.forEach((job, n) => {
                const due = dues[n];
                void runJob(job, due ? found.then((works) => works(due)) : Promise.resolve(undefined));
              });
            }
          } catch (error) {
            logger.warn({ err: error }, 'the webhook queue could not be polled');
          }
          if ((fetched > 0 && this.held.size < concurrency) || this.polls.wasWoken) continue;
        }
        await this.polls.sleep(POLLING_MS);
      }
    };
    // Relays what is owed as soon as this replica committed it (relayNow), and sweeps for the rest.
    const relay = async (): Promise<void> => {
      while (!this.stopped) {
        this.sweeps.begin();
        try {
          while (!this.stopped && (await this.relay(plan)) === RELAY_BATCH);
        } catch (error) {
          logger.warn({ err: error }, 'owed webhook events could not be relayed');
        }
        await this.sweeps.sleep(SWEEP_MS);
      }
    };
    this.heartbeat = setInterval(
      () => {
        if (this.held.size === 0) return;
        this.boss
          .touch(WEBHOOKS_QUEUE, [...this.held.values()])
          .catch((error: unknown) =>
            logger.warn({ err: error }, 'the running webhook jobs could not be touched'),
          );
      },
      (HEARTBEAT_SECONDS * 1000) / 2,
    );
    this.polling = poll();
    this.relaying = relay();
    this.pruning = setInterval(() => {
      this.prune(Date.now() - this.options.retentionMs).catch((error: unknown) =>
        logger.warn({ err: error }, 'old webhook deliveries could not be deleted'),
      );
    }, PRUNE_EVERY_MS);
    this.pruning.unref();
  }

  /**
   * The deliveries of fetched attempts with their endpoints, in one statement: what each attempt
   * needs, or undefined for a delivery gone with its endpoint.
   */
  private async load(dues: readonly Store.DueAttempt[]): Promise<(due: Store.DueAttempt) => Store.DueWork> {
    const { rows } = await this.db.query<
      DeliveryRow & Omit<EndpointRow, 'id' | 'created_at'> & { endpoint_created_at: Date }
    >(
      `SELECT ${DELIVERY_COLUMNS.split(', ')
        .map((column) => `d.${column}`)
        .join(', ')},
              e.owner, e.url, e.events, e.description, e.secret, e.created_at AS endpoint_created_at, e.disabled_at
         FROM semker_webhook_deliveries d JOIN semker_webhook_endpoints e ON e.id = d.endpoint_id
        WHERE d.id = ANY ($1::text[])`,
      [dues.map((due) => due.deliveryId)],
    );
    const found = new Map(
      rows.map((row) => [
        row.id,
        {
          delivery: toDelivery(row),
          endpoint: toEndpoint({ ...row, id: row.endpoint_id, created_at: row.endpoint_created_at }),
        },
      ]),
    );
    return (due) => ({ due, delivery: undefined, endpoint: undefined, ...found.get(due.deliveryId) });
  }

  /** Deletes the delivered and failed deliveries created before `before`; returns how many. */
  async prune(before: number): Promise<number> {
    const { rowCount } = await this.db.query(
      `DELETE FROM semker_webhook_deliveries WHERE status <> 'pending' AND created_at < $1`,
      [new Date(before)],
    );
    return rowCount ?? 0;
  }

  async close(): Promise<void> {
    this.stopped = true;
    this.wakeUp();
    this.sweeps.wakeUp();
    await Promise.all([this.polling, this.relaying]);
    clearInterval(this.heartbeat);
    clearInterval(this.pruning);
  }

  /** Ends the poller's wait: a slot came free, or this replica queued an attempt due now. */
  private wakeUp(): void {
    this.polls.wakeUp();
  }

  /** Inserts the jobs of attempts on the transaction's client: they commit with the rows. */
  private async schedule(
    client: pg.PoolClient,
    attempts: ReadonlyArray<{ due: Store.DueAttempt; at: number | null }>,
  ): Promise<void> {
    await this.boss.insert(
      WEBHOOKS_QUEUE,
      attempts.map(({ due, at }) => ({ data: due, startAfter: new Date(at ?? Date.now()) })),
      { db: this.on(client) },
    );
  }

  /** pg-boss's statements on the transaction's client: they commit or roll back with its own. */
  private on(client: pg.PoolClient): {
    executeSql(text: string, values?: unknown[]): Promise<pg.QueryResult>;
  } {
    return { executeSql: (text, values) => client.query(this.db.statement(text, values)) };
  }
}
