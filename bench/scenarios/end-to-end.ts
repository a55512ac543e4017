import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fastApiRow } from '../lib/fastapi-reference.ts';
import { fmt } from '../lib/report.ts';
import { summarise } from '../profile-summary.ts';
import type { Scenario } from './scenario.ts';

/**
 * Target 2. Answers completed per second (offline engine, in-process MCP) with 50 clients, each
 * posting a question, waiting for its answer and asking the next, ≥ 0.5× the minimal handler's
 * accept rate. The server runs in a child process (its own event loop and CPU, as in production;
 * autocannon stays in this process); completions are counted by the server from the processor's
 * `update` events. Issue #17 adds: the same answers per second ≥ 1.0× the original's design
 * (FastAPI, instant mock agent) accepting the same requests. With --profile, a second run under
 * `node --cpu-prof` writes a .cpuprofile.
 */
export const endToEnd: Scenario = {
  name: 'end-to-end',
  async run(context) {
    const reference = await context.reference();
    const fastApi = await context.fastApi();
    context.log('end to end: 50 conversations, post → wait for the answer → post, offline engine');
    const run = await context.conversations({}, context.options.durationS);
    const ratio = run.completedPerSecond / reference.okPerSecond;
    const raw: Record<string, unknown> = { reference, fastApi, run };
    if (context.options.profile) {
      const { resultsDir, stamp } = context.options;
      const name = `${stamp}-end-to-end.cpuprofile`;
      context.log(`profile: end to end again under --cpu-prof → ${path.join('bench/results', name)}`);
      const profiled = await context.conversations({}, context.options.durationS, [
        '--cpu-prof',
        '--cpu-prof-dir',
        resultsDir,
        '--cpu-prof-name',
        name,
      ]);
      const written = (await readdir(resultsDir)).find((f) => f === name);
      // Summarised over the measured phase only (start-up and warm-up left out), with its answers.
      if (written)
        raw.profile = {
          file: name,
          window: profiled.window,
          answers: Math.round(profiled.completedPerSecond * profiled.load.durationS),
          cpuUsPerAnswer: profiled.cpuUsPerAnswer,
          top: await summarise(path.join(resultsDir, name), 20, profiled.window),
        };
    }
    return {
      rows: [
        {
          scenario: 'end to end: answers completed (offline)',
          figure: fmt.rate(run.completedPerSecond),
          reference: `${fmt.rate(reference.okPerSecond)} minimal accept`,
          ratio,
          target: '≥ 0.50×',
          pass: ratio >= 0.5 && run.failed === 0,
          note: `${run.failed > 0 ? `${run.failed} failed; ` : ''}server CPU ${fmt.us(run.cpuUsPerAnswer)} per answer`,
        },
        fastApiRow(
          'end to end: answers completed ÷ FastAPI',
          run.completedPerSecond,
          fastApi,
          1.0,
          run.failed === 0,
        ),
      ],
      raw,
    };
  },
};
