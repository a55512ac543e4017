import { fastApiRow } from '../lib/fastapi-reference.ts';
import { fmt } from '../lib/report.ts';
import type { Scenario } from './scenario.ts';

/**
 * POST /messages throughput of the real server (production logging, offline worker running behind
 * it) ≥ 0.6× the minimal Express handler, same client load; p99 ≤ 25 ms; and the same throughput
 * ≥ 1.5× the original's design (FastAPI) under the same load. Beside them, each server's main-thread
 * CPU per request; with --profile, both again under `node --cpu-prof`, for where that CPU goes.
 */
export const frontDoor: Scenario = {
  name: 'front-door',
  async run(context) {
    const reference = await context.reference();
    const fastApi = await context.fastApi();
    const real = await context.frontDoor();
    const ratio = real.load.okPerSecond / reference.okPerSecond;
    const raw: Record<string, unknown> = { reference, fastApi, real };
    // Where a request's main-thread CPU goes in each, for the gap item by item (run.ts prints it).
    if (context.options.profile) raw.profile = await context.profileFrontDoor();
    const semkerCpu = real.mainThreadCpuUsPerRequest;
    const expressCpu = reference.mainThreadCpuUsPerRequest;
    return {
      rows: [
        {
          scenario: 'front door: POST /messages accepted',
          figure: fmt.rate(real.load.okPerSecond),
          reference: `${fmt.rate(reference.okPerSecond)} minimal Express`,
          ratio,
          target: '≥ 0.60×',
          pass: ratio >= 0.6 && real.load.non2xx === 0,
          ...(real.load.non2xx > 0 ? { note: `${real.load.non2xx} non-2xx` } : {}),
        },
        {
          scenario: 'front door: POST /messages p99',
          figure: fmt.ms(real.load.latencyMs.p99),
          reference: `${fmt.ms(reference.latencyMs.p99)} minimal Express`,
          ratio: real.load.latencyMs.p99 / Math.max(reference.latencyMs.p99, 0.001),
          target: '≤ 25 ms',
          pass: real.load.latencyMs.p99 <= 25,
        },
        {
          scenario: 'front door: main-thread CPU per request',
          figure: semkerCpu === null ? '—' : fmt.us(semkerCpu),
          reference: expressCpu === null ? '—' : `${fmt.us(expressCpu)} minimal Express`,
          ratio: semkerCpu === null || expressCpu === null ? null : semkerCpu / expressCpu,
          target: '',
          pass: null,
          note: "the worker's share included; what the 0.6× row is made of",
        },
        fastApiRow(
          'front door: POST /messages accepted ÷ FastAPI',
          real.load.okPerSecond,
          fastApi,
          1.5,
          real.load.non2xx === 0,
        ),
      ],
      raw,
    };
  },
};
