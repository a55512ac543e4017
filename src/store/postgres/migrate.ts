import { readdirSync, readFileSync } from 'node:fs';
import type pg from 'pg';
import type { Logger } from 'pino';
import { checkOut } from './database.ts';

/** The versioned SQL files beside this module: `NNN_name.sql`, applied in order, each once. */
const MIGRATIONS = new URL('./migrations/', import.meta.url);

/** Any fixed number: the advisory lock that makes replicas starting together migrate one at a time. */
const MIGRATION_LOCK = 4_150_712;

interface Migration {
  version: number;
  name: string;
  sql: string;
}

function readMigrations(): Migration[] {
  return readdirSync(MIGRATIONS)
    .filter((file) => /^\d{3}_[a-z0-9_]+\.sql$/.test(file))
    .sort()
    .map((file) => ({
      version: Number(file.slice(0, 3)),
      name: file.slice(4, -4),
      sql: readFileSync(new URL(file, MIGRATIONS), 'utf8'),
    }));
}

/**
 * Applies the migrations the database lacks, each in its own transaction, under a session advisory
 * lock: replicas starting together wait for the first, then find nothing left to do. Hand-written
 * because it is ~40 lines and a migration library would bring its own CLI, state table and config
 * for a handful of files; pg-boss migrates its own schema itself.
 */
export async function migrate(pool: pg.Pool, logger: Logger): Promise<number[]> {
  const { client, release } = await checkOut(pool, logger);
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await client.query(
      `CREATE TABLE IF NOT EXISTS semker_schema_migrations (
         version integer PRIMARY KEY,
         name text NOT NULL,
         applied_at timestamptz NOT NULL DEFAULT now()
       )`,
    );
    const { rows } = await client.query<{ version: number }>('SELECT version FROM semker_schema_migrations');
    const applied = new Set(rows.map((row) => row.version));
    const done: number[] = [];
    for (const migration of readMigrations()) {
      if (applied.has(migration.version)) continue;
      try {
        await client.query('BEGIN');
        await client.query(migration.sql);
        await client.query('INSERT INTO semker_schema_migrations (version, name) VALUES ($1, $2)', [
          migration.version,
          migration.name,
        ]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      }
      logger.info({ version: migration.version, name: migration.name }, 'database migration applied');
      done.push(migration.version);
    }
    return done;
  } finally {
    // Released with the session too, should the unlock not get through.
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {});
    release();
  }
}
