import type { Scenario } from './scenario.ts';

/**
 * Target 6 — SLOT, NOT MEASURED YET. Throughput with tracing on (exporting over OTLP to a local
 * receiver) ≥ 0.7× with tracing off. The OpenTelemetry instrumentation (src/telemetry.ts) does not
 * exist yet; when it does, this scenario should run the front door twice against bench/semker-server.ts,
 * once with OTEL_EXPORTER_OTLP_ENDPOINT pointing at an in-process OTLP gRPC receiver (see DESIGN.md
 * §5 for the decoder) and once with tracing off, and divide the two accept rates.
 */
export const tracing: Scenario = {
  name: 'tracing',
  run(context) {
    context.log('tracing: not yet instrumented, skipped');
    return Promise.resolve({
      rows: [
        {
          scenario: 'tracing: throughput on ÷ off',
          figure: '—',
          reference: '—',
          ratio: null,
          target: '≥ 0.70×',
          pass: null,
          note: 'tracing not yet instrumented',
        },
      ],
      raw: { skipped: 'tracing not yet instrumented' },
    });
  },
};
