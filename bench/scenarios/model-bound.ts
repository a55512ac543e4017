import { Child } from '../lib/child.ts';
import { startSemker, type RunContext } from '../lib/context.ts';
import { postLoad, type LoadResult } from '../lib/load.ts';
import { completedPerSecond } from '../lib/protocol.ts';
import { fmt } from '../lib/report.ts';
import { ROUND_TRIPS_PER_MESSAGE } from '../model-server.ts';
import type { Scenario } from './scenario.ts';

const MODEL_DELAY_MS = 200;
const CONCURRENCY = 16;

interface ModelRun {
  load: LoadResult;
  completed: number;
  completedPerSecond: number;
  roundTripsPerMessage: number;
  failed: number;
}

/**
 * The OpenAI engine against bench/model-server.ts answering after `delayMs`, under the front door's
 * open load with a large queue (the worker always has work, every POST is accepted).
 */
async function underLoad(context: RunContext, delayMs: number): Promise<ModelRun> {
  context.log(
    `model-bound: OpenAI engine, model answering after ${delayMs} ms, WORKER_CONCURRENCY=${CONCURRENCY}`,
  );
  const model = await Child.start({
    script: 'model-server.ts',
    env: { BENCH_MODEL_DELAY_MS: String(delayMs) },
  });
  const api = await startSemker({
    LLM_PROVIDER: 'openai',
    OPENAI_API_KEY: 'bench-key',
    OPENAI_BASE_URL: `${model.url}/v1`,
    WORKER_CONCURRENCY: String(CONCURRENCY),
    QUEUE_CAPACITY: '1000000',
  });
  try {
    await postLoad(api.url, context.options.warmupS);
    const before = await api.sample();
    const modelBefore = await model.sample();
    const load = await postLoad(api.url, context.options.durationS);
    const after = await api.sample();
    const modelAfter = await model.sample();
    const completed = after.completed - before.completed;
    return {
      load,
      completed,
      completedPerSecond: completedPerSecond(before, after),
      roundTripsPerMessage: completed > 0 ? (modelAfter.accepted - modelBefore.accepted) / completed : NaN,
      failed: after.failed - before.failed,
    };
  } finally {
    await api.stop();
    await model.stop();
  }
}

/**
 * The OpenAI engine against an OpenAI-compatible server that answers after 200 ms
 * (bench/model-server.ts, 3 round trips per message): completions per second ≥ 90 % of the ideal
 * WORKER_CONCURRENCY ÷ (round trips × 0.2 s); and POST /messages p99 "unchanged by model latency":
 * the same engine, settings and load with the model answering at once is the reference, so the
 * only thing that differs between the two runs is the model's latency (≤ 1.25× of it). The first
 * session compared with the offline front door instead, which changes the engine too: its worker
 * spends the CPU the model-bound worker waits away, and the ratio swung 1.00–2.00× from run to run.
 */
export const modelBound: Scenario = {
  name: 'model-bound',
  async run(context) {
    const slow = await underLoad(context, MODEL_DELAY_MS);
    const instant = await underLoad(context, 0);
    const ideal = CONCURRENCY / ((ROUND_TRIPS_PER_MESSAGE * MODEL_DELAY_MS) / 1000);
    const ratio = slow.completedPerSecond / ideal;
    const p99Ratio = slow.load.latencyMs.p99 / Math.max(instant.load.latencyMs.p99, 1);
    return {
      rows: [
        {
          scenario: 'model-bound: answers completed (200 ms model)',
          figure: fmt.rate(slow.completedPerSecond),
          reference: `${fmt.rate(ideal)} ideal (${CONCURRENCY} ÷ ${ROUND_TRIPS_PER_MESSAGE}×0.2 s)`,
          ratio,
          target: '≥ 0.90×',
          pass: ratio >= 0.9 && slow.failed === 0,
          ...(slow.failed > 0 ? { note: `${slow.failed} failed` } : {}),
        },
        {
          scenario: 'model-bound: POST /messages p99',
          figure: `${fmt.ms(slow.load.latencyMs.p99)} (200 ms model)`,
          reference: `${fmt.ms(instant.load.latencyMs.p99)} with the model answering at once`,
          ratio: p99Ratio,
          target: '≤ 1.25× (unchanged)',
          pass: p99Ratio <= 1.25 && slow.load.non2xx === 0,
          note: `accepted ${fmt.rate(slow.load.okPerSecond)} and ${fmt.rate(instant.load.okPerSecond)}; answers ${fmt.rate(instant.completedPerSecond)} with the instant model`,
        },
      ],
      raw: { ideal, slow, instant },
    };
  },
};
