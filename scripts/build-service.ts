/**
 * Builds what service processes run (dist/, as `npm start` runs it) when a source in src/ is newer
 * than the last build: `tsc -p tsconfig.build.json --noCheck` (the same JavaScript; `npm run
 * typecheck` does the type check) and the data files beside the modules. One caller builds at a
 * time (a lock directory: creating one is atomic); the others wait for its result. `npm test` runs it
 * beside the checks, so the scenarios find dist/ built; a scenario that starts a service process
 * calls it too (features/support/service-process.ts), for a run of a few features.
 *
 *   tsx scripts/build-service.ts
 */
import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const SOURCES = 'src';
const STAMP = 'dist/.built-from-sources';
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

/** Resolves once dist/ is built from the current sources, by this caller or another. */
export async function buildService(): Promise<void> {
  const startedAt = Date.now();
  const deadline = startedAt + 2 * STALE_LOCK_MS;
  mkdirSync('node_modules/.cache', { recursive: true });
  const run = (file: string, args: string[]) =>
    promisify(execFile)(file, args, { env: { ...process.env, NODE_OPTIONS: '' } });
  while (!fresh()) {
    if (takeLock()) {
      try {
        if (fresh()) return;
        await run('node_modules/.bin/tsc', ['-p', 'tsconfig.build.json', '--noCheck']);
        await run('node_modules/.bin/node', ['scripts/copy-data-files.mjs']);
        // Stamped with the time the build began, so a source saved during the build counts as newer.
        writeFileSync(STAMP, '');
        utimesSync(STAMP, new Date(startedAt), new Date(startedAt));
        return;
      } finally {
        rmSync(LOCK, { recursive: true, force: true });
      }
    }
    if (Date.now() > deadline) throw new Error('dist/ was not built: another run holds the build lock');
    // Another caller is building: its result is what this one needs (a bounded poll on the stamp).
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildService();
