import { propagation, ROOT_CONTEXT } from '@opentelemetry/api';
import type { Job, JobAttempt, PgBoss } from 'pg-boss';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Database } from './database.ts';
import { GroupCommit } from './group-commit.ts';
import type { PgMessageStore, Refusal } from './pg-message-store.ts';
import type { NewUpdate, StoredMessage, Update } from '../message-store.ts';
import type { MessageQueue } from '../message-queue.ts';
import { QueueFullError, QueueShareFullError } from '../../core/errors.ts';

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
  share: number;
  concurrency: number;
  takeoverMs: number;
  messageTimeoutMs: number;
  logger: Logger;
}): MessageQueue & { install(): Promise<void> } {
  const { boss, db, store, logger } = options;
  const timing = queueTiming(options.takeoverMs);
  let running = 0;
  /** The jobs running here, by id: the claims the heartbeat refreshes. */
  const held = new Map<string, JobAttempt>();
  let stopped = false;
  /** Ends the poll loop's wait: a slot came free, a message was submitted, or taking stopped. */
  let wake: (() => void) | undefined;
  /** Set by a wake that came while the loop was fetching: it fetches again rather than wait. */
  let woken = false;
  const wakeUp = (): void => {
    woken = true;
    wake?.();
  };
  let polling: Promise<void> | undefined;
  let heartbeat: NodeJS.Timeout | undefined;
  /** Jobs that end together are completed together (each fenced to the attempt this replica holds). */
  const completions = new GroupCommit<JobAttempt, void>(
    async (jobs) => {
      await boss.complete(MESSAGES_QUEUE, [...jobs]);
      return jobs.map(() => undefined);
    },
    { maxBatch: 100 },
  );
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
    Update | Refusal
  >(
    (entries) =>
      db.transaction(async (client) => {
        const recorded = await store.insertAll(client, entries);
        const jobs = entries
          .filter((_, i) => typeof recorded[i] === 'object')
          .map(({ data }) => ({ data, singletonKey: data.conversationId }));
        if (jobs.length > 0) {
          // The jobs go in on the accepting transaction's client (pg-boss runs SQL through `db`).
          await boss.insert(MESSAGES_QUEUE, jobs, {
            db: { executeSql: (text, values) => client.query(db.statement(text, values)) },
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
      if (recorded === 'share') throw new QueueShareFullError(options.share);
      if (recorded === 'capacity') throw new QueueFullError(options.capacity);
      // Committed: this replica's poller fetches now if it has a free slot (others find it when they poll).
      wakeUp();
      return recorded;
    },
    async start(run) {
      const runJob = async (job: Job<unknown>): Promise<void> => {
        const attempt: JobAttempt = { id: job.id, retryCount: job.retryCount };
        held.set(job.id, attempt);
        running++;
        let settled: Promise<unknown>;
        try {
          const parsed = jobData.safeParse(job.data);
          if (parsed.success) {
            const { messageId, conversationId, trace } = parsed.data;
            await run({ messageId, conversationId, origin: propagation.extract(ROOT_CONTEXT, trace) });
          } else {
            logger.error({ job_id: job.id }, 'a queued job of an unknown shape was dropped');
          }
          settled = completions.submit(attempt);
        } catch {
          // Handed back at shutdown, or its outcome could not be stored: the queue runs it again.
          settled = boss.fail(MESSAGES_QUEUE, attempt);
        } finally {
          held.delete(job.id);
          wakeUp();
        }
        // Counted as running until settled, so a shutdown waits for the settling too.
        await settled.catch((error: unknown) =>
          logger.warn(
            { err: error, job_id: job.id },
            'a job could not be settled; it runs again once its heartbeat is stale',
          ),
        );
        running--;
        settleIfIdle();
      };
      /**
       * One poller per replica, fetching as many jobs as there are free slots in one statement; each
       * job runs on its own and the next fetch comes as soon as a slot frees. Hand-written over
       * pg-boss's fetch, complete, fail and touch rather than its work(): work() fetches and completes
       * once per job per poller (one registration per slot, to keep slots independent), or, with a
       * batchSize, fetches again only when a whole batch has ended, so free slots wait
       * (docs/performance.md). The heartbeat refreshes every held claim in one statement.
       */
      const poll = async (): Promise<void> => {
        while (!stopped) {
          const free = options.concurrency - held.size;
          if (free > 0) {
            woken = false;
            let fetched = 0;
            try {
              const jobs = await boss.fetch<unknown>(MESSAGES_QUEUE, { batchSize: free });
              fetched = jobs.length;
              for (const job of jobs) void runJob(job);
            } catch (error) {
              logger.warn({ err: error }, 'the job queue could not be polled');
            }
            // Slots left after jobs came (more may wait), or a wake during the fetch: look again.
            if ((fetched > 0 && held.size < options.concurrency) || woken) continue;
          }
          // No slot, or nothing to take: until a slot frees, a message comes, or the interval passes.
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, timing.pollingSeconds * 1000);
            wake = () => {
              clearTimeout(timer);
              resolve();
            };
          });
          wake = undefined;
        }
      };
      heartbeat = setInterval(
        () => {
          if (held.size === 0) return;
          boss
            .touch(MESSAGES_QUEUE, [...held.values()])
            .catch((error: unknown) => logger.warn({ err: error }, 'the running jobs could not be touched'));
        },
        (timing.heartbeatSeconds * 1000) / 2,
      );
      polling = poll();
    },
    async stopTaking() {
      // Jobs still running keep their heartbeat until close: another replica must not take them.
      stopped = true;
      wakeUp();
      await polling;
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
    async close() {
      stopped = true;
      wakeUp();
      await polling;
      clearInterval(heartbeat);
    },
  };
}
