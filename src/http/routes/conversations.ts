import { Router, type Response } from 'express';
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { Logger } from 'pino';
import { NotFoundError } from '../errors.ts';
import type { MessageProcessor } from '../../processing/message-processor.ts';
import type { UpdateReader } from '../live-updates.ts';
import type { TicketStore } from '../../store/ticket-store.ts';
import { principalOf } from '../auth.ts';
import { presentConversationMessage, presentTicket } from '../presenters.ts';
import { conversation, conversationIdParams, conversationQuery, problem } from '../schemas.ts';
import { parsed, validate } from '../validate.ts';
import { methodNotAllowed } from './messages.ts';

const notFound = (id: string) => new NotFoundError(`Conversation with ID ${id} not found`);

/** With API keys, a caller sees its own messages of a conversation; an admin key sees everyone's. */
function ownerOf(res: Response): string | undefined {
  const principal = principalOf(res);
  return principal && !principal.admin ? principal.owner : undefined;
}

/** GET /conversations/{id} (the conversation as a resource) and DELETE (erasure on request). */
export function conversationsRouter(deps: {
  processor: MessageProcessor;
  messages: UpdateReader;
  tickets: TicketStore;
  logger: Logger;
}): Router {
  const { processor, messages: store, tickets } = deps;
  const router = Router();
  router
    .route('/conversations/:id')
    .get(
      validate('params', conversationIdParams),
      validate('query', conversationQuery),
      async (_req, res) => {
        const { id } = parsed(res.locals, 'params', conversationIdParams);
        const query = parsed(res.locals, 'query', conversationQuery);
        const [page, raised] = await Promise.all([
          store.list({
            conversationId: id,
            owner: ownerOf(res),
            page: query.page,
            pageSize: query.page_size,
            oldestFirst: true,
          }),
          tickets.list({ conversationId: id, page: 1, pageSize: 100 }),
        ]);
        // Another owner's conversation is "not found", not "forbidden": its existence is not disclosed.
        if (page.total === 0) throw notFound(id);
        res.json({
          conversation_id: id,
          total_messages: page.total,
          page: query.page,
          page_size: query.page_size,
          messages: page.messages.map(presentConversationMessage),
          tickets: raised.tickets.reverse().map(presentTicket),
        });
      },
    )
    .delete(validate('params', conversationIdParams), async (_req, res) => {
      const { id } = parsed(res.locals, 'params', conversationIdParams);
      const owner = ownerOf(res);
      if (owner !== undefined) {
        // A caller may erase only a conversation that is its own: one with another owner's messages is not found.
        const [all, own] = await Promise.all([
          store.list({ conversationId: id, page: 1, pageSize: 1 }),
          store.list({ conversationId: id, owner, page: 1, pageSize: 1 }),
        ]);
        if (all.total !== own.total) throw notFound(id);
      }
      const messages = await processor.forgetConversation(id);
      const erasedTickets = await tickets.eraseConversation(id);
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

/** The conversation resource's paths in the OpenAPI document. */
export function registerConversationPaths(registry: OpenAPIRegistry): void {
  const problemResponse = (description: string) => ({
    description,
    content: { 'application/problem+json': { schema: problem } },
  });
  registry.registerPath({
    method: 'get',
    path: '/conversations/{id}',
    tags: ['conversations'],
    summary: 'A conversation: its messages oldest first, with their answers, and its support tickets',
    request: { params: conversationIdParams, query: conversationQuery },
    responses: {
      200: { description: 'The conversation.', content: { 'application/json': { schema: conversation } } },
      404: problemResponse('No conversation has this id, or it is another owner’s.'),
      422: problemResponse('Invalid query.'),
    },
  });
  registry.registerPath({
    method: 'delete',
    path: '/conversations/{id}',
    tags: ['conversations'],
    summary: 'Erase a conversation on request (GDPR Art. 17)',
    description:
      'Cancels its messages that have not ended, then deletes its messages, their updates and its history, and erases the support tickets’ copy of the chat. Idempotent: erasing again is 204 too. Later reads are 404.',
    request: { params: conversationIdParams },
    responses: {
      204: { description: 'Erased (or there was nothing to erase).' },
      404: problemResponse('The conversation has another owner’s messages.'),
    },
  });
}
