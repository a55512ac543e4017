import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import type { Context } from '@opentelemetry/api';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-grpc';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { ExpressInstrumentation, ExpressLayerType } from '@opentelemetry/instrumentation-express';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PinoInstrumentation } from '@opentelemetry/instrumentation-pino';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { PeriodicExportingMetricReader, type IMetricReader } from '@opentelemetry/sdk-metrics';
import { NodeSDK } from '@opentelemetry/sdk-node';
import {
  BatchSpanProcessor,
  type ReadableSpan,
  type Span,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace';
import type { TelemetryRuntime } from './runtime.ts';
import { ATTR, messageScopeOf } from './tracing.ts';

/** The OTEL_* variables the SDK set-up reads itself (the exporters read theirs: endpoint, headers, …). */
export type OtelEnv = Record<string, string | undefined>;

/** Probes and scrapes are not traced: they would bury the messages' traces under noise. */
const UNTRACED_PATHS = new Set(['/health', '/ready', '/metrics']);

const positive = (value: string | undefined): number | undefined => {
  const n = value === undefined || value.trim() === '' ? Number.NaN : Number(value);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
};

/**
 * Stamps every span started inside a message's processing (ours, and the HTTP client spans of the
 * instrumentations) with the message and conversation ids, so any span of a trace can be found by id.
 */
class MessageScopeProcessor implements SpanProcessor {
  onStart(span: Span, parentContext: Context): void {
    const scope = messageScopeOf(parentContext);
    if (!scope) return;
    span.setAttribute(ATTR.messageId, scope.messageId);
    span.setAttribute(ATTR.conversationId, scope.conversationId);
  }
  onEnd(_span: ReadableSpan): void {}
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

/**
 * The batch span processor's queue and batch when OTEL_BSP_MAX_QUEUE_SIZE and
 * OTEL_BSP_MAX_EXPORT_BATCH_SIZE do not say. The SDK's defaults (2048 and 512) suit a service of a
 * few hundred spans a second: a saturated API makes thousands (five or six per message), it exports
 * one batch at a time, and the queue fills during each round trip to the collector, so the SDK drops
 * spans. Batches four times larger need a quarter of the round trips, and the queue holds eight of
 * them (docs/performance.md has the measurements). The cost is memory, and only while exports lag:
 * an ended span of ours holds about 1.5 kB, so a full queue is some 24 MB.
 */
const SPAN_QUEUE_SIZE = 16_384;
const SPAN_BATCH_SIZE = 2048;

/** `semker-api` or `semker-mcp` from the entry script, when OTEL_SERVICE_NAME does not say. */
function defaultServiceName(env: OtelEnv, entry: string | undefined): string | undefined {
  if (env.OTEL_SERVICE_NAME || /(^|,)\s*service\.name=/.test(env.OTEL_RESOURCE_ATTRIBUTES ?? ''))
    return undefined;
  return entry && path.basename(path.dirname(entry)) === 'mcp' ? 'semker-mcp' : 'semker-api';
}

/**
 * Starts the OpenTelemetry SDK: traces and metrics over OTLP gRPC (endpoint, headers, timeouts and
 * sampling from the standard OTEL_* variables), metrics also as Prometheus text for /metrics, and the
 * four instrumentations this service needs — http, express, pino (trace ids in log lines) and undici
 * (fetch: the MCP Streamable HTTP and model calls, with W3C trace context).
 */
export function startSdk(env: OtelEnv, entry: string | undefined): TelemetryRuntime {
  // Pulled, not pushed: the handler is mounted on the API's own Express app, no second port.
  const prometheus = new PrometheusExporter({ preventServerStart: true });
  const metricReaders: IMetricReader[] = [prometheus];
  if (!(env.OTEL_METRICS_EXPORTER ?? '').split(',').some((name) => name.trim() === 'none')) {
    const interval = positive(env.OTEL_METRIC_EXPORT_INTERVAL) ?? 60_000;
    metricReaders.push(
      new PeriodicExportingMetricReader({
        exporter: new OTLPMetricExporter(),
        exportIntervalMillis: interval,
        // The reader refuses a timeout longer than the interval, which a short interval would cause.
        exportTimeoutMillis: Math.min(positive(env.OTEL_METRIC_EXPORT_TIMEOUT) ?? 30_000, interval),
      }),
    );
  }
  const sdk = new NodeSDK({
    serviceName: defaultServiceName(env, entry),
    spanProcessors: [
      new MessageScopeProcessor(),
      new BatchSpanProcessor({
        exporter: new OTLPTraceExporter(),
        scheduledDelayMillis: positive(env.OTEL_BSP_SCHEDULE_DELAY),
        maxQueueSize: positive(env.OTEL_BSP_MAX_QUEUE_SIZE) ?? SPAN_QUEUE_SIZE,
        maxExportBatchSize: positive(env.OTEL_BSP_MAX_EXPORT_BATCH_SIZE) ?? SPAN_BATCH_SIZE,
        exportTimeoutMillis: positive(env.OTEL_BSP_EXPORT_TIMEOUT),
      }),
    ],
    metricReaders,
    // Log lines stay pino's (stdout); the pino instrumentation only adds trace_id/span_id to them.
    logRecordProcessors: [],
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (req: IncomingMessage) =>
          UNTRACED_PATHS.has((req.url ?? '').split('?')[0] ?? ''),
      }),
      // No span of its own: one per middleware (helmet, cors, …) or router costs more than it tells, and
      // the request handler's repeats the server span (same work, same duration). It is here for the
      // route: the server span becomes "POST /messages" with http.route, which it sets before any
      // layer is skipped. One span fewer per message (measured in docs/performance.md).
      new ExpressInstrumentation({
        ignoreLayersType: [
          ExpressLayerType.MIDDLEWARE,
          ExpressLayerType.ROUTER,
          ExpressLayerType.REQUEST_HANDLER,
        ],
      }),
      new PinoInstrumentation({ disableLogSending: true }),
      // Only inside a trace: a fetch outside any request or message (e.g. a readiness ping) is no story.
      new UndiciInstrumentation({ requireParentforSpans: true }),
    ],
  });
  sdk.start();
  return {
    enabled: true,
    metricsHandler: (req, res) => prometheus.getMetricsRequestHandler(req, res),
    shutdown: () => sdk.shutdown(),
  };
}
