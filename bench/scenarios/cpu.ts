import { fmt } from '../lib/report.ts';
import { profiledClosedLoop } from '../lib/profiled-loop.ts';
import type { Scenario } from './scenario.ts';

/**
 * The end-to-end closed loop alone (50 clients, post → wait for its answer → post; offline engine,
 * in-process MCP), without the references the end-to-end scenario divides by: only the server's
 * main-thread CPU per answer, the one figure of that scenario that a shared machine still roughly
 * compares. Cheap enough to alternate two builds several times (`--repeat 5`) for an A/B of a
 * change. With --profile, a second run under `node --cpu-prof`, summarised as end-to-end's is.
 */
export const cpu: Scenario = {
  name: 'cpu',
  async run(context) {
    context.log('cpu: end-to-end closed loop, server CPU per answer only');
    const run = await context.answers(context.options.durationS);
    const raw: Record<string, unknown> = { run };
    if (context.options.profile) raw.profile = await profiledClosedLoop(context, 'cpu', 40);
    const us = run.mainThreadCpuUsPerAnswer;
    return {
      rows: [
        {
          scenario: 'cpu: server CPU per answer, main thread',
          figure: us === null ? '—' : fmt.us(us),
          reference: '400 µs target',
          ratio: us === null ? null : us / 400,
          target: '≤ 1.00×',
          pass: us === null ? null : us <= 400,
          note:
            `whole process ${fmt.us(run.cpuUsPerAnswer)}; ${fmt.rate(run.clients.answersPerSecond)} answers` +
            (run.clients.failed + run.clients.errors > 0
              ? `; ${run.clients.failed} failed, ${run.clients.errors} errors`
              : ''),
        },
      ],
      raw,
    };
  },
};
