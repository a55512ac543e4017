import { propagation, ROOT_CONTEXT } from '@opentelemetry/api';
import type { Job, PgBoss } from 'pg-boss';
import type pg from 'pg';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Database } from './database.ts';
import { GroupCommit } from './group-commit.ts';
import type { PgMessageStore } from './pg-message-store.ts';
import type { NewUpdate, StoredMessage, Update } from '../message-store.ts';
import { queueFullError, type MessageQueue, type QueuedJob } from '../../processing/message-queue.ts';

/** The pg-boss queue every replica's worker takes messages from. */
export const MESSAGES_QUEUE = 'semker-messages';

/**
 * A finished job is deleted by pg-boss's next maintenance pass (every monitorSeconds): nothing reads
 * it (the message's row and updates hold the outcome), and kept for hours a busy queue's table would
 * grow by every message of those hours. A failed job goes too, so it no longer holds back its
 * conversation (key_strict_fifo counts failed jobs as holding their key).
 */
export const FINISHED_JOB_SECONDS = 1;

/** A job's data: ids and the W3C trace context of the accepting request, nothing else. */
const jobData = z.object({
  messageId: z.string(),
  conversationId: z.string(),
  trace: z.record(z.string(), z.string()).default({}),
});
type JobData = z.infer<typeof jobData>;

/** pg-boss runs its statements through this: the service's own pool, or one transaction's client. */
const adapter = (run: (text: string, values?: unknown[]) => Promise<pg.QueryResult>) => ({
  executeSql: (text: string, values?: unknown[]) => run(text, values),
});

/**
 * The queue's timing, from MESSAGE_TAKEOVER_MS: a replica that dies stops its jobs' heartbeats;
 * the monitor of a live replica finds a heartbeat older than `heartbeatSeconds` within
 * `monitorSeconds` and retries the job at once, and a worker polling every `pollingSeconds` takes
 * it. heartbeat + monitor + polling stays under the takeover time (pg-boss's heartbeat is ≥ 10 s).
 */
export function queueTiming(takeoverMs: number): {
  heartbeatSeconds: number;
  monitorSeconds: number;
  pollingSeconds: number;
} {
  const takeover = takeoverMs / 1000;
  const pollingSeconds = 0.5;
  const heartbeatSeconds = Math.max(10, Math.floor(takeover / 2));
  const monitorSeconds = Math.max(1, Math.floor(takeover - heartbeatSeconds - pollingSeconds - 1));
  return { heartbeatSeconds, monitorSeconds, pollingSeconds };
}

/**
 * The work queue in PostgreSQL on pg-boss: every replica takes from it, at most WORKER_CONCURRENCY
 * at once each. Ordering uses pg-boss's `key_strict_fifo` policy keyed by conversation: a unique
 * index lets one job per conversation be active (or awaiting retry) at a time, and only the oldest
 * is fetchable — strict, even with replicas fetching at the same instant. (Queue groups with
 * `groupConcurrency: 1` cap a group by counting its active jobs in each fetch's snapshot, so two
 * fetches at the same moment can both start a job of one group: docs/deployment.md.) A job whose
 * replica died loses its heartbeat and is retried by another replica; the processor skips a
 * message already final, so an outcome is recorded once.
 */
export function createPgBossQueue(options: {
  boss: PgBoss;
  db: Database;
  store: PgMessageStore;
  capacity: number;
  concurrency: number;
  takeoverMs: number;
  messageTimeoutMs: number;
  logger: Logger;
}): MessageQueue & { install(): Promise<void> } {
  const { boss, db, store, logger } = options;
  const timing = queueTiming(options.takeoverMs);
  let running = 0;
  const workerIds: string[] = [];
  /** Registered pollers not running a job now: a submit wakes one of them. */
  const idle = new Set<string>();
  let stopped = false;
  let idleWaiters: Array<() => void> = [];
  const settleIfIdle = (): void => {
    if (running !== 0) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const resolve of waiters) resolve();
  };

  /**
   * Messages accepted together are stored and queued together: their rows, their first updates and
   * their jobs commit in one transaction (nothing is accepted that is not both stored and queued), one
   * per batch rather than per message. One message per conversation in a batch: jobs inserted by one
   * statement share their creation time, and a conversation's jobs must keep their order.
   */
  const accepts = new GroupCommit<
    { message: StoredMessage; first: NewUpdate; data: JobData },
    Update | undefined
  >(
    (entries) =>
      db.transaction(async (client) => {
        const recorded = await store.insertAll(client, entries);
        const jobs = entries
          .filter((_, i) => recorded[i])
          .map(({ data }) => ({ data, singletonKey: data.conversationId }));
        if (jobs.length > 0) {
          await boss.insert(MESSAGES_QUEUE, jobs, {
            db: adapter((text, values) => client.query(db.statement(text, values))),
          });
        }
        return recorded;
      }),
    { maxBatch: 100, keyOf: ({ data }) => data.conversationId },
  );

  return {
    durable: true,
    // The backlog is every replica's and lives in the database; /health's queue_depth would cost a
    // count per probe, so this replica reports none (QUEUE_CAPACITY is checked at each POST).
    depth: 0,
    get inFlight() {
      return running;
    },
    async install() {
      const settings = {
        policy: 'key_strict_fifo',
        heartbeatSeconds: timing.heartbeatSeconds,
        // Backstop only: the deadline (from acceptance) ends a message long before this.
        expireInSeconds: Math.ceil(options.messageTimeoutMs / 1000) + 60,
        // Retries are takeovers, hand-backs at shutdown and database outages: many, spaced out.
        // A job that still runs out of them is failed, and the retention job clears it.
        retryLimit: 100,
        retryDelay: 1,
        retryBackoff: true,
        retryDelayMax: 10,
        deleteAfterSeconds: FINISHED_JOB_SECONDS,
      } as const;
      if (await boss.getQueue(MESSAGES_QUEUE)) {
        const { policy: _policy, ...changeable } = settings;
        await boss.updateQueue(MESSAGES_QUEUE, changeable);
      } else {
        await boss.createQueue(MESSAGES_QUEUE, settings);
      }
    },
    async submit(message, first, job) {
      const carrier: Record<string, string> = {};
      if (job.origin) propagation.inject(job.origin, carrier);
      const data: JobData = { messageId: job.messageId, conversationId: job.conversationId, trace: carrier };
      const recorded = await accepts.submit({ message, first, data });
      if (!recorded) throw queueFullError(options.capacity);
      // Committed: an idle poller of this replica fetches now (others find it when they poll).
      // Taken in turn (moved to the back), so posts in quick succession wake different pollers.
      const poller = idle.values().next().value;
      if (poller) {
        idle.delete(poller);
        idle.add(poller);
        boss.notifyWorker(poller);
      }
      return recorded;
    },
    async start(run) {
      const handler =
        (id: () => string | undefined) =>
        async ([job]: Job<unknown>[]) => {
          if (!job) return;
          const parsed = jobData.safeParse(job.data);
          if (!parsed.success) {
            logger.error({ job_id: job.id }, 'a queued job of an unknown shape was dropped');
            return;
          }
          const { messageId, conversationId, trace } = parsed.data;
          const queued: QueuedJob = {
            messageId,
            conversationId,
            origin: propagation.extract(ROOT_CONTEXT, trace),
          };
          const worker = id();
          if (worker) idle.delete(worker);
          running++;
          try {
            await run(queued);
          } finally {
            running--;
            if (worker && !stopped) idle.add(worker);
            settleIfIdle();
          }
        };
      // One registration per slot rather than one with localConcurrency: each has its own id, so a
      // submit can wake one idle poller (notifyWorker) instead of waiting out its polling interval;
      // pg-boss's author recommends several workers for concurrency (timgit/pg-boss#659).
      for (let slot = 0; slot < options.concurrency; slot++) {
        const id: string = await boss.work(
          MESSAGES_QUEUE,
          { batchSize: 1, pollingIntervalSeconds: timing.pollingSeconds },
          handler(() => id),
        );
        workerIds.push(id);
        idle.add(id);
      }
    },
    async stopTaking() {
      stopped = true;
      idle.clear();
      await Promise.all(workerIds.map((id) => boss.offWork(MESSAGES_QUEUE, { id, wait: false })));
    },
    takeWaiting: () => [],
    onIdle() {
      if (running === 0) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
    async settled() {
      // Other replicas' work is only visible in the database: poll it, every 50 ms.
      for (;;) {
        const { rows } = await db.query('SELECT 1 FROM semker_messages WHERE completed_at IS NULL LIMIT 1');
        if (rows.length === 0 && running === 0) return;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    close: () => Promise.resolve(),
  };
}
