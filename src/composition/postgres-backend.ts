import { ExponentialBackoff, handleAll, retry } from 'cockatiel';
import { PgBoss } from 'pg-boss';
import type { Logger } from 'pino';
import type { Config, DatabaseConfig } from '../config/config.ts';
import { FAILURE_KINDS } from '../core/failures.ts';
import { createPgBossQueue, FINISHED_JOB_SECONDS, queueTiming } from '../store/postgres/pg-boss-queue.ts';
import type { Backend } from './backend.ts';
import { createDatabase } from '../store/postgres/database.ts';
import { migrate } from '../store/postgres/migrate.ts';
import { PgConversationStore } from '../store/postgres/pg-conversation-store.ts';
import { PgIdempotencyStore } from '../store/postgres/pg-idempotency-store.ts';
import { PgMessageStore } from '../store/postgres/pg-message-store.ts';
import { PgTicketStore } from '../store/postgres/pg-ticket-store.ts';
import { PgRateLimitStore } from '../store/postgres/pg-rate-limit-store.ts';
import { createPgUpdateFeed } from '../store/postgres/pg-update-feed.ts';
import { RETENTION_QUEUE, runRetention } from '../store/postgres/retention.ts';
import { PgAccountStore } from '../store/postgres/pg-account-store.ts';
import { demoAccounts } from '../domains/accounts.ts';
import { PgActionStore } from '../actions/pg-action-store.ts';
import { PgWebhookStore } from '../webhooks/pg-webhook-store.ts';

/** pg-boss's tables live in their own schema, beside the service's tables in the default one. */
export const PG_BOSS_SCHEMA = 'pgboss';

/** An in-flight Idempotency-Key claim older than this belonged to a request that never finished. */
const IDEMPOTENCY_LEASE_MS = 30_000;

/** The pg-boss instance over the service's own pool (no second pool: the connection budget is one pool per replica). */
export function createBoss(db: ReturnType<typeof createDatabase>, takeoverMs: number): PgBoss {
  const timing = queueTiming(takeoverMs);
  return new PgBoss({
    db: { executeSql: (text, values) => db.pool.query(db.statement(text, values)) },
    schema: PG_BOSS_SCHEMA,
    superviseIntervalSeconds: timing.monitorSeconds,
    monitorIntervalSeconds: timing.monitorSeconds,
    // Deletes the finished jobs (FINISHED_JOB_SECONDS) as often: by default pg-boss does it once a
    // day, and a busy queue's table would hold a day of messages.
    maintenanceIntervalSeconds: timing.monitorSeconds,
    // The service traces messages itself (one trace from the request through the worker).
    openTelemetry: { enabled: false },
  });
}

/**
 * The PostgreSQL backend: messages, updates, conversations, Idempotency-Keys and rate-limit counters
 * in the service's tables, the work queue in pg-boss's, live updates over LISTEN/NOTIFY. Start-up
 * connects, migrates (under an advisory lock) and starts pg-boss, retrying with backoff while the
 * database is unreachable; meanwhile /ready says `starting` and requests are 503s.
 */
export function createPostgresBackend(config: Config, database: DatabaseConfig, logger: Logger): Backend {
  const db = createDatabase({ url: database.url, poolSize: database.poolSize, logger });
  const messages = new PgMessageStore(db, {
    capacity: config.worker.queueCapacity,
    share: config.worker.queueOwnerShare,
    maxTurns: config.conversations.maxTurns,
  });
  const conversations = new PgConversationStore(db, {
    maxTurns: config.conversations.maxTurns,
    ttlMs: config.conversations.ttlMs,
  });
  const updates = createPgUpdateFeed({ url: database.url, logger });
  const boss = createBoss(db, database.takeoverMs);
  // pg-boss reports failed polls and maintenance (an outage) as events; unhandled, an 'error' event throws.
  boss.on('error', (error) => logger.warn({ err: error }, 'the job queue reported an error'));
  const queue = createPgBossQueue({
    boss,
    db,
    store: messages,
    capacity: config.worker.queueCapacity,
    share: config.worker.queueOwnerShare,
    concurrency: config.worker.concurrency,
    takeoverMs: database.takeoverMs,
    messageTimeoutMs: config.worker.messageTimeoutMs,
    logger,
  });
  const accounts = new PgAccountStore(db);
  const webhooks = new PgWebhookStore(db, boss, {
    timeoutMs: config.webhooks.timeoutMs,
    retentionMs: database.retentionMs,
    logger,
  });
  const stop = new AbortController();
  let started = false;
  let retentionTimer: NodeJS.Timeout | undefined;

  const startOnce = async (): Promise<void> => {
    await migrate(db.pool, logger);
    await accounts.seed(demoAccounts(config.customers.demoCustomers));
    await boss.start();
    await queue.install();
    await webhooks.install();
    // singleton: one pass active at a time, even when a pass outlasts the interval. A database from
    // an earlier version keeps its queue: its settings are brought up to date.
    const retentionSettings = { retryLimit: 0, deleteAfterSeconds: FINISHED_JOB_SECONDS };
    if (await boss.getQueue(RETENTION_QUEUE)) await boss.updateQueue(RETENTION_QUEUE, retentionSettings);
    else await boss.createQueue(RETENTION_QUEUE, { policy: 'singleton', ...retentionSettings });
    const interval = database.retentionIntervalSeconds;
    if (interval === undefined) {
      // pg-boss's scheduler makes one job of each occurrence (every minute by default), which one
      // replica takes: one pass at a time, whatever the number of replicas.
      await boss.schedule(RETENTION_QUEUE, database.retentionCron);
    } else {
      // pg-boss's schedules resolve to the minute; a shorter interval is kept by each replica
      // offering a job every interval, which pg-boss's throttle turns into one job per interval
      // across the replicas.
      await boss.unschedule(RETENTION_QUEUE);
    }
    await boss.work(RETENTION_QUEUE, { pollingIntervalSeconds: 1 }, async () => {
      await runRetention({
        db,
        store: messages,
        boss,
        logger,
        settings: {
          maxMessages: config.worker.retention,
          maxAgeMs: database.retentionMs,
          conversationTtlMs: config.conversations.ttlMs,
          strandedAfterMs: config.worker.messageTimeoutMs + database.takeoverMs + 60_000,
          strandedReason: FAILURE_KINDS.deadline_exceeded.customerText(undefined),
        },
      });
    });
    if (interval !== undefined) {
      const offer = (): void => {
        boss.sendThrottled(RETENTION_QUEUE, null, null, interval).catch((error: unknown) => {
          logger.warn({ err: error }, 'the retention job could not be queued');
        });
      };
      offer();
      retentionTimer = setInterval(offer, interval * 1000).unref();
    }
  };

  return {
    kind: 'postgres',
    messages,
    conversations,
    queue,
    updates,
    tickets: new PgTicketStore(db),
    accounts,
    actions: new PgActionStore(db),
    idempotency: new PgIdempotencyStore(db, {
      ttlMs: config.idempotency.ttlMs,
      leaseMs: IDEMPOTENCY_LEASE_MS,
    }),
    rateLimitStore: new PgRateLimitStore(db),
    webhooks,
    recorded: () => {},
    async start() {
      updates.start();
      const policy = retry(handleAll, {
        maxAttempts: Number.MAX_SAFE_INTEGER,
        backoff: new ExponentialBackoff({ initialDelay: 250, maxDelay: 10_000 }),
      });
      policy.onRetry(({ delay }) =>
        logger.warn({ retry_in_ms: Math.round(delay) }, 'the database is not reachable yet; retrying'),
      );
      policy.onFailure(({ reason }) => {
        if ('error' in reason) logger.warn({ err: reason.error }, 'database start-up attempt failed');
      });
      await policy.execute(() => startOnce(), stop.signal);
      started = true;
      logger.info({ pool_size: database.poolSize }, 'database ready');
    },
    async check() {
      if (!started) return 'starting';
      try {
        await db.query('SELECT 1');
        return updates.listening ? 'ok' : 'unavailable';
      } catch {
        return 'unavailable';
      }
    },
    async close() {
      stop.abort();
      clearInterval(retentionTimer);
      // The processor has drained or handed its messages back; stop polling and maintenance.
      await queue.close();
      await boss.stop({ graceful: true, timeout: 5000, close: false }).catch(() => {});
      await updates.close();
      await db.close();
    },
  };
}
