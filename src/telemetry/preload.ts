/**
 * OpenTelemetry preload. Must run before anything imports express, http or pino, so it is loaded
 * with `--import`, never imported by the application:
 *
 *   tsx --import ./src/telemetry/preload.ts src/composition/main.ts        node --import ./dist/telemetry/preload.js dist/composition/main.js
 *
 * With no OTLP endpoint (OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT), or with
 * OTEL_SDK_DISABLED=true, it does nothing: no loader hook, no SDK module loaded, no exporter. The
 * OTEL_* variables are the standard ones, read by the SDK itself; they are the only variables read
 * outside src/config/config.ts, because the SDK must start before the configuration is loaded.
 */
import 'dotenv/config';
import { register } from 'node:module';
import { registerTelemetryRuntime } from './runtime.ts';

const env = process.env;
const disabled = ['true', '1'].includes((env.OTEL_SDK_DISABLED ?? '').trim().toLowerCase());
const endpoint = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || env.OTEL_EXPORTER_OTLP_ENDPOINT;

if (endpoint && !disabled) {
  // The ESM loader hook the instrumentations patch through (import-in-the-middle), limited to the
  // modules they patch: wrapping every module would slow start-up and can break some packages.
  register('import-in-the-middle/hook.mjs', import.meta.url, {
    data: { include: ['express', 'pino', 'http', 'node:http', 'https', 'node:https'] },
  });
  // Loaded only when tracing is on: with it off the SDK's modules are never even read.
  const { startSdk } = await import('./sdk.ts');
  try {
    registerTelemetryRuntime(startSdk(env, process.argv[1]));
  } catch (error) {
    // Like a bad setting in src/config/config.ts: stop at once, naming the problem, rather than run untraced.
    process.stderr.write(
      `semker: OpenTelemetry could not start: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(2);
  }
}
