import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * What the running process knows of its telemetry. The preload (src/telemetry/preload.ts) registers it on
 * a process-wide symbol before the application is imported; the application only reads it, so
 * importing this module never starts anything (unlike importing the preload late would).
 */
export interface TelemetryRuntime {
  /** True when the OpenTelemetry SDK runs (an OTLP endpoint is configured and it is not disabled). */
  readonly enabled: boolean;
  /** Answers a Prometheus scrape with the current metrics; absent when the SDK does not run. */
  readonly metricsHandler?: (req: IncomingMessage, res: ServerResponse) => void;
  /** Flushes and stops the exporters; call last at shutdown. */
  shutdown(): Promise<void>;
}

const KEY = Symbol.for('semker.telemetry');

const OFF: TelemetryRuntime = { enabled: false, shutdown: () => Promise.resolve() };

/** Called once by the preload. */
export function registerTelemetryRuntime(runtime: TelemetryRuntime): void {
  (globalThis as Record<symbol, unknown>)[KEY] = runtime;
}

/** The telemetry the preload started, or an inert one when it did not run. */
export function telemetryRuntime(): TelemetryRuntime {
  return ((globalThis as Record<symbol, unknown>)[KEY] as TelemetryRuntime | undefined) ?? OFF;
}
