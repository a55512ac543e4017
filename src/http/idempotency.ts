import { createHash } from 'node:crypto';
import type { RequestHandler, Response } from 'express';
import { IdempotencyConflictError, IdempotencyMismatchError } from './errors.ts';
import { principalOf } from './auth.ts';
import { customerOf } from './customer-identity.ts';
import { CONVERSATION_HEADER, type messageHeadersSchema } from './schemas.ts';
import { parsed } from './validate.ts';
import type { IdempotencyStore, RecordedResponse } from '../store/idempotency-store.ts';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
/** Set on a response that repeats the one first given for the same key (Stripe's name for it). */
export const REPLAYED_HEADER = 'idempotent-replayed';

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
