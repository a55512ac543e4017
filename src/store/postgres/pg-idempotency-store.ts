import { randomUUID } from 'node:crypto';
import type { Claim, IdempotencyStore, RecordedResponse } from '../idempotency-store.ts';
import type { Database } from './database.ts';

/**
 * Idempotency-Keys in PostgreSQL, so that a retry reaching another replica replays or is refused
 * (409) like one reaching the first. The claim is one INSERT … ON CONFLICT: of two replicas racing
 * for a key exactly one inserts. A claim whose request never finished (its replica died) is free
 * again after `leaseMs`, so a key is not blocked for the rest of its TTL.
 */
export class PgIdempotencyStore implements IdempotencyStore {
  constructor(
    private readonly db: Database,
    private readonly settings: { ttlMs: number; leaseMs: number },
  ) {}

  async claim(scope: string, fingerprint: string): Promise<Claim> {
    // Names this claim, so that completing or abandoning it never touches a later one.
    const token = randomUUID();
    // Inserted, or taken over when the existing claim expired or was abandoned in flight; else the
    // existing row is returned unchanged (`claimed` false) for the replay, mismatch or 409.
    const { rows } = await this.db.query<{
      claimed: boolean;
      fingerprint: string;
      response: RecordedResponse | null;
    }>(
      `WITH claimed AS (
         INSERT INTO semker_idempotency_keys (scope, fingerprint, response, token, claimed_at, expires_at)
         VALUES ($1, $2, NULL, $5, now(), now() + make_interval(secs => $3))
         ON CONFLICT (scope) DO UPDATE SET
           fingerprint = EXCLUDED.fingerprint, response = NULL, token = EXCLUDED.token,
           claimed_at = EXCLUDED.claimed_at, expires_at = EXCLUDED.expires_at
         WHERE semker_idempotency_keys.expires_at <= now()
            OR (semker_idempotency_keys.response IS NULL
                AND semker_idempotency_keys.claimed_at <= now() - make_interval(secs => $4))
         RETURNING true AS claimed, fingerprint, response
       )
       SELECT * FROM claimed
       UNION ALL
       SELECT false, fingerprint, response FROM semker_idempotency_keys
       WHERE scope = $1 AND NOT EXISTS (SELECT 1 FROM claimed)`,
      [scope, fingerprint, this.settings.ttlMs / 1000, this.settings.leaseMs / 1000, token],
    );
    const row = rows[0];
    if (!row) return { kind: 'in-flight' }; // deleted between the two reads: the client retries
    if (!row.claimed) {
      if (row.fingerprint !== fingerprint) return { kind: 'mismatch' };
      return row.response ? { kind: 'replay', response: row.response } : { kind: 'in-flight' };
    }
    return {
      kind: 'first',
      complete: async (response) => {
        await this.db.query(
          'UPDATE semker_idempotency_keys SET response = $3 WHERE scope = $1 AND token = $2',
          [scope, token, JSON.stringify(response)],
        );
      },
      abandon: async () => {
        await this.db.query(
          'DELETE FROM semker_idempotency_keys WHERE scope = $1 AND token = $2 AND response IS NULL',
          [scope, token],
        );
      },
    };
  }
}
