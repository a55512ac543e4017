import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { performance } from 'node:perf_hooks';
import { context as otelContext, ROOT_CONTEXT, trace, type Context, type Span } from '@opentelemetry/api';
import type { Logger } from 'pino';
import type { AgentName } from '../domains/agent-names.ts';
import type { Config } from '../config.ts';
import { ServiceUnavailableError } from '../errors.ts';
import {
  type ListQuery,
  type ListResult,
  type MessageStore,
  type StoredMessage,
  type Update,
} from '../store/message-store.ts';
import { serviceInstruments } from '../telemetry/metrics.ts';
import {
  activeTraceId,
  ATTR,
  failSpan,
  serverSpanContext,
  tracer,
  withMessageScope,
} from '../telemetry/tracing.ts';
import {
  DeadlineExceededError,
  FAILURE_KINDS,
  ProcessingFailure,
  ShutdownError,
  type FailureCode,
} from '../failures.ts';
import { WorkQueue } from './work-queue.ts';

/**
 * The same text, stored flat. Step texts are built by template concatenation (`Routing to ${agent}:
 * ${reason}`, itself built the same way), which V8 keeps as a tree of 32-byte rope nodes pointing at
 * every piece; a stored update would keep the whole tree for as long as the message is retained.
 * Converting to a number makes V8 flatten the rope in place (the `flatstr` trick), so the
 * pieces can be collected. Costs one copy of the text, once.
 */
function flatten(text: string): string {
  void Number(text);
  return text;
}

/** What the worker hands to the planner for one message. */
export interface MessageJob {
  readonly key: string;
  readonly messageId: string;
  readonly conversationId: string;
  readonly content: string;
  /** The trace context of the request that accepted it: the worker's span continues that trace. */
  readonly origin?: Context;
}

export interface HandleContext {
  /** Aborted at the message's deadline or at shutdown. */
  signal: AbortSignal;
  /** Records an `inprogress` step a person can read. */
  report(result: string, agentName: AgentName): void;
}

export interface HandleOutcome {
  answer: string;
  agentName: AgentName;
}

/** The planner, as the worker sees it. */
export interface MessageHandler {
  handle(job: MessageJob, context: HandleContext): Promise<HandleOutcome>;
}

export interface MessageProcessorEvents {
  update: [messageId: string, update: Update];
}

export const RECEIVED_TEXT = 'Message received and sent to the agent.';

/**
 * Accepts messages (store + enqueue), runs them through the planner on a bounded worker queue, and
 * answers reads. Every accepted message ends `completed` or `failed` with a reason: on error, at its
 * deadline, or at shutdown.
 */
export class MessageProcessor extends EventEmitter<MessageProcessorEvents> {
  private readonly queue: WorkQueue<MessageJob>;
  private readonly inFlight = new Map<string, AbortController>();
  private accepting = true;

  constructor(
    private readonly deps: {
      store: MessageStore;
      handler: MessageHandler;
      logger: Logger;
      config: Config['worker'];
      /** The clock, in epoch milliseconds; tests may pin it. */
      now?: () => number;
    },
  ) {
    super();
    this.queue = new WorkQueue({
      capacity: deps.config.queueCapacity,
      concurrency: deps.config.concurrency,
      run: (job) => this.process(job),
    });
  }

  /** False once shutdown has begun. */
  get isAccepting(): boolean {
    return this.accepting;
  }

  get queueDepth(): number {
    return this.queue.depth;
  }

  get inFlightCount(): number {
    return this.queue.inFlight;
  }

  /** Stores and enqueues a message; throws ServiceUnavailableError when the queue is full or shutting down. */
  accept(input: { conversationId: string; content: string; owner?: string | null }): StoredMessage {
    if (!this.accepting) {
      throw new ServiceUnavailableError('The service is shutting down and accepts no new messages.', 5);
    }
    if (this.queue.isFull) {
      throw new ServiceUnavailableError(
        `The message queue is full (${this.deps.config.queueCapacity} waiting); retry shortly.`,
        1,
      );
    }
    const origin = serverSpanContext(otelContext.active());
    const message: StoredMessage = {
      // Node's own v4 UUID: a flat string from a pooled random buffer, cheaper than the uuid package's.
      id: randomUUID(),
      conversationId: input.conversationId,
      owner: input.owner ?? null,
      traceId: activeTraceId(origin),
      content: input.content,
      status: 'received',
      receivedAt: this.now(),
      completedAt: null,
      agentName: null,
      result: null,
      failureCode: null,
      updates: [],
    };
    const job: MessageJob = {
      key: message.conversationId,
      messageId: message.id,
      conversationId: message.conversationId,
      content: message.content,
      origin,
    };
    trace.getSpan(origin)?.setAttributes({
      [ATTR.messageId]: message.id,
      [ATTR.conversationId]: message.conversationId,
    });
    // Store before offering, so the job finds its message. The room was checked above and nothing
    // runs in between, so the offer cannot be refused.
    this.deps.store.insert(message);
    this.record(message.id, 'received', RECEIVED_TEXT, null);
    this.queue.offer(job);
    serviceInstruments().accepted.add(1);
    return message;
  }

  get(id: string): StoredMessage | undefined {
    return this.deps.store.get(id);
  }

  list(query: ListQuery): ListResult {
    return this.deps.store.list(query);
  }

  /** Resolves once every accepted message has finished. */
  drain(): Promise<void> {
    return this.queue.onIdle();
  }

  /**
   * Stops accepting, lets in-flight and queued messages finish within `graceMs`, then fails the rest
   * with the reason "service shutting down".
   */
  async shutdown(graceMs = this.deps.config.shutdownGraceMs): Promise<void> {
    this.accepting = false;
    let timer: NodeJS.Timeout | undefined;
    const graceOver = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), graceMs);
    });
    const outcome = await Promise.race([this.queue.onIdle().then(() => 'idle' as const), graceOver]);
    clearTimeout(timer);
    if (outcome === 'idle') return;
    const left = this.queue.takeWaiting();
    const shutdown = new ShutdownError();
    for (const job of left) this.recordFailure(job.messageId, shutdown, null);
    for (const [messageId, controller] of this.inFlight) {
      this.recordFailure(messageId, shutdown, null);
      controller.abort(shutdown);
    }
    this.deps.logger.warn(
      { queued: left.length, inFlight: this.inFlight.size },
      'shutdown grace period over',
    );
  }

  /**
   * Runs a message in its own `message.process` span, a child of the request that accepted it: one
   * trace per message (README, "Observability", says why a child and not a link). The parent is
   * passed explicitly because the queue may start a job from another job's context.
   */
  private process(job: MessageJob): Promise<void> {
    const scope = { messageId: job.messageId, conversationId: job.conversationId };
    const parent = withMessageScope(job.origin ?? ROOT_CONTEXT, scope);
    return tracer.startActiveSpan(
      'message.process',
      { attributes: { [ATTR.messageId]: job.messageId, [ATTR.conversationId]: job.conversationId } },
      parent,
      (span) => this.run(job, span).finally(() => span.end()),
    );
  }

  private async run(job: MessageJob, span: Span): Promise<void> {
    const startedAt = performance.now();
    const seconds = (): number => (performance.now() - startedAt) / 1000;
    const controller = new AbortController();
    this.inFlight.set(job.messageId, controller);
    const timeoutMs = this.deps.config.messageTimeoutMs;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new DeadlineExceededError(timeoutMs)), timeoutMs);
    });
    let lastAgent: AgentName | null = null;
    const context: HandleContext = {
      signal: controller.signal,
      report: (result, agentName) => {
        lastAgent = agentName;
        this.record(job.messageId, 'inprogress', result, agentName);
      },
    };
    try {
      const outcome = await Promise.race([this.deps.handler.handle(job, context), deadline]);
      this.record(job.messageId, 'completed', outcome.answer, outcome.agentName);
      span.setAttribute(ATTR.agentName, outcome.agentName);
      serviceInstruments().duration.record(seconds(), { agent: outcome.agentName, outcome: 'completed' });
      this.deps.logger.info(
        { message_id: job.messageId, agent: outcome.agentName, duration_ms: Math.round(seconds() * 1000) },
        'message completed',
      );
    } catch (error) {
      controller.abort(error);
      const failure = ProcessingFailure.from(error);
      const { logLevel } = FAILURE_KINDS[failure.code];
      // The technical detail (addresses, limits, library text) goes to the log and the trace; the
      // customer reads the kind's text. Our own bugs are logged with their stack.
      this.deps.logger[logLevel](
        {
          message_id: job.messageId,
          failure_code: failure.code,
          detail: failure.detail,
          ...(logLevel === 'error' ? { err: error } : {}),
        },
        'message failed',
      );
      this.recordFailure(job.messageId, failure, lastAgent);
      if (lastAgent) span.setAttribute(ATTR.agentName, lastAgent);
      failSpan(span, error, failure.detail);
      serviceInstruments().duration.record(seconds(), { agent: lastAgent ?? 'none', outcome: 'failed' });
    } finally {
      clearTimeout(timer);
      this.inFlight.delete(job.messageId);
    }
  }

  /** Records the final `failed` update: the customer's text, and the code programs read on the status. */
  private recordFailure(messageId: string, failure: ProcessingFailure, agentName: AgentName | null): void {
    this.record(messageId, 'failed', failure.customerText, agentName, failure.code);
  }

  /** Adds an update unless the message already ended (a late answer after its deadline is dropped). */
  private record(
    messageId: string,
    status: Update['status'],
    result: string,
    agentName: AgentName | null,
    failureCode?: FailureCode,
  ): void {
    // O(1): the store refuses an update to a finished or evicted message (one Map lookup there).
    const update = this.deps.store.addUpdate(
      messageId,
      { status, result: flatten(result), agentName, processedAt: this.now() },
      failureCode,
    );
    if (!update) return;
    // Counted where every final status is recorded: errors, deadlines and shutdown alike.
    const agent = agentName ?? 'none';
    if (status === 'completed') serviceInstruments().completed.add(1, { agent });
    else if (status === 'failed')
      serviceInstruments().failed.add(1, { agent, failure_code: failureCode ?? 'internal' });
    this.emit('update', messageId, update);
  }

  private now(): number {
    return this.deps.now ? this.deps.now() : Date.now();
  }
}
