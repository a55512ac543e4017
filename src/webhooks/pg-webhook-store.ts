import type pg from 'pg';
import type { Job, JobAttempt, PgBoss } from 'pg-boss';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Database } from '../store/postgres/database.ts';
import type { WebhookEventType } from './events.ts';
import { owedEvent } from './owed.ts';
import type {
  AttemptOutcome,
  Delivery,
  DueAttempt,
  PlanDeliveries,
  WebhookEndpoint,
  WebhookStore,
} from './webhook-store.ts';

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

/** A running attempt's job is touched this often; pg-boss hands it to another replica after 10 s without. */
const HEARTBEAT_SECONDS = 10;

const dueAttempt = z.object({ deliveryId: z.string(), attempts: z.number().int().nonnegative() });

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
  status: Delivery['status'];
  attempts: number;
  round_attempts: number;
  last_response_status: number | null;
  next_attempt_at: Date | null;
  created_at: Date;
}

const toEndpoint = (row: EndpointRow): WebhookEndpoint => ({
  id: row.id,
  owner: row.owner,
  url: row.url,
  events: row.events as WebhookEventType[],
  description: row.description,
  secret: row.secret,
  createdAt: row.created_at.getTime(),
  disabledAt: row.disabled_at?.getTime() ?? null,
});

const toDelivery = (row: DeliveryRow): Delivery => ({
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
export class PgWebhookStore implements WebhookStore {
  readonly owesEvents = true;
  /** The jobs running here: the claims the heartbeat refreshes. */
  private readonly held = new Map<string, JobAttempt>();
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

  async createEndpoint(e: WebhookEndpoint): Promise<void> {
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

  async getEndpoint(id: string): Promise<WebhookEndpoint | undefined> {
    const { rows } = await this.db.query<EndpointRow>(
      `SELECT ${ENDPOINT_COLUMNS} FROM semker_webhook_endpoints WHERE id = $1`,
      [id],
    );
    return rows[0] && toEndpoint(rows[0]);
  }

  async listEndpoints({ owner }: { owner?: string | null }): Promise<WebhookEndpoint[]> {
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

  async subscribers(owner: string | null, type: WebhookEventType): Promise<WebhookEndpoint[]> {
    const { rows } = await this.db.query<EndpointRow>(
      `SELECT ${ENDPOINT_COLUMNS} FROM semker_webhook_endpoints
        WHERE owner IS NOT DISTINCT FROM $1 AND $2 = ANY (events) AND disabled_at IS NULL ORDER BY seq`,
      [owner, type],
    );
    return rows.map(toEndpoint);
  }

  async addDeliveries(deliveries: readonly Delivery[]): Promise<void> {
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
  async relay(plan: PlanDeliveries, limit = RELAY_BATCH): Promise<number> {
    const { logger } = this.options;
    const relayed = await this.db.transaction(async (client) => {
      const { rows } = await client.query<OwedRow>(
        this.db.statement(
          `SELECT seq, event_id, type, owner, subject FROM semker_webhook_outbox
            ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED`,
          [limit],
        ),
      );
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
      await client.query(
        this.db.statement('DELETE FROM semker_webhook_outbox WHERE seq = ANY ($1::bigint[])', [
          rows.map((row) => row.seq),
        ]),
      );
      return { taken: rows.length, deliveries };
    });
    if (!relayed) return 0;
    this.wakeIfDue(relayed.deliveries);
    return relayed.taken;
  }

  /** Inserts deliveries and the jobs of their first attempts on the transaction's client. */
  private async insertDeliveries(client: pg.PoolClient, deliveries: readonly Delivery[]): Promise<void> {
    if (deliveries.length === 0) return;
    await client.query(
      this.db.statement(
        `INSERT INTO semker_webhook_deliveries (${DELIVERY_COLUMNS})
         SELECT ${DELIVERY_COLUMNS} FROM jsonb_to_recordset($1::jsonb) AS d (
           n integer, id text, endpoint_id text, event_id text, event_type text, payload text,
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
              payload: d.payload,
              status: d.status,
              attempts: d.attempts,
              round_attempts: d.roundAttempts,
              last_response_status: d.lastResponseStatus,
              next_attempt_at: d.nextAttemptAt === null ? null : new Date(d.nextAttemptAt).toISOString(),
              created_at: new Date(d.createdAt).toISOString(),
            })),
          ),
        ],
      ),
    );
    await this.schedule(
      client,
      deliveries.map((d) => ({ due: { deliveryId: d.id, attempts: d.attempts }, at: d.nextAttemptAt })),
    );
  }

  /** Committed: this replica's poller fetches at once if a slot is free (others find it when they poll). */
  private wakeIfDue(deliveries: readonly Delivery[]): void {
    if (deliveries.some((d) => (d.nextAttemptAt ?? 0) <= Date.now())) this.wakeUp();
  }

  async getDelivery(id: string): Promise<Delivery | undefined> {
    const { rows } = await this.db.query<DeliveryRow>(
      `SELECT ${DELIVERY_COLUMNS} FROM semker_webhook_deliveries WHERE id = $1`,
      [id],
    );
    return rows[0] && toDelivery(rows[0]);
  }

  async listDeliveries(endpointId: string, limit: number): Promise<Delivery[]> {
    const { rows } = await this.db.query<DeliveryRow>(
      `SELECT ${DELIVERY_COLUMNS} FROM semker_webhook_deliveries
        WHERE endpoint_id = $1 ORDER BY seq DESC LIMIT $2`,
      [endpointId, limit],
    );
    return rows.map(toDelivery);
  }

  async recordAttempt(due: DueAttempt, outcome: AttemptOutcome): Promise<boolean> {
    return this.db.transaction(async (client) => {
      const { rowCount } = await client.query(
        this.db.statement(
          `UPDATE semker_webhook_deliveries
              SET status = $3, last_response_status = $4, next_attempt_at = $5,
                  attempts = attempts + 1, round_attempts = round_attempts + 1
            WHERE id = $1 AND attempts = $2`,
          [
            due.deliveryId,
            due.attempts,
            outcome.status,
            outcome.lastResponseStatus,
            outcome.nextAttemptAt === null ? null : new Date(outcome.nextAttemptAt),
          ],
        ),
      );
      if ((rowCount ?? 0) === 0) return false;
      if (outcome.status === 'pending') {
        await this.schedule(client, [
          { due: { deliveryId: due.deliveryId, attempts: due.attempts + 1 }, at: outcome.nextAttemptAt },
        ]);
      }
      return true;
    });
  }

  async restart(id: string, at: number): Promise<Delivery | undefined> {
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

  async postpone(due: DueAttempt, at: number): Promise<void> {
    await this.db.transaction((client) => this.schedule(client, [{ due, at }]));
  }

  /**
   * One poller, fetching as many due attempts as there are free slots; each runs on its own, so a
   * receiver that hangs holds only the slots of its own attempts, and the next fetch comes as soon
   * as a slot frees. Hand-written over pg-boss's fetch, complete, fail and touch for the reason the
   * message queue is (pg-boss-queue.ts): work() with a batch fetches again only once the whole
   * batch ended, and one registration per slot polls once per slot.
   */
  async start(
    run: (due: DueAttempt) => Promise<void>,
    concurrency: number,
    plan: PlanDeliveries,
  ): Promise<void> {
    const { logger } = this.options;
    const runJob = async (job: Job<unknown>): Promise<void> => {
      const claim: JobAttempt = { id: job.id, retryCount: job.retryCount };
      this.held.set(job.id, claim);
      try {
        const parsed = dueAttempt.safeParse(job.data);
        if (parsed.success) await run(parsed.data);
        else logger.warn({ job_id: job.id }, 'a webhook job of an unknown shape was dropped');
        await this.boss.complete(WEBHOOKS_QUEUE, claim);
      } catch {
        // The attempt's outcome could not be stored: the job runs again (the attempt with it).
        await this.boss
          .fail(WEBHOOKS_QUEUE, claim)
          .catch((error: unknown) =>
            logger.warn({ err: error, job_id: job.id }, 'a webhook job could not be settled'),
          );
      } finally {
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
            for (const job of jobs) void runJob(job);
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
    attempts: ReadonlyArray<{ due: DueAttempt; at: number | null }>,
  ): Promise<void> {
    await this.boss.insert(
      WEBHOOKS_QUEUE,
      attempts.map(({ due, at }) => ({ data: due, startAfter: new Date(at ?? Date.now()) })),
      { db: { executeSql: (text, values) => client.query(this.db.statement(text, values)) } },
    );
  }
}
