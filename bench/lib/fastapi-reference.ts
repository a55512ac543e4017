import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { LoadResult } from './load.ts';
import { fmt, type Row } from './report.ts';

/** Where bench/reference-fastapi/app.py lives; it is started from there. */
const APP_DIR = fileURLToPath(new URL('../reference-fastapi/', import.meta.url));

/** The one line a machine without the packages gets, instead of an install behind its back. */
const INSTALL_HINT = 'sudo apt-get install python3-fastapi python3-uvicorn';

/** Versions of what ran the reference, for the results file. */
export interface PythonStack {
  python: string;
  executable: string;
  fastapi: string;
  starlette: string;
  pydantic: string;
  uvicorn: string;
}

type PythonProbe = { found: true; stack: PythonStack } | { found: false; reason: string };

const PROBE = [
  'import json, sys, fastapi, pydantic, starlette, uvicorn',
  'print(json.dumps({"python": sys.version.split()[0], "executable": sys.executable,',
  ' "fastapi": fastapi.__version__, "starlette": starlette.__version__,',
  ' "pydantic": pydantic.VERSION, "uvicorn": uvicorn.__version__}))',
].join('\n');

/**
 * The interpreters tried, in order: BENCH_PYTHON if set; `python3` on PATH; Debian's own
 * interpreter, which is where `apt-get install python3-fastapi` puts the packages even when PATH
 * leads to another Python first (pyenv, a virtualenv).
 */
const candidates = (): string[] => [
  ...new Set([process.env.BENCH_PYTHON, 'python3', '/usr/bin/python3'].filter((p): p is string => !!p)),
];

/**
 * The FastAPI reference's accept rate started by uvicorn's command line (`load`), and both launchers'
 * accept rates over alternating blocks (`launchers`); or why it was not measured (no Python with the
 * packages).
 */
export type FastApiRun =
  | {
      measured: true;
      load: LoadResult;
      launchers: { cliPerSecond: number; runPerSecond: number; non2xx: number };
      stack: PythonStack;
    }
  | { measured: false; reason: string };

/** How far apart two runs of one server may be on these machines and still count as the same figure. */
const NOISE = 0.15;

/**
 * The reference's figure does not hang on the launcher: `uvicorn.run` ÷ the command line, each
 * summed over the alternating blocks, within the machine's run-to-run noise.
 */
export function launcherRow(reference: FastApiRun): Row {
  const scenario = 'FastAPI reference: uvicorn.run ÷ uvicorn CLI';
  const target = `${(1 - NOISE).toFixed(2)}–${(1 + NOISE).toFixed(2)}× (noise)`;
  if (!reference.measured)
    return {
      scenario,
      figure: '—',
      reference: '—',
      ratio: null,
      target,
      pass: null,
      note: `not measured: ${reference.reason}`,
    };
  const { cliPerSecond, runPerSecond, non2xx } = reference.launchers;
  const ratio = runPerSecond / cliPerSecond;
  return {
    scenario,
    figure: `${fmt.rate(runPerSecond)} uvicorn.run`,
    reference: `${fmt.rate(cliPerSecond)} CLI, alternating blocks`,
    ratio,
    target,
    pass: Math.abs(ratio - 1) <= NOISE && non2xx === 0,
  };
}

/**
 * A row dividing one of our rates by the FastAPI reference's accept rate;
 * skipped, with the reason in its note, when the reference could not run here.
 */
export function fastApiRow(
  scenario: string,
  perSecond: number,
  reference: FastApiRun,
  target: number,
  otherwiseOk: boolean,
): Row {
  const targetText = `≥ ${target.toFixed(2)}×`;
  if (!reference.measured)
    return {
      scenario,
      figure: fmt.rate(perSecond),
      reference: 'FastAPI reference',
      ratio: null,
      target: targetText,
      pass: null,
      note: `not measured: ${reference.reason}`,
    };
  const ratio = perSecond / reference.load.okPerSecond;
  return {
    scenario,
    figure: fmt.rate(perSecond),
    reference: `${fmt.rate(reference.load.okPerSecond)} FastAPI accept (uvicorn CLI)`,
    ratio,
    target: targetText,
    pass: ratio >= target && otherwiseOk && reference.load.non2xx === 0,
    ...(reference.load.non2xx > 0 ? { note: `${reference.load.non2xx} non-2xx from FastAPI` } : {}),
  };
}

let probed: Promise<PythonProbe> | undefined;

/**
 * The first interpreter that imports fastapi and uvicorn. Probed once per bench run (every
 * repetition asks), so the install hint is printed once.
 */
export function probePython(): Promise<PythonProbe> {
  probed ??= (async (): Promise<PythonProbe> => {
    for (const python of candidates()) {
      try {
        const { stdout } = await promisify(execFile)(python, ['-c', PROBE], { timeout: 30_000 });
        return { found: true, stack: JSON.parse(stdout) as PythonStack };
      } catch {
        // Not installed, or without the packages: try the next one.
      }
    }
    process.stderr.write(
      `  FastAPI reference not measured: no python3 with fastapi and uvicorn (tried ${candidates().join(', ')}); ${INSTALL_HINT}\n`,
    );
    return { found: false, reason: `no python3 with fastapi and uvicorn (${INSTALL_HINT})` };
  })();
  return probed;
}

/**
 * How app.py is started: uvicorn's command line (`python3 -m uvicorn app:app`, the reference), or
 * `uvicorn.run(app, …)` from app.py's main. Both are uvicorn's own launcher, as the original's users
 * ran it; the bench measures both to show the choice does not move the figure.
 */
export type Launcher = 'cli' | 'run';

const LAUNCH: Record<Launcher, (port: number) => string[]> = {
  cli: (port) => ['-m', 'uvicorn', 'app:app', '--host', '127.0.0.1', '--port', String(port)],
  run: (port) => ['app.py', String(port)],
};

/** A port nobody listens on now: bound on loopback by the kernel's choice, then released for app.py. */
async function freePort(): Promise<number> {
  const probe = createServer();
  probe.listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** bench/reference-fastapi/app.py running in its own process. */
export class FastApiReference {
  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Starts app.py on a free port with the given launcher and waits until it answers HTTP. */
  static async start(python: string, launcher: Launcher, timeoutMs = 30_000): Promise<FastApiReference> {
    const port = await freePort();
    const child = spawn(python, LAUNCH[launcher](port), {
      cwd: APP_DIR,
      // Only PATH and HOME, as for the Node children; no .pyc files written into the worktree.
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        PYTHONDONTWRITEBYTECODE: '1',
        BENCH_EXIT_ON_STDIN_CLOSE: '1',
      },
      // stdin open: app.py exits when it closes (the orchestrator died). stdout carries uvicorn's
      // access log, discarded like Semker's pino log.
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    let said = '';
    const onData = (text: string): void => {
      said += text;
    };
    child.stderr?.setEncoding('utf8').on('data', onData);
    const exited = once(child, 'exit').then(([code]) => {
      throw new Error(`uvicorn exited (code ${code}) before it answered: ${said.trim()}`);
    });
    exited.catch(() => {});
    const answering = (async () => {
      const deadline = performance.now() + timeoutMs;
      while (performance.now() < deadline) {
        try {
          // Any HTTP answer will do (a 404 here): the server is accepting and serving.
          await fetch(`http://127.0.0.1:${port}/messages/none/status`);
          return;
        } catch {
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      }
      throw new Error(`uvicorn did not answer on port ${port} within ${timeoutMs} ms: ${said.trim()}`);
    })();
    try {
      await Promise.race([answering, exited]);
    } catch (error) {
      child.kill('SIGKILL');
      throw error;
    }
    // Once serving, pass on what uvicorn says except its routine INFO lines.
    child.stderr?.off('data', onData).on('data', (text: string) => {
      const lines = text.split('\n').filter((line) => line.trim() && !line.startsWith('INFO:'));
      if (lines.length > 0) process.stderr.write(`  app.py: ${lines.join('\n  app.py: ')}\n`);
    });
    return new FastApiReference(child, port);
  }

  /**
   * One message through the design, before the load: 201 on the POST, then `received` and
   * `completed` on /updates (polled for at most a second: the background task runs after the
   * response is sent). A reference that does not do the work would flatter nobody fairly.
   */
  async check(): Promise<void> {
    const posted = await fetch(`${this.url}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-ms-conversation-id': 'bench-check' },
      body: JSON.stringify({ message: 'How much is roaming in Spain?' }),
    });
    if (posted.status !== 201) throw new Error(`app.py answered ${posted.status} to POST /messages`);
    const { message_id: id } = (await posted.json()) as { message_id: string };
    let statuses: string[] = [];
    for (let attempt = 0; attempt < 20; attempt++) {
      const answer = await fetch(`${this.url}/messages/${id}/updates`);
      statuses = ((await answer.json()) as { status: string }[]).map((u) => u.status);
      if (statuses.includes('completed')) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    if (statuses.join(',') !== 'received,completed')
      throw new Error(`app.py recorded [${statuses.join(', ')}], not received then completed`);
  }

  /** SIGTERM (uvicorn shuts down gracefully), SIGKILL after 10 s. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = once(this.child, 'exit');
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
}
