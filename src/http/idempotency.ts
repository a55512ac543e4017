import { createHash } from 'node:crypto';
import type { RequestHandler, Response } from 'express';
import type { Config } from '../config.ts';
import { BadRequestError, IdempotencyConflictError, IdempotencyMismatchError } from '../errors.ts';
import { principalOf } from './auth.ts';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
/** Set on a response that repeats the one first given for the same key (Stripe's name for it). */
export const REPLAYED_HEADER = 'idempotent-replayed';
/** 1–255 printable ASCII characters (Node already trims the header value). */
const KEY_PATTERN = /^[\x20-\x7e]{1,255}$/;

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
  | { kind: 'first'; complete(response: RecordedResponse): void; abandon(): void }
  | { kind: 'replay'; response: RecordedResponse }
  | { kind: 'mismatch' }
  | { kind: 'in-flight' };

/**
 * Idempotency keys and the responses they produced (IETF draft "The Idempotency-Key HTTP Header
 * Field", Stripe's semantics): kept `ttlMs`, at most `capacity` (the oldest go first), in memory. A
 * key is scoped by the caller (owner and conversation), so two clients never share one.
 */
export class IdempotencyStore {
  /** Insertion order is age order: with one TTL for all, the head is always the first to expire. */
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly settings: Config['idempotency'],
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  claim(scope: string, fingerprint: string): Claim {
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
      },
      // A request that failed (e.g. 503, queue full) did nothing: the key is free for the retry.
      abandon: () => {
        if (this.entries.get(scope) === entry && !entry.response) this.entries.delete(scope);
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
export function idempotency(store: IdempotencyStore): RequestHandler {
  return (req, res, next) => {
    const key = req.get(IDEMPOTENCY_HEADER);
    if (key === undefined) {
      next();
      return;
    }
    if (!KEY_PATTERN.test(key)) {
      throw new BadRequestError(`Invalid header Idempotency-Key: use 1–255 printable ASCII characters.`);
    }
    const owner = principalOf(res)?.owner ?? '';
    const conversationId = res.locals.conversationId as string;
    const scope = `${digest(owner)}:${digest(conversationId)}:${digest(key)}`;
    const fingerprint = digest(JSON.stringify(res.locals.body));
    const claim = store.claim(scope, fingerprint);
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
        res.on('close', () => claim.abandon());
        next();
        return;
    }
  };
}

/** Records the response of the first request with a key (no-op without one). */
export function recordIdempotent(res: Response, response: RecordedResponse): void {
  const claim = res.locals.idempotency as Extract<Claim, { kind: 'first' }> | undefined;
  claim?.complete(response);
}
