import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { z } from 'zod';
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { Logger } from 'pino';
import type { MessageProcessor } from '../../processing/message-processor.ts';
import type { UpdateReader } from '../live-updates.ts';
import type { TicketStore } from '../../store/ticket-store.ts';
import { principalOf } from '../auth.ts';
import { conversationFilter, conversationNotFound, readScope } from '../scope.ts';
import { presentAction, presentConversationMessage, presentTicket } from '../presenters.ts';
import type { ActionDesk } from '../../actions/action-desk.ts';
import { conversation, conversationIdParams, conversationQuery } from '../schemas.ts';
import { invalidQuery, jsonResponse, problemResponse, taggedPaths } from '../openapi-responses.ts';
import { parsed, validate } from '../validate.ts';
import { methodNotAllowed } from './messages.ts';

/** The conversation a GET names: its id as sent, the validated query, and the caller's filter for it. */
interface NamedConversation<Query> {
  id: string;
  query: Query;
  filter: ReturnType<typeof conversationFilter>;
}

/**
 * A GET on `/conversations/:id` or below: validates the id and the query (a 422 problem otherwise),
 * then hands the handler the conversation as the caller's scope names it (its own; with an admin key,
 * that id's in every scope). Finding none is the handler's 404, as each looks it up its own way.
 */
export function conversationGet<Query extends z.ZodType>(
  query: Query,
  handle: (req: Request, res: Response, conversation: NamedConversation<z.infer<Query>>) => Promise<void>,
): RequestHandler[] {
  return [
    validate('params', conversationIdParams),
    validate('query', query),
    async (req, res) => {
      const { id } = parsed(res.locals, 'params', conversationIdParams);
      const filter = conversationFilter(readScope(res), id);
      await handle(req, res, { id, query: parsed(res.locals, 'query', query), filter });
    },
  ];
}

/** GET /conversations/{id} (the conversation as a resource) and DELETE (erasure on request). */
export function conversationsRouter(deps: {
  processor: MessageProcessor;
  messages: UpdateReader;
  tickets: TicketStore;
  actions: ActionDesk;
  logger: Logger;
}): Router {
  const { processor, messages: store, tickets } = deps;
  const router = Router();
  router
    .route('/conversations/:id')
    .get(
      conversationGet(conversationQuery, async (_req, res, { id, query, filter }) => {
        const [page, raised] = await Promise.all([
          store.list({ ...filter, page: query.page, pageSize: query.page_size, oldestFirst: true }),
          tickets.list({ ...filter, page: 1, pageSize: 100 }),
        ]);
        // Another customer's (or owner's) conversation of that id is another conversation: this
        // caller's is "not found", not "forbidden", and nothing of the other is disclosed.
        if (page.total === 0) throw conversationNotFound(id);
        const keys = 'conversationId' in filter ? [filter.conversationId] : await conversationKeys(store, id);
        const actions = (
          await Promise.all(keys.map((conversationId) => deps.actions.list({ conversationId })))
        ).flat();
        res.json({
          conversation_id: id,
          total_messages: page.total,
          page: query.page,
          page_size: query.page_size,
          messages: page.messages.map(presentConversationMessage),
          tickets: raised.tickets.reverse().map(presentTicket),
          actions: actions.map(presentAction),
        });
      }),
    )
    .delete(validate('params', conversationIdParams), async (_req, res) => {
      const { id } = parsed(res.locals, 'params', conversationIdParams);
      const filter = conversationFilter(readScope(res), id);
      // The caller's own conversation; with an admin key, that id's conversation in every scope.
      const keys =
        'conversationId' in filter
          ? [filter.conversationId]
          : await conversationKeys(store, filter.conversationName);
      let messages = 0;
      let erasedTickets = 0;
      for (const key of keys) {
        messages += await processor.forgetConversation(key);
        erasedTickets += await tickets.eraseConversation(key);
      }
      // The audit line names what was erased, never what it said.
      deps.logger.info(
        {
          audit: 'conversation_erased',
          conversation_id: id,
          by: principalOf(res)?.owner ?? null,
          messages,
          tickets: erasedTickets,
        },
        'conversation erased on request',
      );
      res.status(204).end();
    })
    .all(methodNotAllowed('GET', 'DELETE'));
  return router;
}

/** The keys of every scope's conversation the client named `name` (an admin's erasure). */
async function conversationKeys(store: UpdateReader, name: string): Promise<string[]> {
  const keys = new Set<string>();
  for (let page = 1; ; page++) {
    const { messages } = await store.list({ conversationName: name, page, pageSize: 100 });
    for (const message of messages) keys.add(message.conversationId);
    if (messages.length < 100) return [...keys];
  }
}

/** The conversation resource's paths in the OpenAPI document. */
export function registerConversationPaths(registry: OpenAPIRegistry): void {
  const path = taggedPaths(registry, 'conversations');
  path('get', '/conversations/{id}', {
    summary: 'A conversation: its messages oldest first, with their answers, and its support tickets',
    request: { params: conversationIdParams, query: conversationQuery },
    responses: {
      200: jsonResponse(conversation, 'The conversation.'),
      404: problemResponse(
        'The caller has no conversation with this id (another customer’s or owner’s of the same id is not theirs).',
      ),
      422: invalidQuery,
    },
  });
  path('delete', '/conversations/{id}', {
    summary: 'Erase a conversation on request (GDPR Art. 17)',
    description:
      'Cancels its messages that have not ended, then deletes its messages, their updates and its history, and erases the support tickets’ copy of the chat. Idempotent: erasing again is 204 too. Later reads are 404.',
    request: { params: conversationIdParams },
    responses: {
      204: { description: 'Erased (or there was nothing to erase).' },
    },
  });
}
