import { existsSync } from 'node:fs';
import path from 'node:path';
import { summarise } from '../profile-summary.ts';
import type { RunContext } from './context.ts';

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
