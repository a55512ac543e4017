/** The response first given for a key, repeated verbatim to every retry with the same request. */
export interface RecordedResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

interface Entry {
  fingerprint: string;
  expiresAt: number;
  /** Undefined while the first request is still being accepted. */
  response: RecordedResponse | undefined;
}

/** The outcome of presenting a key: go ahead (and record the response), replay, or refuse. */
export type Claim =
  | { kind: 'first'; complete(response: RecordedResponse): Promise<void>; abandon(): Promise<void> }
  | { kind: 'replay'; response: RecordedResponse }
  | { kind: 'mismatch' }
  | { kind: 'in-flight' };

/**
 * Idempotency keys and the responses they produced (IETF draft "The Idempotency-Key HTTP Header
 * Field", Stripe's semantics). A key is scoped by the caller (owner and conversation), so two
 * clients never share one. In memory, or in PostgreSQL so that every replica sees the same keys.
 */
export interface IdempotencyStore {
  /** Claims `scope` for a request whose body has `fingerprint`, or tells why it cannot. */
  claim(scope: string, fingerprint: string): Promise<Claim>;
}

/** How long a key is kept, and how many keys at most. */
export interface IdempotencySettings {
  ttlMs: number;
  capacity: number;
}

/** The in-memory IdempotencyStore: kept `ttlMs`, at most `capacity` (the oldest go first). */
export class InMemoryIdempotencyStore implements IdempotencyStore {
  /** Insertion order is age order: with one TTL for all, the head is always the first to expire. */
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly settings: IdempotencySettings,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  claim(scope: string, fingerprint: string): Promise<Claim> {
    return Promise.resolve(this.claimNow(scope, fingerprint));
  }

  private claimNow(scope: string, fingerprint: string): Claim {
    this.sweep();
    const existing = this.entries.get(scope);
    if (existing) {
      if (existing.fingerprint !== fingerprint) return { kind: 'mismatch' };
      return existing.response ? { kind: 'replay', response: existing.response } : { kind: 'in-flight' };
    }
    const entry: Entry = { fingerprint, expiresAt: this.now() + this.settings.ttlMs, response: undefined };
    this.entries.set(scope, entry);
    while (this.entries.size > this.settings.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
    return {
      kind: 'first',
      complete: (response) => {
        if (this.entries.get(scope) === entry) entry.response = response;
        return Promise.resolve();
      },
      // A request that failed (e.g. 503, queue full) did nothing: the key is free for the retry.
      abandon: () => {
        if (this.entries.get(scope) === entry && !entry.response) this.entries.delete(scope);
        return Promise.resolve();
      },
    };
  }

  private sweep(): void {
    const now = this.now();
    for (const [scope, entry] of this.entries) {
      if (entry.expiresAt > now) break;
      this.entries.delete(scope);
    }
  }
}
