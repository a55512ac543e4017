import type { Logger } from 'pino';
import type { DatabaseConfig } from '../../config/config.ts';
import {
  customerAccount,
  DEMO_ACCOUNT,
  demoCustomerId,
  generateAccount,
  type AccountStore,
  type CustomerAccount,
} from '../../customers/accounts.ts';
import { createDatabase, type Database } from './database.ts';
import { migrate } from './migrate.ts';

/** Accounts written per statement while seeding. */
const SEED_BATCH = 1000;

/**
 * The operator's customer accounts in PostgreSQL (`semker_customers`, one JSON document each): one
 * state for every replica, their planner threads and the standalone MCP host.
 */
export class PgAccountStore implements AccountStore {
  constructor(private readonly db: Database) {}

  async get(customerId: string): Promise<CustomerAccount | undefined> {
    const { rows } = await this.db.query<{ account: unknown }>(
      'SELECT account FROM semker_customers WHERE id = $1',
      [customerId],
    );
    return rows[0] && customerAccount.parse(rows[0].account);
  }

  /**
   * Writes the demo customer and the generated `cust-00001` … `cust-<count>` that are missing
   * (existing rows are kept: an operator's changes to an account survive a restart). Cheap when
   * already done: the last one present means every one is.
   */
  async seed(count: number): Promise<void> {
    const last = count === 0 ? 'demo' : demoCustomerId(count);
    const { rows } = await this.db.query('SELECT 1 FROM semker_customers WHERE id = ANY($1::text[])', [
      ['demo', last],
    ]);
    if (rows.length === (count === 0 ? 1 : 2)) return;
    await this.insert([DEMO_ACCOUNT]);
    for (let from = 1; from <= count; from += SEED_BATCH) {
      const batch: CustomerAccount[] = [];
      for (let n = from; n < from + SEED_BATCH && n <= count; n++) batch.push(generateAccount(n));
      await this.insert(batch);
    }
  }

  private async insert(accounts: readonly CustomerAccount[]): Promise<void> {
    await this.db.query(
      `INSERT INTO semker_customers (id, account)
       SELECT a ->> 'customerId', a FROM jsonb_array_elements($1::jsonb) AS a
       ON CONFLICT (id) DO NOTHING`,
      [JSON.stringify(accounts)],
    );
  }
}

/**
 * A PgAccountStore on a connection pool of its own, for a process that holds no other (a planner
 * thread, the standalone MCP host): migrated and seeded on start, as the API's backend does.
 */
export function openPgAccountStore(
  database: DatabaseConfig,
  demoCustomers: number,
  logger: Logger,
): { accounts: PgAccountStore; start(): Promise<void>; close(): Promise<void> } {
  const db = createDatabase({ url: database.url, poolSize: 2, logger });
  const accounts = new PgAccountStore(db);
  return {
    accounts,
    async start() {
      await migrate(db.pool, logger);
      await accounts.seed(demoCustomers);
    },
    close: () => db.close(),
  };
}
