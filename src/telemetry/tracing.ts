import {
  context,
  createContextKey,
  SpanStatusCode,
  trace,
  TraceFlags,
  type Context,
  type Span,
  type SpanOptions,
} from '@opentelemetry/api';
import { getRPCMetadata, RPCType } from '@opentelemetry/core';

/**
 * Tracing helpers over the OpenTelemetry API only. Without the SDK (no OTLP endpoint) the API is a
 * no-op: spans are non-recording and cost a few allocations, so the code paths stay the same.
 */
export const tracer = trace.getTracer('semker');

/** Span attributes this service adds; OpenTelemetry semantic-convention names are used where one exists. */
export const ATTR = {
  messageId: 'semker.message.id',
  conversationId: 'semker.conversation.id',
  routeAgent: 'semker.route.agent',
  routeKind: 'semker.route.kind',
  agentName: 'semker.agent.name',
  queueWaitMs: 'semker.queue.wait_ms',
  toolOutcome: 'semker.tool.outcome',
  mcpDomain: 'semker.mcp.domain',
  errorType: 'error.type',
} as const;

/** Identifies the message a piece of work belongs to; never its text. */
export interface MessageScope {
  messageId: string;
  conversationId: string;
}

const MESSAGE_SCOPE = createContextKey('semker.message');

/** `parent` with the message's identity attached: every span started under it carries the ids. */
export const withMessageScope = (parent: Context, scope: MessageScope): Context =>
  parent.setValue(MESSAGE_SCOPE, scope);

/** The message the given context belongs to, if any. */
export const messageScopeOf = (ctx: Context): MessageScope | undefined =>
  ctx.getValue(MESSAGE_SCOPE) as MessageScope | undefined;

/**
 * `ctx` with the HTTP server span of its request as the active span, when there is one. Inside a
 * route the active span is express's request-handler span; work that outlives the request (the
 * message's processing) hangs directly under the request's server span instead.
 */
export function serverSpanContext(ctx: Context): Context {
  const rpc = getRPCMetadata(ctx);
  return rpc?.type === RPCType.HTTP && rpc.span ? trace.setSpan(ctx, rpc.span) : ctx;
}

/** The trace id of the active span when it is sampled (exported), else null. */
export function activeTraceId(ctx: Context = context.active()): string | null {
  const spanContext = trace.getSpan(ctx)?.spanContext();
  if (!spanContext || !trace.isSpanContextValid(spanContext)) return null;
  return (spanContext.traceFlags & TraceFlags.SAMPLED) === TraceFlags.SAMPLED ? spanContext.traceId : null;
}

/** The error's class name, for `error.type`. */
export const errorType = (error: unknown): string =>
  error instanceof Error ? error.name || error.constructor.name : typeof error;

/** Marks the span failed with a reason an operator can read (never message text). */
export function failSpan(span: Span, error: unknown, reason?: string): void {
  span.setAttribute(ATTR.errorType, errorType(error));
  span.setStatus({
    code: SpanStatusCode.ERROR,
    message: reason ?? (error instanceof Error ? error.message : String(error)),
  });
}

/**
 * Runs `work` in a new active span (a child of the active one) and ends it; a thrown error sets the
 * span's status to error with the error's message and is rethrown.
 */
export function inSpan<T>(name: string, options: SpanOptions, work: (span: Span) => Promise<T>): Promise<T> {
  return tracer.startActiveSpan(name, options, async (span) => {
    try {
      return await work(span);
    } catch (error) {
      failSpan(span, error);
      throw error;
    } finally {
      span.end();
    }
  });
}
