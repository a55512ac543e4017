import { existsSync } from 'node:fs';
import path from 'node:path';
import { fmt } from '../lib/report.ts';
import { summarise } from '../profile-summary.ts';
import type { RunContext } from '../lib/context.ts';
import type { Scenario } from './scenario.ts';

/**
 * The closed loop again under `node --cpu-prof`, its profile written to bench/results and summarised
 * over the measured phase only (start-up and warm-up left out), with that phase's answers and CPU;
 * undefined when the server wrote none.
 */
export async function profiledClosedLoop(
  context: RunContext,
  label: string,
  top: number,
): Promise<Record<string, unknown> | undefined> {
  const { resultsDir, stamp, durationS } = context.options;
  const name = `${stamp}-${label}.cpuprofile`;
  context.log(`profile: the closed loop again under --cpu-prof → ${path.join('bench/results', name)}`);
  const profiled = await context.answers(durationS, [
    '--cpu-prof',
    '--cpu-prof-dir',
    resultsDir,
    '--cpu-prof-name',
    name,
  ]);
  // A server that died before writing its profile leaves none to summarise.
  if (!existsSync(path.join(resultsDir, name))) return undefined;
  const { window } = profiled;
  return {
    file: name,
    window,
    answers: Math.round(profiled.serverCompletedPerSecond * ((window.endUs - window.startUs) / 1e6)),
    cpuUsPerAnswer: profiled.cpuUsPerAnswer,
    mainThreadCpuUsPerAnswer: profiled.mainThreadCpuUsPerAnswer,
    top: await summarise(path.join(resultsDir, name), top, window),
  };
}

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
