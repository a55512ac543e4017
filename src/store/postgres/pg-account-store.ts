import {
  customerAccount,
  demoCustomerId,
  type AccountStore,
  type CustomerAccount,
  type DemoAccounts,
} from '../accounts.ts';
import type { Database } from './database.ts';

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
  async seed({ demo, count, generate }: DemoAccounts): Promise<void> {
    const last = count === 0 ? 'demo' : demoCustomerId(count);
    const { rows } = await this.db.query('SELECT 1 FROM semker_customers WHERE id = ANY($1::text[])', [
      ['demo', last],
    ]);
    if (rows.length === (count === 0 ? 1 : 2)) return;
    await this.insert([demo]);
    for (let from = 1; from <= count; from += SEED_BATCH) {
      const batch: CustomerAccount[] = [];
      for (let n = from; n < from + SEED_BATCH && n <= count; n++) batch.push(generate(n));
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
