import { Router, type Request, type RequestHandler, type Response } from 'express';
import { ipKeyGenerator } from 'express-rate-limit';
import type { z } from 'zod';
import { NotFoundError, ValidationError } from '../errors.ts';
import { principalOf } from '../auth.ts';
import { canRead, conversationNotFound, readScope } from '../scope.ts';
import type { EventStreams } from '../event-streams.ts';
import {
  endedBefore,
  parseConversationEventId,
  streamConversation,
  streamMessage,
  waitForUpdates,
  type UpdateReader,
} from '../live-updates.ts';
import { presentUpdate } from '../presenters.ts';
import {
  conversationEventIdSchema,
  conversationEventsQuery,
  messageEventId,
  messageEventsQuery,
  messageIdParams,
  updatesQuery,
} from '../schemas.ts';
import { openSse, type SseConnection } from '../sse.ts';
import { fieldErrors, parsed, validate } from '../validate.ts';
import { methodNotAllowed } from './messages.ts';
import { conversationGet } from './conversations.ts';

const notFound = (id: string) => new NotFoundError(`Message with ID ${id} not found`);

/** Who holds a stream, for the per-client bound: the API key's owner, else the address (as the rate limit). */
const clientOf = (req: Request, res: Response): string => {
  const principal = principalOf(res);
  return principal ? `key:${principal.owner}` : `ip:${ipKeyGenerator(req.ip ?? 'unknown')}`;
};

/** The `Last-Event-ID` header parsed with `schema`, a 422 naming the header when it is not an event id. */
function lastEventId<S extends z.ZodType>(req: Request, schema: S): z.infer<S> | undefined {
  const header = req.get('last-event-id');
  if (header === undefined || header === '') return undefined;
  const result = schema.safeParse(header);
  if (result.success) return result.data;
  const errors = fieldErrors('query', result.error.issues).map((e) => ({
    ...e,
    path: 'header.last-event-id',
  }));
  throw new ValidationError(`The Last-Event-ID header ${errors[0]?.message ?? 'is invalid'}.`, errors);
}

/**
 * Admits a stream (429/503 problem over the bounds, before any byte of the stream) and opens it; the
 * admission is released when the stream closes, and shutdown ends it cleanly.
 */
function open(streams: EventStreams, req: Request, res: Response): SseConnection {
  const stop = { end: (): void => {} };
  const release = streams.admit(clientOf(req, res), () => stop.end());
  const sse = openSse(res, streams.settings);
  stop.end = () => sse.end();
  sse.onClose(release);
  // HEAD (which Express routes to GET): the stream's headers, and no stream.
  if (req.method === 'HEAD') sse.end();
  return sse;
}

/**
 * GET /messages/{id}/events, GET /conversations/{id}/events, and the long-poll form of
 * GET /messages/{id}/updates (with `wait`; without it the request goes on to the messages router).
 */
export function eventsRouter(deps: { reader: UpdateReader; streams: EventStreams }): Router {
  const { reader, streams } = deps;
  const router = Router();

  router
    .route('/messages/:id/events')
    .get(validate('params', messageIdParams), validate('query', messageEventsQuery), async (req, res) => {
      const { id } = parsed(res.locals, 'params', messageIdParams);
      const query = parsed(res.locals, 'query', messageEventsQuery);
      // A reconnecting EventSource sends Last-Event-ID and the URL of its first request: the header wins.
      const after = lastEventId(req, messageEventId) ?? query.after ?? 0;
      const message = await reader.get(id);
      // Another owner's message is "not found", as on every other route: its existence is not disclosed.
      if (!message || !canRead(readScope(res), message)) throw notFound(id);
      // Nothing will come after the final update: 204 is what tells an EventSource to stop reconnecting.
      if (await endedBefore(reader, id, after)) {
        res.status(204).end();
        return;
      }
      streamMessage({ reader, streams, sse: open(streams, req, res), messageId: id, after, logger: req.log });
    })
    .all(methodNotAllowed('GET'));

  router
    .route('/conversations/:id/events')
    .get(
      conversationGet(conversationEventsQuery, async (req, res, { id, query, filter }) => {
        const resumeFrom = parseConversationEventId(
          lastEventId(req, conversationEventIdSchema) ?? query.after,
        );
        // An admin's read streams the newest conversation of that id in any scope.
        const { messages } = await reader.list({ ...filter, page: 1, pageSize: 1 });
        const key = messages[0]?.conversationId;
        if (key === undefined) throw conversationNotFound(id);
        await streamConversation({
          reader,
          streams,
          sse: open(streams, req, res),
          conversationId: key,
          owner: undefined,
          resumeFrom,
          logger: req.log,
        });
      }),
    )
    .all(methodNotAllowed('GET'));

  /** Only a request with `wait` is a long-poll; any other goes on to the messages router unchanged. */
  const onlyWithWait: RequestHandler = (req, _res, next) =>
    next(req.query.wait === undefined ? 'route' : undefined);
  router.get(
    '/messages/:id/updates',
    onlyWithWait,
    validate('params', messageIdParams),
    validate('query', updatesQuery),
    async (req, res) => {
      const { id } = parsed(res.locals, 'params', messageIdParams);
      const { after = 0, wait = 0 } = parsed(res.locals, 'query', updatesQuery);
      const message = await reader.get(id);
      if (!message || !canRead(readScope(res), message)) throw notFound(id);
      let stop: () => void = () => {};
      const stopped = new Promise<void>((resolve) => (stop = resolve));
      const release = streams.admit(clientOf(req, res), () => stop());
      res.on('close', () => stop());
      try {
        const updates = await waitForUpdates({
          reader,
          streams,
          messageId: id,
          after,
          waitMs: wait * 1000,
          stopped,
        });
        if (!updates) throw notFound(id);
        res.json(updates.map((update) => presentUpdate(id, update)));
      } finally {
        release();
      }
    },
  );

  return router;
}
