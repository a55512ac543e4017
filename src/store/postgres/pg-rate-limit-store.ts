import type { IncrementResponse, Options } from 'express-rate-limit';
import type { RateLimitStore } from '../rate-limit-store.ts';
import type { Database } from './database.ts';
import { GroupCommit } from './group-commit.ts';

/**
 * express-rate-limit's Store over PostgreSQL, so RATE_LIMIT_MAX counts a client's requests across
 * every replica, on an unlogged table. Requests that arrive together are counted by one upsert
 * (GroupCommit): each key's hits go up by its number of requests, and each request reads the count as
 * it stood at its own turn. Hand-written because it is one statement; the published PostgreSQL store
 * (@acpr/rate-limit-postgresql) brings its own migration runner and schema, outside the migrations
 * the service applies under its advisory lock, and one round trip per request.
 */
export class PgRateLimitStore implements RateLimitStore {
  private windowMs = 60_000;
  /** Counted in PostgreSQL, shared by every replica (not per process). */
  readonly localKeys = false;
  private readonly increments = new GroupCommit<string, IncrementResponse>(
    (keys) => this.incrementAll(keys),
    {
      maxBatch: 500,
    },
  );

  constructor(private readonly db: Database) {}

  init(options: Options): void {
    this.windowMs = options.windowMs;
  }

  increment(key: string): Promise<IncrementResponse> {
    return this.increments.submit(key);
  }

  private async incrementAll(keys: readonly string[]): Promise<IncrementResponse[]> {
    const counts = new Map<string, number>();
    for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
    // A window that is over starts again from this batch's hits; the reset time is the database's,
    // the same for all. Rows are taken in key order, so two replicas' batches sharing keys never wait
    // for each other in a circle (a deadlock).
    const { rows } = await this.db.query<{ key: string; hits: number; reset_at: Date }>(
      `INSERT INTO semker_rate_limits AS r (key, hits, reset_at)
       SELECT key, hits, now() + make_interval(secs => $3)
       FROM unnest($1::text[], $2::integer[]) AS i (key, hits)
       ORDER BY key
       ON CONFLICT (key) DO UPDATE SET
         hits = CASE WHEN r.reset_at <= now() THEN EXCLUDED.hits ELSE r.hits + EXCLUDED.hits END,
         reset_at = CASE WHEN r.reset_at <= now() THEN EXCLUDED.reset_at ELSE r.reset_at END
       RETURNING key, hits, reset_at`,
      [[...counts.keys()], [...counts.values()], this.windowMs / 1000],
    );
    const totals = new Map(rows.map((row) => [row.key, row]));
    // The n-th request of a key in the batch reads the count before the batch plus n.
    const seen = new Map<string, number>();
    return keys.map((key) => {
      const row = totals.get(key)!;
      const n = (seen.get(key) ?? 0) + 1;
      seen.set(key, n);
      return { totalHits: row.hits - counts.get(key)! + n, resetTime: row.reset_at };
    });
  }

  async decrement(key: string): Promise<void> {
    await this.db.query('UPDATE semker_rate_limits SET hits = greatest(0, hits - 1) WHERE key = $1', [key]);
  }

  async resetKey(key: string): Promise<void> {
    await this.db.query('DELETE FROM semker_rate_limits WHERE key = $1', [key]);
  }
}
