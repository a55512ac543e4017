import type { IncrementResponse, Options } from 'express-rate-limit';
import type { RateLimitStore } from '../../http/rate-limit.ts';
import type { Database } from './database.ts';

/**
 * express-rate-limit's Store over PostgreSQL, so RATE_LIMIT_MAX counts a client's requests across
 * every replica: one upsert per request, on an unlogged table. Hand-written because it is one
 * statement; the published PostgreSQL store (@acpr/rate-limit-postgresql) brings its own migration
 * runner and schema, outside the migrations the service applies under its advisory lock.
 */
export class PgRateLimitStore implements RateLimitStore {
  private windowMs = 60_000;
  /** Counted in PostgreSQL, shared by every replica (not per process). */
  readonly localKeys = false;

  constructor(private readonly db: Database) {}

  init(options: Options): void {
    this.windowMs = options.windowMs;
  }

  async increment(key: string): Promise<IncrementResponse> {
    // A window that is over starts again at 1; the reset time is the database's, the same for all.
    const { rows } = await this.db.query<{ hits: number; reset_at: Date }>(
      `INSERT INTO semker_rate_limits AS r (key, hits, reset_at)
       VALUES ($1, 1, now() + make_interval(secs => $2))
       ON CONFLICT (key) DO UPDATE SET
         hits = CASE WHEN r.reset_at <= now() THEN 1 ELSE r.hits + 1 END,
         reset_at = CASE WHEN r.reset_at <= now() THEN EXCLUDED.reset_at ELSE r.reset_at END
       RETURNING hits, reset_at`,
      [key, this.windowMs / 1000],
    );
    const row = rows[0]!;
    return { totalHits: row.hits, resetTime: row.reset_at };
  }

  async decrement(key: string): Promise<void> {
    await this.db.query('UPDATE semker_rate_limits SET hits = greatest(0, hits - 1) WHERE key = $1', [key]);
  }

  async resetKey(key: string): Promise<void> {
    await this.db.query('DELETE FROM semker_rate_limits WHERE key = $1', [key]);
  }
}
