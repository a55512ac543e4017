import express, { Router, type RequestHandler, type Response } from 'express';
import type { Config } from '../../config/config.ts';
import { MethodNotAllowedError, NotFoundError, UnsupportedMediaTypeError } from '../errors.ts';
import type { MessageProcessor } from '../../processing/message-processor.ts';
import { presentAccepted, presentStatus, presentSummary, presentUpdate } from '../presenters.ts';
import {
  CONVERSATION_HEADER,
  listQuery,
  messageBodySchema,
  messageHeadersSchema,
  messageIdParams,
  updatesQuery,
} from '../schemas.ts';
import { parsed, validate } from '../validate.ts';
import { principalOf } from '../auth.ts';
import { idempotency, recordIdempotent } from '../idempotency.ts';
import type { IdempotencyStore } from '../../store/idempotency-store.ts';
import { customerOf } from '../customer-identity.ts';
import { canRead, readScope } from '../scope.ts';
import { conversationKey } from '../../store/conversation-key.ts';
import type { UpdateReader } from '../live-updates.ts';
import type { StoredMessage } from '../../store/message-store.ts';

/** 405 for a known path with a method it does not serve. */
export const methodNotAllowed =
  (...allowed: string[]): RequestHandler =>
  (req) => {
    throw new MethodNotAllowedError(req.method, req.path, allowed);
  };

/** Only JSON bodies are accepted; checked before parsing so a form or text body gets 415, not 422. */
export const requireJson: RequestHandler = (req, _res, next) => {
  if (!req.is(['application/json', 'application/*+json'])) {
    throw new UnsupportedMediaTypeError(
      'The request body must be JSON: send Content-Type: application/json.',
    );
  }
  next();
};

const notFound = (id: string) => new NotFoundError(`Message with ID ${id} not found`);

/** POST /messages, GET /messages, GET /messages/{id}/updates, GET /messages/{id}/status. */
export function messagesRouter(deps: {
  processor: MessageProcessor;
  /** The message store, read directly: the processor accepts and cancels, it does not read for routes. */
  messages: UpdateReader;
  limits: Config['limits'];
  /** How long an Idempotency-Key is remembered (IDEMPOTENCY_TTL_MS), for its documentation. */
  idempotencyTtlMs: number;
  idempotency: IdempotencyStore;
}): Router {
  const { processor, messages: store } = deps;
  /** The message, if the caller may see it. Another owner's is "not found", not "forbidden": its existence is not disclosed. */
  const visibleMessage = async (res: Response, id: string): Promise<StoredMessage> => {
    const message = await store.get(id);
    if (!message || !canRead(readScope(res), message)) throw notFound(id);
    return message;
  };
  const body = messageBodySchema(deps.limits.maxMessageLength);
  const headers = messageHeadersSchema({ idempotencyTtlMs: deps.idempotencyTtlMs });
  const router = Router();

  router
    .route('/messages')
    .post(
      requireJson,
      express.json({ limit: deps.limits.bodyLimitBytes, type: ['application/json', 'application/*+json'] }),
      // The conversation header has its own 400 (docs/api.md), checked before the body's 422.
      validate('headers', headers),
      validate('body', body),
      idempotency(deps.idempotency, headers),
      async (req, res) => {
        const { message } = parsed(res.locals, 'body', body);
        const accepted = await processor.accept({
          conversationId: parsed(res.locals, 'headers', headers)[CONVERSATION_HEADER],
          content: message,
          customerId: customerOf(res),
          owner: principalOf(res)?.owner ?? null,
        });
        const location = `/messages/${accepted.id}/status`;
        const presented = presentAccepted(accepted);
        await recordIdempotent(res, { status: 201, headers: { Location: location }, body: presented });
        // Sent without Express's ETag (a SHA-1 of the body, and the body copied into a Buffer for it):
        // the 201 of a POST is never revalidated. The GETs keep theirs, for polling with If-None-Match.
        // The content type is written as the literal `res.type('json')` gives, without its lookup.
        res
          .location(location)
          .status(201)
          .setHeader('Content-Type', 'application/json; charset=utf-8')
          .end(JSON.stringify(presented));
      },
    )
    .get(validate('query', listQuery), async (_req, res) => {
      const query = parsed(res.locals, 'query', listQuery);
      const scope = readScope(res);
      const named = query.conversation_id;
      const { total, messages } = await store.list({
        page: query.page,
        pageSize: query.page_size,
        status: query.status,
        // A caller lists its own customer's messages (with keys, its own key's); an admin key every one's.
        ...(scope === 'all'
          ? { conversationName: named }
          : {
              customerId: scope.customerId,
              owner: scope.owner ?? undefined,
              conversationId: named === undefined ? undefined : conversationKey(scope, named),
            }),
      });
      res.json({
        total_messages: total,
        page: query.page,
        page_size: query.page_size,
        messages: messages.map(presentSummary),
      });
    })
    .all(methodNotAllowed('GET', 'POST'));

  router
    .route('/messages/:id/updates')
    .get(validate('params', messageIdParams), validate('query', updatesQuery), async (_req, res) => {
      const { id } = parsed(res.locals, 'params', messageIdParams);
      const { after = 0 } = parsed(res.locals, 'query', updatesQuery);
      await visibleMessage(res, id);
      const updates = await store.updates(id, after);
      if (!updates) throw notFound(id);
      res.json(updates.map((u) => presentUpdate(id, u)));
    })
    .all(methodNotAllowed('GET'));

  router
    .route('/messages/:id/status')
    .get(validate('params', messageIdParams), async (_req, res) => {
      const { id } = parsed(res.locals, 'params', messageIdParams);
      res.json(presentStatus(await visibleMessage(res, id)));
    })
    .all(methodNotAllowed('GET'));

  router
    .route('/messages/:id/cancel')
    .post(validate('params', messageIdParams), async (_req, res) => {
      const { id } = parsed(res.locals, 'params', messageIdParams);
      await visibleMessage(res, id);
      const cancelled = await processor.cancel(id);
      if (!cancelled) throw notFound(id);
      res.json(presentStatus(cancelled));
    })
    .all(methodNotAllowed('POST'));

  return router;
}
