import { Child } from '../lib/child.ts';
import { startSemker } from '../lib/context.ts';
import { postLoad, type LoadResult } from '../lib/load.ts';
import { completedPerSecond } from '../lib/protocol.ts';
import { fmt } from '../lib/report.ts';
import type { Scenario } from './scenario.ts';

interface TracedRun {
  load: LoadResult;
  /** Messages the worker finished per second meanwhile. */
  completedPerSecond: number;
  /** Spans the receiver got during the measured phase (tracing on only). */
  spans: number;
  /** Spans the API's batch span processor dropped meanwhile (its queue was full), from its warnings. */
  dropped: number;
}

/** The SDK's warning when the batch span processor's queue is full. */
const DROPPED = /Dropped (\d+) spans because maxQueueSize reached/g;

/** The share of traces the second "on" run keeps (OTEL_TRACES_SAMPLER=parentbased_traceidratio). */
const SAMPLED_RATIO = 0.1;

/**
 * The front door (POST /messages under open load, the offline worker busy behind it) with
 * tracing on ÷ the same with tracing off, measured back to back in this scenario. "On" is the
 * production set-up: the server child started with the telemetry preload (`--import`) and
 * OTEL_EXPORTER_OTLP_ENDPOINT in its real environment, exporting every span (the default sampler,
 * parent-based always-on) over OTLP gRPC to features/support/otlp-receiver.ts, which decodes every
 * export like a collector would, in a child process of its own (bench/otlp-sink.ts says why).
 * Measured twice: every trace, then a tenth of them (the head sampling a busy service would use). A
 * run passes only if the SDK dropped no span: when exports cannot keep up, the batch processor's
 * queue fills and it drops spans, which makes tracing cheaper and the ratio flattering.
 */
export const tracing: Scenario = {
  name: 'tracing',
  async run(context) {
    const { warmupS, durationS } = context.options;
    const measure = async (processEnv: Record<string, string>, telemetry: boolean, sink?: Child) => {
      let dropped = 0;
      let partial = ''; // stderr arrives in chunks; a warning may span two
      const countDrops = (text: string): void => {
        const lines = (partial + text).split('\n');
        partial = lines.pop() ?? '';
        for (const match of lines.join('\n').matchAll(DROPPED)) dropped += Number(match[1]);
      };
      const child = await startSemker({ QUEUE_CAPACITY: '1000000' }, [], processEnv, telemetry, countDrops);
      try {
        await postLoad(child.url, warmupS);
        const spansBefore = sink ? (await sink.sample()).accepted : 0;
        dropped = 0;
        const before = await child.sample();
        const load = await postLoad(child.url, durationS);
        const after = await child.sample();
        const spans = sink ? (await sink.sample()).accepted - spansBefore : 0;
        const droppedNow = dropped;
        return {
          load,
          completedPerSecond: completedPerSecond(before, after),
          spans,
          dropped: droppedNow,
        } satisfies TracedRun;
      } finally {
        await child.stop();
      }
    };

    context.log('tracing: front door with tracing off');
    const off = await measure({}, false);
    const sink = await Child.start({ script: 'otlp-sink.ts' });
    const traced = (label: string, sampler: Record<string, string>) => {
      context.log(
        `tracing: front door with tracing on, ${label} (OTLP gRPC to a receiver in its own process)`,
      );
      return measure(
        {
          OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${sink.port}`,
          OTEL_SERVICE_NAME: 'semker-api',
          OTEL_LOG_LEVEL: 'warn',
          ...sampler,
        },
        true,
        sink,
      );
    };
    let on: TracedRun;
    let sampled: TracedRun;
    try {
      on = await traced('every trace', {});
      sampled = await traced(`${SAMPLED_RATIO * 100} % of traces`, {
        OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
        OTEL_TRACES_SAMPLER_ARG: String(SAMPLED_RATIO),
      });
    } finally {
      await sink.stop();
    }
    const row = (scenario: string, run: TracedRun) => {
      const ratio = run.load.okPerSecond / off.load.okPerSecond;
      const completedRatio = run.completedPerSecond / Math.max(off.completedPerSecond, 0.001);
      const exported = run.spans / run.load.durationS;
      const dropped = run.dropped / run.load.durationS;
      return {
        scenario,
        figure: `${fmt.rate(run.load.okPerSecond)} (p99 ${fmt.ms(run.load.latencyMs.p99)})`,
        reference: `${fmt.rate(off.load.okPerSecond)} off (p99 ${fmt.ms(off.load.latencyMs.p99)})`,
        ratio,
        target: '≥ 0.70×, no span dropped',
        // A tracer that drops spans is cheaper than one that exports them all: it only passes whole.
        pass: ratio >= 0.7 && run.load.non2xx === 0 && run.spans > 0 && run.dropped === 0,
        note:
          `answers ${fmt.rate(run.completedPerSecond)} on ÷ ${fmt.rate(off.completedPerSecond)} off = ${completedRatio.toFixed(2)}×; ` +
          `${fmt.rate(exported)} spans exported, ${fmt.rate(dropped)} dropped (queue full)`,
      };
    };
    return {
      rows: [
        row('tracing: throughput on ÷ off, every trace', on),
        row(`tracing: throughput on ÷ off, ${SAMPLED_RATIO * 100} % sampled`, sampled),
      ],
      raw: { off, on, sampled },
    };
  },
};
