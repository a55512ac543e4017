import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import type { AttemptResult, SenderOptions } from './sender.ts';

/** One attempt of a delivery: where, the endpoint's secret, the event's id and the exact body. */
export interface Attempt {
  url: string;
  secret: string;
  eventId: string;
  body: string;
}

export type ToDeliveryThread = ({ type: 'send'; id: number } & Attempt) | { type: 'close' };

/** Makes attempts: never rejects, every failure is a result. */
export interface Deliverer {
  deliver(attempt: Attempt): Promise<AttemptResult>;
  close(): Promise<void>;
}

export interface FromDeliveryThread {
  id: number;
  result: AttemptResult;
}

/** The thread's entry: .ts under tsx (the loader is inherited through execArgv), .js in the build. */
const ENTRY = new URL(`./delivery-thread${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);

/**
 * The delivery thread's nice value: a tenth of a normal thread's share of a contended core (the
 * kernel's weights: 110 against 1024), so that deliveries give way to answers on a busy machine
 * without stopping while it stays busy.
 */
export const DELIVERY_NICE = 10;

/**
 * Attempts made in a thread of their own at a low CPU priority (DELIVERY_NICE), started with the
 * first attempt: while the cores are busy with answers, the answers go first and deliveries take a
 * small share; on an idle core a delivery goes at once. Signing (as late as the attempt is made, so
 * its timestamp is the attempt's), the HTTP client, its connections and the socket writes (most of a
 * delivery's cost) all live in that thread. A thread that stops fails its attempts in flight as
 * unreachable (retried on the schedule) and the next attempt starts another.
 */
export function createDeliverer(options: SenderOptions, logger: Logger): Deliverer {
  let thread: { worker: Worker; pending: Map<number, (result: AttemptResult) => void> } | undefined;
  let nextId = 0;
  let closing = false;

  const start = (): NonNullable<typeof thread> => {
    const worker = new Worker(ENTRY, { workerData: options });
    const started = { worker, pending: new Map<number, (result: AttemptResult) => void>() };
    worker.on('message', ({ id, result }: FromDeliveryThread) => {
      started.pending.get(id)?.(result);
      started.pending.delete(id);
    });
    worker.on('error', (error) => logger.error({ err: error }, 'the webhook delivery thread crashed'));
    worker.on('exit', () => {
      if (thread === started) thread = undefined;
      for (const settle of started.pending.values()) {
        settle({ kind: 'unreachable', reason: 'the delivery thread stopped' });
      }
      started.pending.clear();
    });
    return started;
  };

  return {
    deliver(attempt) {
      if (closing) return Promise.resolve({ kind: 'unreachable', reason: 'the service is stopping' });
      thread ??= start();
      const { worker, pending } = thread;
      const id = nextId++;
      return new Promise((resolve) => {
        pending.set(id, resolve);
        worker.postMessage({ type: 'send', id, ...attempt } satisfies ToDeliveryThread);
      });
    },
    async close() {
      closing = true;
      if (!thread) return;
      const { worker } = thread;
      const exited = once(worker, 'exit');
      worker.postMessage({ type: 'close' } satisfies ToDeliveryThread);
      const timer = setTimeout(() => void worker.terminate(), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
