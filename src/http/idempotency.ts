import { createHash } from 'node:crypto';
import type { RequestHandler, Response } from 'express';
import type { Config } from '../config.ts';
import { IdempotencyConflictError, IdempotencyMismatchError } from '../errors.ts';
import { principalOf } from './auth.ts';
import { customerOf } from './customer-identity.ts';
import { CONVERSATION_HEADER, type messageHeadersSchema } from './schemas.ts';
import { parsed } from './validate.ts';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
/** Set on a response that repeats the one first given for the same key (Stripe's name for it). */
export const REPLAYED_HEADER = 'idempotent-replayed';

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

/** The in-memory IdempotencyStore: kept `ttlMs`, at most `capacity` (the oldest go first). */
export class InMemoryIdempotencyStore implements IdempotencyStore {
  /** Insertion order is age order: with one TTL for all, the head is always the first to expire. */
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly settings: Config['idempotency'],
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

const digest = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/**
 * POST /messages with an `Idempotency-Key`: the first request goes on and its 201 is recorded; a
 * retry with the same key and body gets that 201 again (same message id, `Idempotent-Replayed:
 * true`) and creates nothing; the same key with another body is 422; a retry while the first is
 * still being accepted is 409. Runs after the body and the conversation id are validated, so a
 * request refused for those never takes a key. The handler records its response with
 * `recordIdempotent(res, …)`; a request that ends any other way frees the key.
 */
export function idempotency(
  store: IdempotencyStore,
  headers: ReturnType<typeof messageHeadersSchema>,
): RequestHandler {
  return async (_req, res, next) => {
    // Both headers were validated (validate('headers', …)) before this runs.
    const { [IDEMPOTENCY_HEADER]: key, [CONVERSATION_HEADER]: conversationId } = parsed(
      res.locals,
      'headers',
      headers,
    );
    if (key === undefined) {
      next();
      return;
    }
    const owner = principalOf(res)?.owner ?? '';
    // Per customer too: a key is the caller's in its own conversation, which is the customer's.
    const scope = `${digest(owner)}:${digest(customerOf(res))}:${digest(conversationId)}:${digest(key)}`;
    const fingerprint = digest(JSON.stringify(res.locals.body));
    const claim = await store.claim(scope, fingerprint);
    switch (claim.kind) {
      case 'replay':
        for (const [name, value] of Object.entries(claim.response.headers)) res.setHeader(name, value);
        res.setHeader(REPLAYED_HEADER, 'true');
        res.status(claim.response.status).json(claim.response.body);
        return;
      case 'mismatch':
        throw new IdempotencyMismatchError(
          'This Idempotency-Key was already used with a different request body in this conversation; use a new key for a new message.',
        );
      case 'in-flight':
        throw new IdempotencyConflictError(
          'A request with this Idempotency-Key is still being processed; retry shortly to get its response.',
        );
      case 'first':
        res.locals.idempotency = claim;
        // Frees the key unless the response was recorded; a store that cannot is answered by the
        // claim's lease running out (PostgreSQL), so the failure has nothing left to do.
        res.on('close', () => void claim.abandon().catch(() => {}));
        next();
        return;
    }
  };
}

/**
 * Records the response of the first request with a key (no-op without one). The message is
 * accepted by then, so a store that fails here must not turn the 201 into an error: the claim stays
 * in flight (409 to a retry) until its lease runs out.
 */
export async function recordIdempotent(res: Response, response: RecordedResponse): Promise<void> {
  const claim = res.locals.idempotency;
  await claim?.complete(response).catch((error: unknown) => {
    res.log.warn({ err: error }, 'the Idempotency-Key response could not be recorded');
  });
}
