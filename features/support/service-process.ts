import { AfterAll } from '@cucumber/cucumber';
import { execFile, spawn, type ChildProcess, type ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';
import { mkdirSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CHILD_ENV } from './child-env.ts';

/**
 * The service processes scenarios start run what `npm start` runs: the compiled output in dist/
 * (`tsc -p tsconfig.build.json`), which starts in a fraction of the CPU time the sources take under
 * tsx. dist/ is rebuilt from src/ on first use in a run whenever a source file is newer than the
 * last build, so a scenario always runs the code it tests; the build skips the type check
 * (`--noCheck`, the same JavaScript), which `npm run typecheck` does.
 */
const SOURCES = 'src';
const STAMP = 'dist/.built-from-sources';
/** Held (a directory: creating one is atomic) by the one worker that builds; the others wait for it. */
const LOCK = 'node_modules/.cache/semker-dist.lock';
/** A lock older than this was left by a run that died mid-build. */
const STALE_LOCK_MS = 120_000;

function newestSourceMs(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSourceMs(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function fresh(): boolean {
  try {
    return statSync(STAMP).mtimeMs >= newestSourceMs(SOURCES);
  } catch {
    return false;
  }
}

function takeLock(): boolean {
  try {
    mkdirSync(LOCK, { recursive: false });
    return true;
  } catch {
    try {
      if (Date.now() - statSync(LOCK).mtimeMs > STALE_LOCK_MS) rmSync(LOCK, { recursive: true, force: true });
    } catch {
      // released meanwhile
    }
    return false;
  }
}

async function build(): Promise<void> {
  const startedAt = Date.now();
  const deadline = startedAt + 2 * STALE_LOCK_MS;
  mkdirSync('node_modules/.cache', { recursive: true });
  while (!fresh()) {
    if (takeLock()) {
      try {
        if (fresh()) return;
        await promisify(execFile)('node_modules/.bin/tsc', ['-p', 'tsconfig.build.json', '--noCheck'], {
          env: { ...process.env, NODE_OPTIONS: '' },
        });
        await promisify(execFile)('node_modules/.bin/node', ['scripts/copy-data-files.mjs'], {
          env: { ...process.env, NODE_OPTIONS: '' },
        });
        // Stamped with the time the build began, so a source saved during the build counts as newer.
        writeFileSync(STAMP, '');
        utimesSync(STAMP, new Date(startedAt), new Date(startedAt));
        return;
      } finally {
        rmSync(LOCK, { recursive: true, force: true });
      }
    }
    if (Date.now() > deadline) throw new Error('dist/ was not built: another run holds the build lock');
    // Another worker is building: its result is what this one needs (a bounded poll on the stamp).
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

let built: Promise<void> | undefined;

/** The node arguments that run `entry` (e.g. `composition/main`) as `npm start` does, built first if needed. */
export async function serviceArgs(
  entry: 'composition/main' | 'composition/mcp-host' | 'composition/db-migrate',
): Promise<string[]> {
  built ??= build();
  await built;
  const preload = entry === 'composition/db-migrate' ? [] : ['--import', './dist/telemetry/preload.js'];
  return [...preload, `dist/${entry}.js`];
}

/** Every service process this worker started and that has not exited yet. */
const running = new Set<ChildProcess>();

/**
 * Starts a service process (`node <args>`) with the test run's PATH and compile cache plus `env`,
 * its output piped. Whatever happens to the scenario that started it, it does not outlive the run:
 * the scenario's cleanup stops it, and this worker kills any left when it ends.
 */
export function spawnService(
  args: string[],
  env: Record<string, string>,
): ChildProcessByStdio<null, Readable, Readable> {
  const child = spawn('node_modules/.bin/node', args, {
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
