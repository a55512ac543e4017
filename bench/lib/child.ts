import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { ChildMessage, Sample } from './protocol.ts';

/** How to start a child server. */
export interface ChildOptions {
  /** The TypeScript entry, relative to bench/ (e.g. "servers/semker-server.ts"). */
  script: string;
  /** Extra Node flags (e.g. --expose-gc, --cpu-prof). */
  nodeFlags?: string[];
  /** Modules to `--import` after tsx (so they may be TypeScript), e.g. ./src/telemetry/preload.ts; relative to the project. */
  preload?: string[];
  /**
   * Load the script through tsx (the default). False runs it on Node's own type stripping, with no
   * loader at all, as the built service runs: the script must then be erasable TypeScript, and it
   * and its preloads may import only JavaScript or erasable TypeScript.
   */
  tsx?: boolean;
  /** Environment variables for the child, on top of PATH and HOME only (no .env, no ambient OPENAI_* keys). */
  env?: Record<string, string>;
  /** Deadline for the child to report `ready` or `result`. */
  timeoutMs?: number;
  /** Sees what the child writes to stderr (which still reaches the terminal). */
  onStderr?: (text: string) => void;
}

const BENCH_DIR = fileURLToPath(new URL('..', import.meta.url));

/** A server running in its own process, so its event loop and heap are its own. */
export class Child {
  private nextId = 1;
  private readonly pending = new Map<number, (sample: Sample) => void>();
  private resultWaiter: ((result: unknown) => void) | undefined;

  private constructor(
    readonly process: ChildProcess,
    readonly port: number,
  ) {
    process.on('message', (message: ChildMessage) => {
      if (message.type === 'sample') {
        this.pending.get(message.id)?.(message.sample);
        this.pending.delete(message.id);
      } else if (message.type === 'result') {
        this.resultWaiter?.(message.result);
      }
    });
  }

  /** Spawns the child with the same Node binary (the project's Node 24) and waits for `ready`. */
  static async start(options: ChildOptions): Promise<Child> {
    const child = spawnChild(options);
    const message = await firstMessage(child, options.timeoutMs ?? 60_000);
    if (message.type !== 'ready') throw new Error(`${options.script} did not start: ${describe(message)}`);
    return new Child(child, message.port);
  }

  /** Runs a child that does its work and sends one `result` (no server), then exits. */
  static async run<T>(options: ChildOptions): Promise<T> {
    const child = spawnChild(options);
    const message = await firstMessage(child, options.timeoutMs ?? 600_000);
    if (message.type !== 'result') throw new Error(`${options.script} failed: ${describe(message)}`);
    if (child.exitCode === null) await once(child, 'exit');
    return message.result as T;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The child's counters and memory now, measured in the child. */
  sample(): Promise<Sample> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error('the child did not answer a sample within 30 s')),
        30_000,
      );
      this.pending.set(id, (sample) => {
        clearTimeout(timer);
        resolve(sample);
      });
      this.process.send({ type: 'sample', id });
    });
  }

  /** Asks the child to stop and waits for it to exit (killing it after 20 s). */
  async stop(): Promise<void> {
    if (this.process.exitCode !== null || this.process.signalCode !== null) return;
    const exited = once(this.process, 'exit');
    this.process.send({ type: 'stop' });
    const timer = setTimeout(() => this.process.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(timer);
  }
}

function spawnChild(options: ChildOptions): ChildProcess {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    // `WORKER_THREADS=2 npm run bench` runs the planner in threads (bench/semker-server.ts).
    ...(process.env.WORKER_THREADS ? { WORKER_THREADS: process.env.WORKER_THREADS } : {}),
    ...options.env,
  };
  const child = spawn(
    process.execPath,
    [
      ...(options.nodeFlags ?? []),
      ...(options.tsx === false ? [] : ['--import', 'tsx']),
      ...(options.preload ?? []).flatMap((module) => ['--import', module]),
      `${BENCH_DIR}${options.script}`,
    ],
    {
      env,
      cwd: fileURLToPath(new URL('../..', import.meta.url)),
      // stdout is where the server's pino logs go: /dev/null, as a production log shipper would drain it.
      stdio: ['ignore', 'ignore', options.onStderr ? 'pipe' : 'inherit', 'ipc'],
    },
  );
  const { onStderr } = options;
  child.stderr?.setEncoding('utf8').on('data', (text: string) => {
    process.stderr.write(text);
    onStderr?.(text);
  });
  return child;
}

function firstMessage(child: ChildProcess, timeoutMs: number): Promise<ChildMessage> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no answer from the child within ${timeoutMs} ms`));
    }, timeoutMs);
    const onMessage = (message: ChildMessage): void => {
      if (message.type === 'sample') return;
      cleanup();
      resolve(message);
    };
    const onExit = (code: number | null): void => {
      cleanup();
      reject(new Error(`the child exited (code ${code}) before reporting`));
    };
    const cleanup = (): void => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}

const describe = (message: ChildMessage): string =>
  message.type === 'error' ? message.message : JSON.stringify(message);
