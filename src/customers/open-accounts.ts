import type { Logger } from 'pino';
import type { Config } from '../config/config.ts';
import { InMemoryAccountStore, type AccountStore } from './accounts.ts';

/**
 * The customer accounts for a process that has no backend of its own (a planner thread, the
 * standalone MCP host): PostgreSQL's with DATABASE_URL (loaded only then), else generated here —
 * the same figures, from the same fixed seed.
 */
export async function openAccounts(
  config: Config,
  logger: Logger,
): Promise<{ accounts: AccountStore; close(): Promise<void> }> {
  if (!config.database) {
    return { accounts: new InMemoryAccountStore(config.customers.demoCustomers), close: async () => {} };
  }
  const { openPgAccountStore } = await import('../store/postgres/pg-account-store.ts');
  const opened = openPgAccountStore(config.database, config.customers.demoCustomers, logger);
  await opened.start();
  return opened;
}
