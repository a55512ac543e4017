/**
 * `npm run db:migrate`: applies the service's SQL migrations and pg-boss's schema to DATABASE_URL,
 * then exits — for a deploy step that migrates before the replicas roll (they also migrate at
 * start-up, under the same advisory lock, so running both is safe).
 */
import 'dotenv/config';
import { PgBoss } from 'pg-boss';
import { ConfigError, loadConfig } from '../config/config.ts';
import { createLogger } from '../telemetry/logger.ts';
import { createDatabase } from '../store/postgres/database.ts';
import { migrate } from '../store/postgres/migrate.ts';
import { PG_BOSS_SCHEMA } from './postgres-backend.ts';

async function main(): Promise<number> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`semker: ${error.message}\n`);
    return 2;
  }
  const logger = createLogger(config).child({ component: 'migrate' });
  if (!config.database) {
    process.stderr.write('semker: DATABASE_URL: is required to migrate (a postgres:// URL)\n');
    return 2;
  }
  const db = createDatabase({ url: config.database.url, poolSize: 2, logger });
  try {
    const applied = await migrate(db.pool, logger);
    // pg-boss creates or upgrades its schema on start; nothing else runs (no workers, maintenance or cron).
    const boss = new PgBoss({
      db: { executeSql: (text, values) => db.pool.query(text, values) },
      schema: PG_BOSS_SCHEMA,
      supervise: false,
      schedule: false,
      openTelemetry: { enabled: false },
    });
    boss.on('error', (error) => logger.warn({ err: error }, 'pg-boss reported an error'));
    await boss.start();
    await boss.stop({ graceful: false, close: false });
    logger.info({ applied }, applied.length ? 'migrations applied' : 'the database is up to date');
    return 0;
  } catch (error) {
    logger.error({ err: error }, 'migration failed');
    return 1;
  } finally {
    await db.close();
    await new Promise<void>((resolve) => logger.flush(() => resolve()));
  }
}

process.exitCode = await main();
