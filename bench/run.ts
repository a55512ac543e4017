/**
 * `npm run bench` — the performance harness. Runs each scenario, prints a table
 * and writes bench/results/<date>.json. Every figure is compared with a reference measured in the
 * same run on the same machine: a minimal Express handler on the same Node, and the original's
 * design on FastAPI + uvicorn (bench/reference-fastapi/app.py; its rows say "not measured" where
 * python3-fastapi and python3-uvicorn are missing). Absolute numbers are printed, never asserted
 * (the exit code is 0 even when a target is missed, because these machines are noisy).
 *
 *   npm run bench                              all scenarios, 10 s load phases, 300 s RSS soak
 *   npm run bench -- --only front-door,mcp     some scenarios (front-door, end-to-end, mcp,
 *                                              model-bound, memory, tracing, postgres, streams,
 *                                              customers, webhooks, cpu)
 *   npm run bench -- --duration 20             seconds per measured load phase (default 10)
 *   npm run bench -- --soak 60                 a shorter RSS soak (the target is about 5 minutes)
 *   npm run bench -- --profile                 also profile the end-to-end run (node --cpu-prof)
 *                                              and print its phases in µs per answer; with
 *                                              front-door, profile it and the minimal handler too
 *   npm run bench -- --repeat 3                run the scenarios 3 times, in turn; each row is the
 *                                              median repetition, with the spread in its note
 *   npm run bench -- --only cpu --repeat 5     the end-to-end CPU per answer alone (no references),
 *                                              for an A/B of a change
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { RunContext } from './lib/context.ts';
import { machine, medianRow, table, type Row } from './lib/report.ts';
import { render, type ProfileSummary } from './profile-summary.ts';
import { cpu } from './scenarios/cpu.ts';
import { customers } from './scenarios/customers.ts';
import { endToEnd } from './scenarios/end-to-end.ts';
import { frontDoor } from './scenarios/front-door.ts';
import { mcp } from './scenarios/mcp.ts';
import { memory } from './scenarios/memory.ts';
import { modelBound } from './scenarios/model-bound.ts';
import { postgres } from './scenarios/postgres.ts';
import type { Scenario } from './scenarios/scenario.ts';
import { streams } from './scenarios/streams.ts';
import { tracing } from './scenarios/tracing.ts';
import { webhooks } from './scenarios/webhooks.ts';

if (Number(process.versions.node.split('.')[0]) < 22) {
  process.stderr.write(`bench needs Node >= 22 (this is ${process.version}): run it as \`npm run bench\`\n`);
  process.exit(2);
}

const SCENARIOS: Scenario[] = [
  frontDoor,
  endToEnd,
  cpu,
  mcp,
  modelBound,
  memory,
  tracing,
  postgres,
  streams,
  customers,
  webhooks,
];

const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '3' },
    soak: { type: 'string' },
    profile: { type: 'boolean', default: false },
    repeat: { type: 'string', default: '1' },
    help: { type: 'boolean', default: false },
  },
});

if (values.help) {
  process.stdout.write(
    'npm run bench -- [--only name,name] [--duration s] [--warmup s] [--soak s] [--profile] [--repeat n]\n' +
      `scenarios: ${SCENARIOS.map((s) => s.name).join(', ')}\n`,
  );
  process.exit(0);
}

const positive = (name: string, raw: string): number => {
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) {
    process.stderr.write(`--${name} must be a positive number of seconds (got ${raw})\n`);
    process.exit(2);
  }
  return n;
};

const wanted = values.only
  ?.split(',')
  .map((s) => s.trim())
  .filter(Boolean);
const unknown = wanted?.filter((name) => !SCENARIOS.some((s) => s.name === name)) ?? [];
if (unknown.length > 0) {
  process.stderr.write(
    `unknown scenario(s): ${unknown.join(', ')}; known: ${SCENARIOS.map((s) => s.name).join(', ')}\n`,
  );
  process.exit(2);
}
const selected = wanted ? SCENARIOS.filter((s) => wanted.includes(s.name)) : SCENARIOS;
if (values.profile && !selected.includes(endToEnd) && !selected.includes(cpu)) selected.push(endToEnd);

const resultsDir = fileURLToPath(new URL('results/', import.meta.url));
await mkdir(resultsDir, { recursive: true });
const started = new Date();
const stamp = started
  .toISOString()
  .replace(/[:.]/g, '-')
  .replace(/-\d{3}Z$/, 'Z');
const options = {
  durationS: positive('duration', values.duration),
  warmupS: positive('warmup', values.warmup),
  soakS: values.soak ? positive('soak', values.soak) : 300,
  profile: values.profile,
  resultsDir,
  stamp,
};
const repeat = positive('repeat', values.repeat);
if (!Number.isInteger(repeat)) {
  process.stderr.write(`--repeat must be a whole number (got ${values.repeat})\n`);
  process.exit(2);
}

const info = machine();
process.stderr.write(
  `Semker bench — ${info.cpu} ×${info.cpus}, Node ${info.node}; load phases ${options.durationS} s ` +
    `(+${options.warmupS} s warm-up), soak ${options.soakS} s` +
    `${repeat > 1 ? `, ${repeat} repetitions` : ''}\n`,
);
/** Per scenario, the rows of each repetition. */
const runs = new Map<string, Row[][]>();
/** Per scenario, the raw measurements of each repetition (one entry without --repeat). */
const raw: Record<string, unknown[]> = {};
for (let repetition = 1; repetition <= repeat; repetition++) {
  // A fresh context per repetition: its reference and front door are measured again, not reused.
  const context = new RunContext(options);
  for (const scenario of selected) {
    process.stderr.write(`${scenario.name}${repeat > 1 ? ` (${repetition}/${repeat})` : ''}\n`);
    let rows: Row[];
    try {
      const outcome = await scenario.run(context);
      rows = outcome.rows;
      (raw[scenario.name] ??= []).push(outcome.raw);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      process.stderr.write(`  ${scenario.name} failed: ${message}\n`);
      rows = [
        {
          scenario: scenario.name,
          figure: '—',
          reference: '—',
          ratio: null,
          target: '',
          pass: false,
          note: 'error',
        },
      ];
      (raw[scenario.name] ??= []).push({ error: message });
    }
    runs.set(scenario.name, [...(runs.get(scenario.name) ?? []), rows]);
  }
}
// Row i of a scenario is the median of its row i across repetitions (a failed one has fewer rows).
const rows: Row[] = [...runs.values()].flatMap((repetitions) => {
  const widest = Math.max(...repetitions.map((r) => r.length));
  return Array.from({ length: widest }, (_, i) =>
    medianRow(repetitions.map((r) => r[i]).filter((row): row is Row => row !== undefined)),
  );
});

const file = path.join(resultsDir, `${stamp}.json`);
await writeFile(
  file,
  `${JSON.stringify({ date: started.toISOString(), machine: info, options: { ...options, resultsDir: undefined, repeat }, rows, raw }, null, 2)}\n`,
);
process.stdout.write(`\n${table(rows)}\n\nresults: ${path.relative(process.cwd(), file)}\n`);
const endToEndRaw = (raw['end-to-end']?.[0] ?? raw.cpu?.[0]) as
  | { run?: { mainThreadCpuUsPerAnswer: number | null }; profile?: { file: string; top: ProfileSummary } }
  | undefined;
const profile = endToEndRaw?.profile;
// Shares of the profile turned into µs with the main thread's CPU per answer of the run without
// the profiler, which slows the process it samples.
const cpuUs = endToEndRaw?.run?.mainThreadCpuUsPerAnswer;
if (profile)
  process.stdout.write(
    `\nprofile of the end-to-end run (bench/results/${profile.file})` +
      `${cpuUs ? `, µs per answer from ${cpuUs.toFixed(0)} µs of main-thread CPU without the profiler` : ''}:\n` +
      `${render(profile.top, cpuUs ? { cpuUs } : undefined)}\n`,
  );
const frontDoorRaw = raw['front-door']?.[0] as
  | {
      reference?: { mainThreadCpuUsPerRequest: number | null };
      real?: { mainThreadCpuUsPerRequest: number | null };
      profile?: Record<'semker' | 'express', { file: string; top: ProfileSummary }>;
    }
  | undefined;
if (frontDoorRaw?.profile) {
  const { semker, express } = frontDoorRaw.profile;
  const perRequest = (us: number | null | undefined) => (us ? { cpuUs: us, unit: 'request' } : undefined);
  process.stdout.write(
    `\nprofile of the front door, Semker (bench/results/${semker.file}), µs per request:\n` +
      `${render(semker.top, perRequest(frontDoorRaw.real?.mainThreadCpuUsPerRequest))}\n` +
      `\nprofile of the minimal Express handler (bench/results/${express.file}), µs per request:\n` +
      `${render(express.top, perRequest(frontDoorRaw.reference?.mainThreadCpuUsPerRequest))}\n`,
  );
}
