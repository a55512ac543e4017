import { AfterAll } from '@cucumber/cucumber';
import { spawn, type ChildProcess, type ChildProcessByStdio } from 'node:child_process';
import { resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { CHILD_ENV } from './child-env.ts';
import { buildService } from '../../scripts/build-service.ts';

/**
 * The service processes scenarios start run what `npm start` runs: the compiled output in dist/,
 * which starts in a fraction of the CPU time the sources take under tsx. dist/ is rebuilt from src/
 * on first use in a run whenever a source file is newer than the last build (scripts/build-service.ts),
 * so a scenario always runs the code it tests.
 */
let built: Promise<void> | undefined;

/** The node arguments that run `entry` (e.g. `composition/main`) as `npm start` does, built first if needed. */
export async function serviceArgs(
  entry: 'composition/main' | 'composition/mcp-host' | 'composition/db-migrate',
): Promise<string[]> {
  built ??= buildService();
  await built;
  const preload = entry === 'composition/db-migrate' ? [] : ['--import', './dist/telemetry/preload.js'];
  return [...preload, `dist/${entry}.js`];
}

/** Every service process this worker started and that has not exited yet. */
const running = new Set<ChildProcess>();

/**
 * Starts a service process (`node <args>`, in `cwd`: the project's directory unless given) with the
 * test run's PATH and compile cache plus `env`, its output piped. Whatever happens to the scenario
 * that started it, it does not outlive the run: the scenario's cleanup stops it, and this worker
 * kills any left when it ends.
 */
export function spawnService(
  args: string[],
  env: Record<string, string>,
  cwd?: string,
): ChildProcessByStdio<null, Readable, Readable> {
  const child = spawn(resolve('node_modules/.bin/node'), args, {
    cwd,
    env: { ...CHILD_ENV, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  return child;
}

/** Kills `child` with SIGKILL unless it has already exited, and resolves once it has. */
export async function stopService(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

AfterAll(async function () {
  await Promise.all([...running].map(stopService));
});

// A worker that is itself ended (a run interrupted, a hook that timed out) still takes its processes along.
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});
