import { Child } from './child.ts';
import { FastApiReference, probePython, type FastApiRun, type Launcher } from './fastapi-reference.ts';
import {
  answerLoad,
  CONVERSATIONS,
  conversationLoad,
  postLoad,
  type AnswerResult,
  type LoadResult,
} from './load.ts';
import path from 'node:path';
import { summarise, type ProfileSummary } from '../profile-summary.ts';
import {
  completedPerSecond,
  cpuUsPerCompleted,
  mainThreadCpuUsPerCompleted,
  type Sample,
} from './protocol.ts';

/** Settings of a run, from the command line. */
export interface RunOptions {
  /** Seconds of each measured load phase. */
  durationS: number;
  /** Seconds of warm-up load before each measured phase (discarded). */
  warmupS: number;
  /** Seconds of the RSS-flatness run (60, or 300 with --long). */
  soakS: number;
  profile: boolean;
  resultsDir: string;
  stamp: string;
}

/**
 * What scenarios share within one run: the options and the measurements more than one scenario
 * divides by (the two references' accept rates; the real front door), each measured once, on demand.
 */
export class RunContext {
  private referenceRun: Promise<Reference> | undefined;
  private fastApiRun: Promise<FastApiRun> | undefined;
  private frontDoorRun: Promise<FrontDoor> | undefined;

  constructor(readonly options: RunOptions) {}

  log(text: string): void {
    process.stderr.write(`  ${text}\n`);
  }

  /** The minimal Express handler (bench/reference-server.ts) under the same POST load. */
  reference(): Promise<Reference> {
    this.referenceRun ??= (async () => {
      this.log('reference: minimal Express 5 handler, POST /messages');
      const { load, mainThreadCpuUsPerRequest } = await this.referenceUnder([]);
      return { ...load, mainThreadCpuUsPerRequest };
    })();
    return this.referenceRun;
  }

  /** bench/reference-server.ts under POST load, with these Node flags (e.g. --cpu-prof). */
  private async referenceUnder(nodeFlags: string[]): Promise<Measured> {
    return this.postLoaded(await Child.start({ script: 'reference-server.ts', nodeFlags }));
  }

  /** A started server under POST load, measured (see phase). */
  private async postLoaded(child: Child): Promise<Measured> {
    const { result, before, after } = await this.phase(child, postLoad, this.options.durationS);
    return measured(result, before, after);
  }

  /**
   * A started server under `load`: the warm-up, then the measured phase of `durationS` between two
   * samples of the server; the server is stopped after, whatever happened.
   */
  private async phase<T>(
    child: Child,
    load: (url: string, seconds: number) => Promise<T>,
    durationS: number,
    settle?: (window: MeasuredWindow) => Promise<void>,
  ): Promise<{ result: T; before: Sample; after: Sample }> {
    try {
      await load(child.url, this.options.warmupS);
      const fromMs = Date.now();
      const before = await child.sample();
      const result = await load(child.url, durationS);
      const after = await child.sample();
      await settle?.({ fromMs, toMs: Date.now(), before, after, sample: () => child.sample() });
      return { result, before, after };
    } finally {
      await child.stop();
    }
  }

  /**
   * The original's design (bench/reference-fastapi/app.py, FastAPI + one uvicorn worker) under the
   * same POST load as the Express reference: same autocannon, connections and conversations. Started
   * by uvicorn's command line (the reference's figure), and beside it by `uvicorn.run` from app.py's
   * main: the two are then loaded in alternating blocks, so that background load that comes and goes
   * weighs on both alike, to show the launchers agree.
   */
  fastApi(): Promise<FastApiRun> {
    this.fastApiRun ??= (async (): Promise<FastApiRun> => {
      const probe = await probePython();
      if (!probe.found) return { measured: false, reason: probe.reason };
      const { stack } = probe;
      this.log(
        `reference: FastAPI ${stack.fastapi} + uvicorn ${stack.uvicorn} (Python ${stack.python}, one worker, h11, asyncio), ` +
          `POST /messages over ${CONVERSATIONS} conversations`,
      );
      const servers: Partial<Record<Launcher, FastApiReference>> = {};
      try {
        for (const launcher of ['cli', 'run'] as const) {
          const server = await FastApiReference.start(stack.executable, launcher);
          servers[launcher] = server;
          await server.check();
          await postLoad(server.url, this.options.warmupS);
        }
        const cli = servers.cli!;
        this.log('reference: FastAPI started by `python3 -m uvicorn app:app`');
        const load = await postLoad(cli.url, this.options.durationS);
        this.log('reference: `uvicorn.run(app)` (python3 app.py) and the command line, alternating');
        const blockS = Math.max(2, Math.round(this.options.durationS / 2));
        const totals = { cli: { ok: 0, s: 0, non2xx: 0 }, run: { ok: 0, s: 0, non2xx: 0 } };
        // run, cli, cli, run: a drift of the background load weighs on both alike.
        for (const order of [
          ['run', 'cli'],
          ['cli', 'run'],
        ] as const) {
          for (const launcher of order) {
            const block = await postLoad(servers[launcher]!.url, blockS);
            totals[launcher].ok += block.ok;
            totals[launcher].s += block.durationS;
            totals[launcher].non2xx += block.non2xx;
          }
        }
        const launchers = {
          cliPerSecond: totals.cli.ok / totals.cli.s,
          runPerSecond: totals.run.ok / totals.run.s,
          non2xx: totals.cli.non2xx + totals.run.non2xx,
        };
        return { measured: true, load, launchers, stack };
      } catch (error) {
        // A reference that cannot run must not take the rows measured without it down with it.
        const message = error instanceof Error ? error.message : String(error);
        this.log(`FastAPI reference failed: ${message}`);
        return { measured: false, reason: `the FastAPI reference failed: ${message.split('\n')[0]}` };
      } finally {
        await Promise.all(Object.values(servers).map((server) => server.stop()));
      }
    })();
    return this.fastApiRun;
  }

  /** The real server under POST load: every request accepted (large queue), the offline worker busy behind it. */
  frontDoor(): Promise<FrontDoor> {
    this.frontDoorRun ??= (async () => {
      this.log('front door: Semker, POST /messages, offline worker running');
      const { load, mainThreadCpuUsPerRequest, before, after } = await this.frontDoorUnder([]);
      return {
        load,
        completedPerSecond: completedPerSecond(before, after),
        backlog: after.accepted - after.completed - after.failed,
        mainThreadCpuUsPerRequest,
      };
    })();
    return this.frontDoorRun;
  }

  /** The real front door (see frontDoor) with these Node flags. */
  private async frontDoorUnder(nodeFlags: string[]): Promise<Measured> {
    return this.postLoaded(await startSemker({ QUEUE_CAPACITY: '1000000' }, nodeFlags));
  }

  /**
   * The front door and the minimal Express handler again, each under `node --cpu-prof`, each profile
   * summarised over its measured phase: where a request's CPU goes in each, for the gap between them.
   */
  async profileFrontDoor(): Promise<{ semker: ProfiledRun; express: ProfiledRun }> {
    const { resultsDir, stamp } = this.options;
    const run = async (what: string, under: (flags: string[]) => Promise<Measured>): Promise<ProfiledRun> => {
      const file = `${stamp}-front-door-${what}.cpuprofile`;
      this.log(`profile: ${what} under --cpu-prof → ${path.join('bench/results', file)}`);
      const { load, before, after } = await under([
        '--cpu-prof',
        '--cpu-prof-dir',
        resultsDir,
        '--cpu-prof-name',
        file,
      ]);
      const window = { startUs: before.clockUs, endUs: after.clockUs };
      return { file, requests: load.ok, top: await summarise(path.join(resultsDir, file), 20, window) };
    };
    return {
      semker: await run('semker', (flags) => this.frontDoorUnder(flags)),
      express: await run('express', (flags) => this.referenceUnder(flags)),
    };
  }

  /**
   * Closed-loop conversations against a fresh real server; completions per second from the server's
   * counters. `settle` runs after the measured phase, with the server still up (work it queued in
   * the window, such as webhook deliveries, can finish).
   */
  async conversations(
    env: Record<string, string>,
    durationS: number,
    nodeFlags: string[] = [],
    settle?: (window: MeasuredWindow) => Promise<void>,
  ): Promise<Conversations> {
    const child = await startSemker(env, nodeFlags);
    const { result, before, after } = await this.phase(
      child,
      (url, s) => conversationLoad(url, s),
      durationS,
      settle,
    );
    return {
      load: result,
      completedPerSecond: completedPerSecond(before, after),
      failed: after.failed - before.failed,
      cpuUsPerAnswer: cpuUsPerCompleted(before, after),
      queriesPerAnswer: (after.queries - before.queries) / Math.max(1, after.completed - before.completed),
      window: { startUs: before.clockUs, endUs: after.clockUs },
    };
  }

  /**
   * Closed-loop conversations against a fresh real server, counted by the clients as they receive
   * their answers (answerLoad); the server's own count and CPU over the same window beside them.
   */
  async answers(durationS: number, nodeFlags: string[] = []): Promise<Answers> {
    const child = await startSemker({}, nodeFlags);
    const { result, before, after } = await this.phase(child, answerLoad, durationS);
    return {
      clients: result,
      serverCompletedPerSecond: completedPerSecond(before, after),
      cpuUsPerAnswer: cpuUsPerCompleted(before, after),
      mainThreadCpuUsPerAnswer: mainThreadCpuUsPerCompleted(before, after),
      window: { startUs: before.clockUs, endUs: after.clockUs },
    };
  }
}

/** A closed-loop run counted by its clients (RunContext.answers). */
export interface Answers {
  clients: AnswerResult;
  /** Messages the server finished per second over the same window, by its own counter. */
  serverCompletedPerSecond: number;
  /** The server's CPU (every thread) per message it finished, in microseconds. */
  cpuUsPerAnswer: number;
  /** The same for the server's main thread alone (its event loop), where Linux's /proc tells it. */
  mainThreadCpuUsPerAnswer: number | null;
  /** The measured phase on the server's monotonic clock (a profile's timestamps), in microseconds. */
  window: { startUs: number; endUs: number };
}

/** The minimal Express handler's run: its load, and its main thread's CPU per request. */
export type Reference = LoadResult & { mainThreadCpuUsPerRequest: number | null };

/** A profiled run: its .cpuprofile in bench/results, the requests of its measured phase, their summary. */
export interface ProfiledRun {
  file: string;
  requests: number;
  top: ProfileSummary;
}

/** An open-load run and the child's samples around its measured phase. */
interface Measured {
  load: LoadResult;
  before: Sample;
  after: Sample;
  /** The child's main-thread CPU per 2xx response, in microseconds; null off Linux. */
  mainThreadCpuUsPerRequest: number | null;
}

function measured(load: LoadResult, before: Sample, after: Sample): Measured {
  const cpu =
    before.mainThreadCpuUs === null || after.mainThreadCpuUs === null
      ? null
      : (after.mainThreadCpuUs - before.mainThreadCpuUs) / Math.max(1, load.ok);
  return { load, before, after, mainThreadCpuUsPerRequest: cpu };
}

export interface FrontDoor {
  load: LoadResult;
  /** The server's main-thread CPU per accepted request, the worker's share included. */
  mainThreadCpuUsPerRequest: number | null;
  /** Messages the worker finished per second while the front door was saturated. */
  completedPerSecond: number;
  /** Messages accepted but not finished when the load stopped. */
  backlog: number;
}

/** A closed-loop run of conversations (RunContext.conversations). */
export interface Conversations {
  load: LoadResult;
  completedPerSecond: number;
  failed: number;
  /** The server's CPU (every thread) per answer, in microseconds: HTTP, worker, logging, GC. */
  cpuUsPerAnswer: number;
  /** SQL statements the server sent per answer (0 in memory). */
  queriesPerAnswer: number;
  /** The measured phase on the server's monotonic clock (a profile's timestamps), in microseconds. */
  window: { startUs: number; endUs: number };
}

/** A measured phase: its wall-clock bounds (epoch milliseconds) and the server's samples at them. */
export interface MeasuredWindow {
  fromMs: number;
  toMs: number;
  before: Sample;
  after: Sample;
  /** A sample of the server now (it is still up while `settle` runs). */
  sample(): Promise<Sample>;
}

/**
 * `BENCH_SOURCE=1 npm run bench` measures the TypeScript sources under tsx (what `npm run dev` runs)
 * instead of the build `npm start` runs.
 */
const SOURCE = process.env.BENCH_SOURCE === '1';

/**
 * bench/semker-server.ts in a child, with these overrides of the app's configuration: the build on
 * plain Node, as `npm start` runs it (or the sources under tsx, BENCH_SOURCE=1). `processEnv` goes
 * into the child's real environment (the OTEL_* variables, read by the telemetry preload before any
 * configuration is loaded); `telemetry` adds the OpenTelemetry preload, as `npm start` has it.
 */
export function startSemker(
  env: Record<string, string> = {},
  nodeFlags: string[] = [],
  processEnv: Record<string, string> = {},
  telemetry = false,
  onStderr?: (text: string) => void,
): Promise<Child> {
  const preload = SOURCE ? './src/telemetry/preload.ts' : './dist/telemetry/preload.js';
  return Child.start({
    script: 'semker-server.ts',
    env: { ...processEnv, BENCH_SEMKER_ENV: JSON.stringify(env), ...(SOURCE ? { BENCH_SOURCE: '1' } : {}) },
    nodeFlags,
    preload: telemetry ? [preload] : [],
    tsx: SOURCE,
    onStderr,
  });
}
