import { OtlpReceiver } from '../../features/support/otlp-receiver.ts';
import { startSemker } from '../lib/context.ts';
import { postLoad, type LoadResult } from '../lib/load.ts';
import { fmt } from '../lib/report.ts';
import type { Scenario } from './scenario.ts';

interface TracedRun {
  load: LoadResult;
  /** Messages the worker finished per second meanwhile. */
  completedPerSecond: number;
  /** Spans the receiver got during the measured phase (tracing on only). */
  spans: number;
}

/**
 * Target 6. The front door (POST /messages under open load, the offline worker busy behind it) with
 * tracing on ÷ the same with tracing off, measured back to back in this scenario. "On" is the
 * production set-up: the server child started with `--import ./src/telemetry.ts` and
 * OTEL_EXPORTER_OTLP_ENDPOINT in its real environment, exporting every span (the default sampler,
 * parent-based always-on) over OTLP gRPC to features/support/otlp-receiver.ts in this process. The
 * receiver decodes every export like a collector would; its spans are counted and dropped each
 * second so that the orchestrator's memory stays flat.
 */
export const tracing: Scenario = {
  name: 'tracing',
  async run(context) {
    const { warmupS, durationS } = context.options;
    const measure = async (
      processEnv: Record<string, string>,
      preload: string[],
      receiver?: OtlpReceiver,
    ) => {
      const child = await startSemker({ QUEUE_CAPACITY: '1000000' }, [], processEnv, preload);
      let spans = 0;
      const drop = setInterval(() => {
        if (!receiver) return;
        spans += receiver.spans.length;
        receiver.spans.length = 0;
      }, 1000);
      try {
        await postLoad(child.url, warmupS);
        spans = 0;
        const before = await child.sample();
        const load = await postLoad(child.url, durationS);
        const after = await child.sample();
        if (receiver) spans += receiver.spans.length;
        const completedPerSecond = ((after.completed - before.completed) * 1000) / (after.t - before.t);
        return { load, completedPerSecond, spans } satisfies TracedRun;
      } finally {
        clearInterval(drop);
        await child.stop();
      }
    };

    context.log('tracing: front door with tracing off');
    const off = await measure({}, []);
    context.log('tracing: front door with tracing on (OTLP gRPC to an in-process receiver)');
    const receiver = await OtlpReceiver.start();
    let on: TracedRun;
    try {
      on = await measure(
        {
          OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
          OTEL_SERVICE_NAME: 'semker-api',
          OTEL_LOG_LEVEL: 'warn',
        },
        ['./src/telemetry.ts'],
        receiver,
      );
    } finally {
      await receiver.close();
    }
    const ratio = on.load.okPerSecond / off.load.okPerSecond;
    const completedRatio = on.completedPerSecond / Math.max(off.completedPerSecond, 0.001);
    return {
      rows: [
        {
          scenario: 'tracing: throughput on ÷ off',
          figure: `${fmt.rate(on.load.okPerSecond)} (p99 ${fmt.ms(on.load.latencyMs.p99)})`,
          reference: `${fmt.rate(off.load.okPerSecond)} off (p99 ${fmt.ms(off.load.latencyMs.p99)})`,
          ratio,
          target: '≥ 0.70×',
          pass: ratio >= 0.7 && on.load.non2xx === 0 && on.spans > 0,
          note:
            `answers ${fmt.rate(on.completedPerSecond)} on ÷ ${fmt.rate(off.completedPerSecond)} off = ${completedRatio.toFixed(2)}×; ` +
            `${fmt.rate(on.spans / on.load.durationS)} spans exported`,
        },
      ],
      raw: { off, on },
    };
  },
};
