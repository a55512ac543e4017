import type { Context } from '@opentelemetry/api';
import { QueueFullError, QueueShareFullError } from '../core/errors.ts';
import type { MessageStore, NewUpdate, StoredMessage, Update } from './message-store.ts';
import { WorkQueue } from './work-queue.ts';

/** A message's place in the queue: which message, in which conversation, from which trace. */
export interface QueuedJob {
  readonly messageId: string;
  readonly conversationId: string;
  /**
   * The trace context of the request that accepted it: the worker's span continues that trace. A
   * durable queue carries it across processes as W3C trace context.
   */
  readonly origin?: Context;
}

/**
 * The work queue, as the processor sees it: in one process (WorkQueue) or in PostgreSQL (pg-boss),
 * shared by every replica. Either way a conversation's messages run one at a time in the order they
 * were accepted, and at most WORKER_CONCURRENCY run at once in this process.
 */
export interface MessageQueue {
  /**
   * True when queued messages outlive this process (another replica or the next start takes them):
   * then a shutdown hands unfinished messages back instead of failing them.
   */
  readonly durable: boolean;
  /** Messages waiting, as far as this process knows. */
  readonly depth: number;
  /** Messages running in this process. */
  readonly inFlight: number;
  /**
   * Stores the message with its first update and queues it, all or nothing. Throws
   * QueueFullError when the backlog is at QUEUE_CAPACITY, and QueueShareFullError when the sender's
   * waiting messages are at their share (QUEUE_OWNER_SHARE).
   */
  submit(message: StoredMessage, first: NewUpdate, job: QueuedJob): Promise<Update>;
  /** Starts running jobs with `run`; a job whose `run` rejects is run again (durable queues). */
  start(run: (job: QueuedJob) => Promise<void>): Promise<void>;
  /** Stops taking jobs; those not started stay queued (durable) or can be taken with takeWaiting. */
  stopTaking(): Promise<void>;
  /** Removes and returns the jobs this process holds that have not started (none when durable). */
  takeWaiting(): QueuedJob[];
  /** Resolves once nothing runs here and (in memory) nothing waits. */
  onIdle(): Promise<void>;
  /** Resolves once no message waits or runs anywhere (every replica's included): for tests and benchmarks. */
  settled(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Whose share of the queue a message counts against (QUEUE_OWNER_SHARE): the owner of the API key
 * that posted it. Null (the API open, without keys) counts against no share, only the capacity.
 * The one place that decides it: both backends store and count what it answers.
 */
export const shareKeyOf = (message: Pick<StoredMessage, 'owner'>): string | null => message.owner;

/** The in-process queue: the message store in memory and a WorkQueue keyed by conversation. */
export function createInMemoryMessageQueue(options: {
  store: MessageStore;
  capacity: number;
  /** Messages one share key may have waiting at once. */
  share: number;
  concurrency: number;
}): MessageQueue {
  let runner: ((job: QueuedJob) => Promise<void>) | undefined;
  /** Waiting messages by share key; a key leaves the map at zero. */
  const waiting = new Map<string, number>();
  const leave = (share: string | null): void => {
    if (share === null) return;
    const count = (waiting.get(share) ?? 1) - 1;
    if (count > 0) waiting.set(share, count);
    else waiting.delete(share);
  };
  const queue = new WorkQueue<QueuedJob & { key: string; share: string | null }>({
    capacity: options.capacity,
    concurrency: options.concurrency,
    run: (job) => {
      leave(job.share);
      return runner ? runner(job) : Promise.resolve();
    },
  });
  return {
    durable: false,
    get depth() {
      return queue.depth;
    },
    get inFlight() {
      return queue.inFlight;
    },
    async submit(message, first, job) {
      const share = options.share < options.capacity ? shareKeyOf(message) : null;
      if (share !== null && (waiting.get(share) ?? 0) >= options.share) {
        throw new QueueShareFullError(options.share);
      }
      if (queue.isFull) throw new QueueFullError(options.capacity);
      // Counted before the store answers, so concurrent posts of one sender see each other.
      if (share !== null) waiting.set(share, (waiting.get(share) ?? 0) + 1);
      // Stored before offering, so the job finds its message. The room was checked above and the
      // in-memory store answers without yielding to another request, so the offer cannot be refused.
      const recorded = await options.store.insert(message, first).catch((error: unknown) => {
        leave(share);
        throw error;
      });
      queue.offer({ ...job, key: job.conversationId, share });
      return recorded;
    },
    start(run) {
      runner = run;
      return Promise.resolve();
    },
    stopTaking: () => Promise.resolve(),
    takeWaiting: () =>
      queue.takeWaiting().map(({ share, ...job }) => {
        leave(share);
        return job;
      }),
    onIdle: () => queue.onIdle(),
    settled: () => queue.onIdle(),
    close: () => Promise.resolve(),
  };
}
