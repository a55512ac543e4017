import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { performance } from 'node:perf_hooks';
import { context as otelContext, ROOT_CONTEXT, trace, type Context, type Span } from '@opentelemetry/api';
import type { Logger } from 'pino';
import type { AgentName } from '../domains/agent-names.ts';
import type { Config } from '../config/config.ts';
import { customerText } from '../core/customer-texts.ts';
import { MessageEndedError, NotAcceptingError } from '../core/errors.ts';
import {
  conversationLanguage,
  failedReply,
  type ConversationStore,
  type Turn,
  type TurnQuestion,
} from '../store/conversation-store.ts';
import { clientConversationId, conversationKey, DEMO_CUSTOMER } from '../store/conversation-key.ts';
import {
  isFinal,
  type MessageStore,
  type Outcome,
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
import { DeadlineExceededError, FAILURE_KINDS, ProcessingFailure, ShutdownError } from '../core/failures.ts';
import type { MessageQueue, QueuedJob } from '../store/message-queue.ts';
import { failureReply, type ReplyWithState } from '../domains/hand-over.ts';
import type { ActionDesk } from '../actions/action-desk.ts';
import type { Proposal } from '../actions/action.ts';
import { storableText, TEXT_BOUNDS } from '../core/text-bounds.ts';

/** What the worker hands to the planner for one message. */
export interface MessageJob {
  readonly messageId: string;
  /** The conversation's key (store/conversation-key.ts). */
  readonly conversationId: string;
  /**
   * The customer the conversation belongs to: the platform names it to every tool call, so the
   * tools read that customer's account and no other, whatever a model writes.
   */
  readonly customerId: string;
  readonly content: string;
  /**
   * The conversation so far, read by the processor before the message runs (a conversation runs one
   * message at a time, so the previous answer is in it). Handed over rather than read by the planner,
   * so planner threads need no store of their own.
   */
  readonly history: readonly Turn[];
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
  /**
   * What a proposal tool proposed in this answer (a change to the customer's account, asked yes or
   * no): the processor records it as an action `proposed`; only the customer's next message decides it.
   */
  proposal?: Proposal;
  /** The language the message was read in: recorded on the customer's turn. */
  language?: string;
  /** The question the answer asks (recorded on its turn): the consent to a support ticket. */
  asked?: TurnQuestion;
  /** True when the answer could not help (its tools had no data): recorded on its turn. */
  couldNotHelp?: boolean;
}

/** The planner, as the worker sees it. */
export interface MessageHandler {
  handle(job: MessageJob, context: HandleContext): Promise<HandleOutcome>;
}

export interface MessageProcessorEvents {
  /** An update this process recorded (with PostgreSQL, other replicas' updates arrive on the UpdateFeed). */
  update: [messageId: string, update: Update, conversationId: string];
}

// Written when the message is accepted, before anything has read it: in English.
const RECEIVED_TEXT = customerText('message.received');

/** The message was cancelled (by its client, or with its conversation's erasure): its processing stops. */
export class CancelledError extends Error {
  override name = 'CancelledError';
  constructor() {
    super('The message was cancelled.');
  }
}

/**
 * A shutdown handed the message back to a durable queue unfinished: nothing is recorded, and another
 * replica (or this service's next start) takes it over.
 */
export class ReleasedError extends Error {
  override name = 'ReleasedError';
  constructor() {
    super('The message was handed back to the queue at shutdown.');
  }
}

/**
 * Accepts messages (store + enqueue), runs them through the planner on the work queue, and answers
 * reads. Every accepted message ends `completed` or `failed` with a reason: on error, at its
 * deadline (counted from its acceptance, also when another replica took it over), or at shutdown
 * (with a durable queue a shutdown hands unfinished messages back instead). The processor knows
 * neither which store nor which queue runs: both are ports.
 */
export class MessageProcessor extends EventEmitter<MessageProcessorEvents> {
  private readonly inFlight = new Map<string, { controller: AbortController; conversationId: string }>();
  private accepting = true;

  constructor(
    private readonly deps: {
      store: MessageStore;
      conversations: ConversationStore;
      queue: MessageQueue;
      handler: MessageHandler;
      /**
       * Actions with consent: reads a message that answers a pending proposal before the planner
       * does (a yes executes it here, on the platform), and records the proposals answers make.
       */
      actions?: ActionDesk<AgentName>;
      logger: Logger;
      config: Config['worker'];
      /** The clock, in epoch milliseconds; tests may pin it. */
      now?: () => number;
    },
  ) {
    super();
  }

  /** Starts taking queued work (with PostgreSQL also what an earlier run or a dead replica left). */
  start(): Promise<void> {
    return this.deps.queue.start((job) => this.process(job));
  }

  /** False once shutdown has begun. */
  get isAccepting(): boolean {
    return this.accepting;
  }

  get queueDepth(): number {
    return this.deps.queue.depth;
  }

  get inFlightCount(): number {
    return this.deps.queue.inFlight;
  }

  /**
   * Stores and enqueues a message in the conversation the client named `conversationId` within its
   * scope (the customer, default the demo customer, and the key owner): the same id in another
   * scope is another conversation. Throws QueueFullError, QueueShareFullError (the owner's waiting
   * messages are at their share), StoreUnavailableError or NotAcceptingError (shutting down).
   */
  async accept(input: {
    conversationId: string;
    content: string;
    customerId?: string;
    owner?: string | null;
  }): Promise<StoredMessage> {
    if (!this.accepting) {
      throw new NotAcceptingError();
    }
    const origin = serverSpanContext(otelContext.active());
    const scope = { customerId: input.customerId ?? DEMO_CUSTOMER, owner: input.owner ?? null };
    const message: StoredMessage = {
      // Node's own v4 UUID: a flat string from a pooled random buffer, cheaper than the uuid package's.
      id: randomUUID(),
      conversationId: conversationKey(scope, input.conversationId),
      customerId: scope.customerId,
      owner: scope.owner,
      traceId: activeTraceId(origin),
      content: input.content,
      status: 'received',
      receivedAt: this.now(),
      completedAt: null,
      agentName: null,
      result: null,
      failureCode: null,
    };
    trace.getSpan(origin)?.setAttributes({
      [ATTR.messageId]: message.id,
      [ATTR.conversationId]: input.conversationId,
    });
    const first = await this.deps.queue.submit(
      message,
      { status: 'received', result: RECEIVED_TEXT, agentName: null, processedAt: message.receivedAt },
      { messageId: message.id, conversationId: message.conversationId, origin },
    );
    this.emit('update', message.id, first, message.conversationId);
    serviceInstruments().accepted.add(1);
    return message;
  }

  /**
   * Cancels a message that has not ended: records its final `cancelled` update and aborts its
   * processing here (the engine and tool calls see the abort); a replica that runs it elsewhere
   * stops when the update reaches it (`stopIfFinished`). Undefined for an unknown message; throws
   * MessageEndedError when it already ended.
   */
  async cancel(id: string): Promise<StoredMessage | undefined> {
    const message = await this.deps.store.get(id);
    if (!message) return undefined;
    if (isFinal(message.status)) throw new MessageEndedError(id, message.status);
    const cancelled = await this.cancelledText(message.conversationId);
    await this.record(id, message.conversationId, 'cancelled', cancelled, null);
    this.stopIfFinished(id);
    const now = await this.deps.store.get(id);
    // It may have ended in the meantime, before the cancellation could be recorded.
    if (now?.status !== 'cancelled') throw new MessageEndedError(id, now?.status ?? message.status);
    return now;
  }

  /**
   * Aborts this process's processing of a message that has ended elsewhere (cancelled here or on
   * another replica): the services call it for each final update the live feed announces.
   */
  stopIfFinished(messageId: string): void {
    this.inFlight.get(messageId)?.controller.abort(new CancelledError());
  }

  /**
   * Erases a conversation (GDPR Art. 17): cancels what has not ended, then deletes its messages,
   * their updates and its history. Returns how many messages were deleted.
   */
  async forgetConversation(conversationId: string): Promise<number> {
    const cancelled = await this.cancelledText(conversationId);
    for (let page = 1; ; page++) {
      const { messages } = await this.deps.store.list({ conversationId, page, pageSize: 100 });
      for (const message of messages) {
        if (isFinal(message.status)) continue;
        await this.record(message.id, conversationId, 'cancelled', cancelled, null);
        this.stopIfFinished(message.id);
      }
      if (messages.length < 100) break;
    }
    const deleted = await this.deps.store.deleteConversation(conversationId);
    await this.deps.conversations.forget(conversationId);
    return deleted;
  }

  /** Resolves once every accepted message has finished (with PostgreSQL: on every replica). */
  drain(): Promise<void> {
    return this.deps.queue.settled();
  }

  /**
   * Stops accepting, lets in-flight and queued messages finish within `graceMs`, then fails the rest
   * with the reason "service shutting down". With a durable queue it stops taking work at once and,
   * after the grace, hands what still runs back to the queue: another replica finishes it.
   */
  async shutdown(graceMs = this.deps.config.shutdownGraceMs): Promise<void> {
    this.accepting = false;
    const { queue } = this.deps;
    await queue.stopTaking();
    let timer: NodeJS.Timeout | undefined;
    const graceOver = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), graceMs);
    });
    const outcome = await Promise.race([queue.onIdle().then(() => 'idle' as const), graceOver]);
    clearTimeout(timer);
    if (outcome === 'idle') return;
    const left = queue.takeWaiting();
    const inFlight = [...this.inFlight];
    const shutdown = new ShutdownError();
    for (const job of left) await this.recordFailure(job.messageId, job.conversationId, shutdown, null);
    for (const [messageId, { controller, conversationId }] of inFlight) {
      if (queue.durable) {
        controller.abort(new ReleasedError());
      } else {
        await this.recordFailure(messageId, conversationId, shutdown, null);
        controller.abort(shutdown);
      }
    }
    this.deps.logger.warn(
      { queued: left.length, inFlight: inFlight.length, handedBack: queue.durable },
      'shutdown grace period over',
    );
    // The aborted runs settle at once (their handlers see the signal); a durable queue records the
    // hand-back when each run's promise rejects, so wait for that, bounded.
    if (queue.durable) {
      await Promise.race([queue.onIdle(), new Promise((resolve) => setTimeout(resolve, 5000).unref())]);
    }
  }

  /**
   * Runs a message in its own `message.process` span, a child of the request that accepted it: one
   * trace per message (README, "Observability", says why a child and not a link). The parent is
   * passed explicitly because the queue may start a job from another job's context.
   */
  private process(job: QueuedJob): Promise<void> {
    // Traces and logs name the conversation as its client does; the key would add whose it is.
    const conversationId = clientConversationId(job.conversationId);
    const scope = { messageId: job.messageId, conversationId };
    const parent = withMessageScope(job.origin ?? ROOT_CONTEXT, scope);
    return tracer.startActiveSpan(
      'message.process',
      { attributes: { [ATTR.messageId]: job.messageId, [ATTR.conversationId]: conversationId } },
      parent,
      (span) => this.run(job, span).finally(() => span.end()),
    );
  }

  private async run(queued: QueuedJob, span: Span): Promise<void> {
    // Read together (one wait, not two): the history is whole by now, since a conversation's message
    // starts only once the one before it has ended.
    const [message, history] = await Promise.all([
      this.deps.store.begin(queued.messageId),
      this.deps.conversations.history(queued.conversationId),
    ]);
    // Already final: a replica finished it before it died, or it was cancelled. Gone: retention.
    if (!message || isFinal(message.status)) return;
    const startedAt = performance.now();
    const seconds = (): number => (performance.now() - startedAt) / 1000;
    const controller = new AbortController();
    this.inFlight.set(message.id, { controller, conversationId: message.conversationId });
    const timeoutMs = this.deps.config.messageTimeoutMs;
    // From acceptance, not from this start: a message taken over keeps the deadline it was given.
    const remainingMs = Math.max(0, message.receivedAt + timeoutMs - this.now());
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new DeadlineExceededError(timeoutMs)), remainingMs);
    });
    // Observed by the race below; this keeps a deadline that passes before the race starts (while
    // the history is read) from being an unhandled rejection.
    deadline.catch(() => {});
    // A hand-back at shutdown settles the run at once, whether or not the handler heeds the signal.
    const released = new Promise<never>((_, reject) => {
      controller.signal.addEventListener(
        'abort',
        () => {
          if (controller.signal.reason instanceof ReleasedError) reject(controller.signal.reason);
        },
        { once: true },
      );
    });
    released.catch(() => {});
    let lastAgent: AgentName | null = null;
    // Steps are written as they are reported, without waiting for the one before: the store keeps
    // the order it is given, so a message's steps and its answer can share one write.
    const steps: Array<Promise<void>> = [];
    const context: HandleContext = {
      signal: controller.signal,
      report: (result, agentName) => {
        lastAgent = agentName;
        steps.push(
          this.record(
            message.id,
            message.conversationId,
            'inprogress',
            storableText(result, TEXT_BOUNDS.stepChars),
            agentName,
          ).catch((error: unknown) =>
            this.deps.logger.warn({ err: error, message_id: message.id }, 'a step could not be recorded'),
          ),
        );
      },
    };
    try {
      const job: MessageJob = {
        messageId: message.id,
        conversationId: message.conversationId,
        customerId: message.customerId,
        content: message.content,
        history,
        origin: queued.origin,
      };
      const outcome = await Promise.race([this.answer(job, context), deadline, released]);
      // Kept and served within its bound, however long the model answered.
      const answer = storableText(outcome.answer, this.deps.config.answerMaxChars);
      // Answered: from here the run only records its answer. Its own final update reaches
      // stopIfFinished through the update feed like any other, and must not abort the run as if
      // the message had ended elsewhere (an Error with its stack, an abort event, and with planner
      // threads a `cancel` posted to the thread, for every message).
      this.inFlight.delete(message.id);
      const turns: Turn[] = [
        { role: 'user', content: message.content, ...(outcome.language && { language: outcome.language }) },
        {
          role: 'assistant',
          content: answer,
          agent: outcome.agentName,
          ...(outcome.asked && { asked: outcome.asked }),
          ...(outcome.couldNotHelp && { couldNotHelp: true }),
        },
      ];
      const { id, conversationId } = message;
      const answered = this.record(id, conversationId, 'completed', answer, outcome.agentName, {
        turns,
      });
      await Promise.all([...steps, answered]);
      span.setAttribute(ATTR.agentName, outcome.agentName);
      serviceInstruments().duration.record(seconds(), { agent: outcome.agentName, outcome: 'completed' });
      this.deps.logger.info(
        { message_id: message.id, agent: outcome.agentName, duration_ms: Math.round(seconds() * 1000) },
        'message completed',
      );
    } catch (error) {
      controller.abort(error);
      if (controller.signal.reason instanceof CancelledError) {
        // Its final update (cancelled) is recorded already; a late answer is not.
        this.deps.logger.info({ message_id: message.id }, 'message cancelled while it was processed');
        return;
      }
      if (controller.signal.reason instanceof ReleasedError || error instanceof ReleasedError) {
        // Handed back at shutdown: the queue runs it again elsewhere; nothing is recorded here.
        throw new ReleasedError();
      }
      const failure = ProcessingFailure.from(error);
      const { logLevel } = FAILURE_KINDS[failure.code];
      // The technical detail (addresses, limits, library text) goes to the log and the trace; the
      // customer reads the kind's text. Our own bugs are logged with their stack.
      this.deps.logger[logLevel](
        {
          message_id: message.id,
          failure_code: failure.code,
          detail: failure.detail,
          ...(logLevel === 'error' ? { err: error } : {}),
        },
        'message failed',
      );
      // A store that cannot record the failure either rejects here: the durable queue runs the
      // message again once the database is back (the in-memory store does not fail).
      // The exchange stays in the history: the hand-over counts it, the ticket's copy shows it.
      // In the language the message was read in, else the conversation's (a deadline stops the run
      // from outside, maybe before any reading).
      const language = failure.language ?? conversationLanguage(history) ?? 'en';
      const reply = failureReply(history, failure.customerTextIn(language), language);
      await this.recordFailure(message.id, message.conversationId, failure, lastAgent, {
        question: message.content,
        language: failure.language,
        reply,
      });
      if (lastAgent) span.setAttribute(ATTR.agentName, lastAgent);
      failSpan(span, error, failure.detail);
      serviceInstruments().duration.record(seconds(), { agent: lastAgent ?? 'none', outcome: 'failed' });
    } finally {
      clearTimeout(timer);
      this.inFlight.delete(message.id);
    }
  }

  /**
   * The message's answer: the action desk's when the message decides a pending action, else the
   * planner's, whose proposal (if any) is recorded before the answer that asks it.
   */
  private async answer(job: MessageJob, context: HandleContext): Promise<HandleOutcome> {
    const { actions } = this.deps;
    const message = { id: job.messageId, conversationId: job.conversationId, customerId: job.customerId };
    const settled = await actions?.settle({ ...message, content: job.content }, job.history, context.report);
    if (settled) return settled;
    const outcome = await this.deps.handler.handle(job, context);
    if (outcome.proposal && actions) {
      const action = await actions.propose(message, outcome.proposal);
      context.report(
        `Proposed ${action.kind} (action ${action.actionId}): waiting for the customer's yes or no`,
        outcome.agentName,
      );
    }
    return outcome;
  }

  /**
   * Records the final `failed` update: the customer's text, and the code programs read on the status.
   * With the exchange (the message and the reply it failed with), its turns join the history; without
   * it (a shutdown), the text is in the language recorded for the conversation's last customer turn.
   */
  private async recordFailure(
    messageId: string,
    conversationId: string,
    failure: ProcessingFailure,
    agentName: AgentName | null,
    exchange?: { question: string; language: string | undefined; reply: ReplyWithState },
  ): Promise<void> {
    const text =
      exchange?.reply.text ??
      failure.customerTextIn(
        conversationLanguage(await this.deps.conversations.history(conversationId)) ?? 'en',
      );
    return this.record(messageId, conversationId, 'failed', text, agentName, {
      failureCode: failure.code,
      ...(exchange && {
        turns: [
          {
            role: 'user',
            content: exchange.question,
            ...(exchange.language && { language: exchange.language }),
          },
          failedReply(exchange.reply.text, exchange.reply.asked),
        ],
      }),
    });
  }

  /** The cancellation's text, in the language recorded for the conversation's last customer turn. */
  private async cancelledText(conversationId: string): Promise<string> {
    const history = await this.deps.conversations.history(conversationId);
    return customerText('message.cancelled', {}, conversationLanguage(history));
  }

  /** Adds an update unless the message already ended (a late answer after its deadline is dropped). */
  private async record(
    messageId: string,
    conversationId: string,
    status: Update['status'],
    result: string,
    agentName: AgentName | null,
    outcome?: Outcome,
  ): Promise<void> {
    const update = await this.deps.store.addUpdate(
      messageId,
      { status, result, agentName, processedAt: this.now() },
      outcome,
    );
    if (!update) return;
    // Counted where every final status is recorded: errors, deadlines and shutdown alike.
    const agent = agentName ?? 'none';
    if (status === 'completed') serviceInstruments().completed.add(1, { agent });
    else if (status === 'failed')
      serviceInstruments().failed.add(1, { agent, failure_code: outcome?.failureCode ?? 'internal' });
    this.emit('update', messageId, update, conversationId);
  }

  private now(): number {
    return this.deps.now ? this.deps.now() : Date.now();
  }
}
