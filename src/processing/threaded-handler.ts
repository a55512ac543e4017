import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { context as otelContext, propagation } from '@opentelemetry/api';
import type { Logger } from 'pino';
import type { AgentName } from '../domains/agent-names.ts';
import type { Config } from '../config/config.ts';
import type { Turn } from '../store/conversation-store.ts';
import type { TicketStore } from '../store/ticket-store.ts';
import { recordForwarded, type ForwardedMeasurement } from '../telemetry/metrics.ts';
import { ProcessingFailure, type SerializedFailure } from '../core/failures.ts';
import type { HandleContext, HandleOutcome, MessageHandler, MessageJob } from './message-processor.ts';
import { answerTicketCall, type TicketReply, type TicketRequest } from './thread-tickets.ts';
import { answerAccountCall, type AccountReply, type AccountRequest } from './thread-accounts.ts';
import type { AccountStore } from '../store/accounts.ts';

/** Main thread → planner thread. */
export type ToThread =
  | {
      type: 'job';
      id: number;
      messageId: string;
      conversationId: string;
      customerId: string;
      content: string;
      history: readonly Turn[];
      /** W3C trace context of the `message.process` span (traceparent, tracestate). */
      carrier: Record<string, string>;
    }
  | { type: 'cancel'; id: number; reason: SerializedFailure }
  /** What a call of the thread's ticket store returned on the service's (thread-tickets.ts). */
  | TicketReply
  /** The account a thread asked for, from the service's in-memory store (thread-accounts.ts). */
  | AccountReply
  /** Close the MCP sessions, flush the thread's spans, exit. */
  | { type: 'close' };

/** Planner thread → main thread. */
export type FromThread =
  | { type: 'report'; id: number; result: string; agentName: AgentName }
  | { type: 'done'; id: number; outcome: HandleOutcome }
  | { type: 'failed'; id: number; error: SerializedFailure }
  /** A metric measurement taken in the thread, recorded by the main thread (telemetry/metrics.ts). */
  | { type: 'measurement'; measurement: ForwardedMeasurement }
  /** A call of the thread's ticket store, run on the service's store here (thread-tickets.ts). */
  | TicketRequest
  /** A read of the service's in-memory accounts (thread-accounts.ts). */
  | AccountRequest;

/** What a planner thread receives as workerData. */
export interface PlannerThreadData {
  config: Config;
}

interface Pending {
  context: HandleContext;
  resolve(outcome: HandleOutcome): void;
  reject(error: unknown): void;
  onAbort(): void;
}

interface Slot {
  worker: Worker;
  pending: Map<number, Pending>;
}

/** The thread's entry: .ts under tsx (the loader is inherited through execArgv), .js in the build. */
const ENTRY = new URL(
  `../composition/planner-thread${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`,
  import.meta.url,
);

/** FNV-1a: a conversation always maps to the same thread (its engine's caches stay warm there). */
function threadOf(key: string, count: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % count;
}

/**
 * Runs the planner pipeline (engine, MCP clients) in worker threads, so the
 * HTTP front door and the planner use separate cores. The stores stay here: a thread's tickets are
 * written to the service's ticket store through its port. Steps and outcomes come back as messages; an
 * abort (deadline, shutdown) is forwarded as a `cancel` and settles the message at once; a thread
 * that dies fails its in-flight messages and is replaced.
 */
export class ThreadedMessageHandler implements MessageHandler {
  private readonly slots: Slot[];
  private nextId = 0;
  private closing = false;

  constructor(
    private readonly deps: {
      config: Config;
      threads: number;
      logger: Logger;
      /** The service's ticket store: where the threads' ticket servers put the tickets they raise. */
      tickets: TicketStore;
      /** The service's accounts, which threads read when there is no database (thread-accounts.ts). */
      accounts: AccountStore;
    },
  ) {
    this.slots = Array.from({ length: deps.threads }, () => this.spawn());
  }

  handle(job: MessageJob, context: HandleContext): Promise<HandleOutcome> {
    const index = threadOf(job.conversationId, this.slots.length);
    const slot = this.slots[index] as Slot;
    const id = ++this.nextId;
    const carrier: Record<string, string> = {};
    propagation.inject(otelContext.active(), carrier);
    return new Promise<HandleOutcome>((resolve, reject) => {
      const { signal } = context;
      const settle = (): void => {
        slot.pending.delete(id);
        signal.removeEventListener('abort', pending.onAbort);
      };
      const pending: Pending = {
        context,
        resolve: (outcome) => {
          settle();
          resolve(outcome);
        },
        reject: (error) => {
          settle();
          reject(error);
        },
        onAbort: () => {
          const reason: unknown = signal.reason;
          slot.worker.postMessage({
            type: 'cancel',
            id,
            reason: ProcessingFailure.from(reason).toJSON(),
          } satisfies ToThread);
          pending.reject(reason);
        },
      };
      if (signal.aborted) return reject(signal.reason);
      signal.addEventListener('abort', pending.onAbort, { once: true });
      slot.pending.set(id, pending);
      slot.worker.postMessage({
        type: 'job',
        id,
        messageId: job.messageId,
        conversationId: job.conversationId,
        customerId: job.customerId,
        content: job.content,
        history: job.history,
        carrier,
      } satisfies ToThread);
    });
  }

  /**
   * Stops the threads: each closes its MCP sessions and flushes its spans, then exits; one that has
   * not exited within 5 s is terminated. Call after the processor has shut down.
   */
  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(
      this.slots.map(async ({ worker }) => {
        const exited = once(worker, 'exit');
        worker.postMessage({ type: 'close' } satisfies ToThread);
        const timer = setTimeout(() => void worker.terminate(), 5000);
        await exited;
        clearTimeout(timer);
      }),
    );
  }

  private spawn(): Slot {
    const worker = new Worker(ENTRY, {
      workerData: { config: this.deps.config } satisfies PlannerThreadData,
    });
    const slot: Slot = { worker, pending: new Map() };
    worker.on('message', (message: FromThread) => {
      if (message.type === 'measurement') return recordForwarded(message.measurement);
      if (message.type === 'accounts') {
        void answerAccountCall(this.deps.accounts, message).then((reply) =>
          worker.postMessage(reply satisfies ToThread),
        );
        return;
      }
      if (message.type === 'tickets') {
        void answerTicketCall(this.deps.tickets, message).then((reply) =>
          worker.postMessage(reply satisfies ToThread),
        );
        return;
      }
      const pending = slot.pending.get(message.id);
      if (!pending) return; // cancelled or timed out already
      if (message.type === 'report') pending.context.report(message.result, message.agentName);
      else if (message.type === 'done') pending.resolve(message.outcome);
      else pending.reject(ProcessingFailure.fromJSON(message.error));
    });
    worker.on('error', (error) => {
      this.deps.logger.error({ err: error }, 'planner thread crashed');
    });
    worker.on('exit', (code) => {
      const failure = new Error(`The planner thread stopped (exit code ${code}).`);
      for (const pending of [...slot.pending.values()]) pending.reject(failure);
      if (this.closing) return;
      const index = this.slots.indexOf(slot);
      if (index >= 0) this.slots[index] = this.spawn();
    });
    return slot;
  }
}
