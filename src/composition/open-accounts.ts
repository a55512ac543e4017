import type { Logger } from 'pino';
import type { Config } from '../config/config.ts';
import { demoAccounts } from '../domains/accounts.ts';
import { InMemoryAccountStore, type AccountStore } from '../store/accounts.ts';
import { createDatabase } from '../store/postgres/database.ts';
import { migrate } from '../store/postgres/migrate.ts';

/**
 * The customer accounts for a process that has no backend of its own (a planner thread, the
 * standalone MCP host): PostgreSQL's with DATABASE_URL (on a small pool of its own, migrated and
 * seeded as the API's backend does), else generated here — the same figures, from the same seed.
 */
export async function openAccounts(
  config: Config,
  logger: Logger,
): Promise<{ accounts: AccountStore; close(): Promise<void> }> {
  const demo = demoAccounts(config.customers.demoCustomers);
  if (!config.database) return { accounts: new InMemoryAccountStore(demo), close: async () => {} };
  const { PgAccountStore } = await import('../store/postgres/pg-account-store.ts');
  const db = createDatabase({ url: config.database.url, poolSize: 2, logger });
  const accounts = new PgAccountStore(db);
  await migrate(db.pool, logger);
  await accounts.seed(demo);
  return { accounts, close: () => db.close() };
}
