import { fastApiRow, launcherRow } from '../lib/fastapi-reference.ts';
import { fmt, type Row } from '../lib/report.ts';
import { profiledClosedLoop } from '../lib/profiled-loop.ts';
import type { Scenario } from './scenario.ts';

/**
 * Answers as clients wait for them (offline engine, in-process MCP): 50 clients, each posting a
 * question, waiting for that message's answer and asking the next. Answers per second are the
 * answers the clients received in the measured window ÷ its seconds, with p50 and p99 of the answer
 * time (POST sent → answer received); divided by the minimal Express handler's accept rate (≥ 0.5×)
 * and by the original's design (FastAPI, instant mock agent, started by uvicorn's command line)
 * accepting the same requests (≥ 1.0×). The server runs in a child process (its own event loop and
 * CPU, as in production); the clients run in this process. Its note gives the server's CPU per
 * answer, main thread and whole process. With --profile, a second run under `node --cpu-prof`
 * writes a .cpuprofile.
 */
export const endToEnd: Scenario = {
  name: 'end-to-end',
  async run(context) {
    const reference = await context.reference();
    const fastApi = await context.fastApi();
    context.log('end to end: 50 clients, post → wait for its answer → post, offline engine');
    const run = await context.answers(context.options.durationS);
    const { clients } = run;
    const ratio = clients.answersPerSecond / reference.okPerSecond;
    const ok = clients.failed === 0 && clients.errors === 0;
    const raw: Record<string, unknown> = { reference, fastApi, run };
    if (context.options.profile) raw.profile = await profiledClosedLoop(context, 'end-to-end', 20);
    const mainThread =
      run.mainThreadCpuUsPerAnswer === null ? '' : `main thread ${fmt.us(run.mainThreadCpuUsPerAnswer)}, `;
    const problems = [
      clients.failed > 0 ? `${clients.failed} failed` : '',
      clients.errors > 0 ? `${clients.errors} errors` : '',
    ].filter(Boolean);
    const note =
      `${problems.length > 0 ? `${problems.join(', ')}; ` : ''}answer p50 ${fmt.ms(clients.answerMs.p50)}, ` +
      `p99 ${fmt.ms(clients.answerMs.p99)}; server CPU per answer: ${mainThread}process ${fmt.us(run.cpuUsPerAnswer)}; ` +
      `server counted ${fmt.rate(run.serverCompletedPerSecond)}`;
    return {
      rows: [
        {
          scenario: 'end to end: answers received by waiting clients (offline)',
          figure: fmt.rate(clients.answersPerSecond),
          reference: `${fmt.rate(reference.okPerSecond)} minimal accept`,
          ratio,
          target: '≥ 0.50×',
          pass: ratio >= 0.5 && ok,
          note,
        },
        withNote(
          fastApiRow('end to end: answers received ÷ FastAPI', clients.answersPerSecond, fastApi, 1.0, ok),
          note,
        ),
        {
          scenario: 'end to end: server CPU per answer, main thread',
          figure: run.mainThreadCpuUsPerAnswer === null ? '—' : fmt.us(run.mainThreadCpuUsPerAnswer),
          reference: '400 µs target',
          ratio: run.mainThreadCpuUsPerAnswer === null ? null : run.mainThreadCpuUsPerAnswer / 400,
          target: '≤ 1.00×',
          pass: run.mainThreadCpuUsPerAnswer === null ? null : run.mainThreadCpuUsPerAnswer <= 400,
          note:
            run.mainThreadCpuUsPerAnswer === null
              ? 'not measured: no /proc'
              : `whole process ${fmt.us(run.cpuUsPerAnswer)}`,
        },
        launcherRow(fastApi),
      ],
      raw,
    };
  },
};

/** A measured FastAPI row gets the run's note after its own; a skipped one keeps only why. */
function withNote(row: Row, note: string): Row {
  if (row.ratio === null) return row;
  return { ...row, note: row.note ? `${row.note}; ${note}` : note };
}
