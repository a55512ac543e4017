import { Child } from '../lib/child.ts';
import { startSemker } from '../lib/context.ts';
import { postLoad } from '../lib/load.ts';
import { fmt } from '../lib/report.ts';
import { ROUND_TRIPS_PER_MESSAGE } from '../model-server.ts';
import type { Scenario } from './scenario.ts';

const MODEL_DELAY_MS = 200;
const CONCURRENCY = 16;

/**
 * Target 4. The OpenAI engine against an OpenAI-compatible server that answers after 200 ms
 * (bench/model-server.ts, 3 round trips per message): completions per second ≥ 90 % of the ideal
 * WORKER_CONCURRENCY ÷ (round trips × 0.2 s), and POST /messages p99 no worse than the offline front
 * door's (≤ 1.25× of it, same run). The front door is saturated with a large queue, so the worker
 * always has work and every POST is accepted.
 */
export const modelBound: Scenario = {
  name: 'model-bound',
  async run(context) {
    const frontDoor = await context.frontDoor();
    context.log(
      `model-bound: OpenAI engine, model answering after ${MODEL_DELAY_MS} ms, WORKER_CONCURRENCY=${CONCURRENCY}`,
    );
    const model = await Child.start({
      script: 'model-server.ts',
      env: { BENCH_MODEL_DELAY_MS: String(MODEL_DELAY_MS) },
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
      const completedPerSecond = (completed * 1000) / (after.t - before.t);
      const ideal = CONCURRENCY / ((ROUND_TRIPS_PER_MESSAGE * MODEL_DELAY_MS) / 1000);
      const roundTrips = completed > 0 ? (modelAfter.accepted - modelBefore.accepted) / completed : NaN;
      const ratio = completedPerSecond / ideal;
      const p99Ratio = load.latencyMs.p99 / frontDoor.load.latencyMs.p99;
      return {
        rows: [
          {
            scenario: 'model-bound: answers completed (200 ms model)',
            figure: fmt.rate(completedPerSecond),
            reference: `${fmt.rate(ideal)} ideal (${CONCURRENCY} ÷ ${ROUND_TRIPS_PER_MESSAGE}×0.2 s)`,
            ratio,
            target: '≥ 0.90×',
            pass: ratio >= 0.9 && after.failed === before.failed,
            ...(after.failed > before.failed ? { note: `${after.failed - before.failed} failed` } : {}),
          },
          {
            scenario: 'model-bound: POST /messages p99',
            figure: fmt.ms(load.latencyMs.p99),
            reference: `${fmt.ms(frontDoor.load.latencyMs.p99)} offline front door`,
            ratio: p99Ratio,
            target: '≤ 1.25× (unchanged)',
            pass: p99Ratio <= 1.25,
          },
        ],
        raw: {
          load,
          completed,
          completedPerSecond,
          ideal,
          roundTripsPerMessage: roundTrips,
          failed: after.failed - before.failed,
        },
      };
    } finally {
      await api.stop();
      await model.stop();
    }
  },
};
