import { Router, type Response } from 'express';
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { ForbiddenError, NotFoundError } from '../errors.ts';
import type { TicketStore } from '../../store/ticket-store.ts';
import { presentTicket } from '../presenters.ts';
import { principalOf } from '../auth.ts';
import { readScope } from '../scope.ts';
import { scopePrefix } from '../../store/conversation-key.ts';
import { ticket, ticketIdParams, ticketList, ticketListQuery } from '../schemas.ts';
import { invalidQuery, jsonResponse, problemResponse, taggedPaths } from '../openapi-responses.ts';
import { parsed, validate } from '../validate.ts';
import { methodNotAllowed } from './messages.ts';

/**
 * Tickets hold customers' conversations: with API keys, only admin keys read them (every
 * customer's). Without keys, a caller reads its own customer's tickets only.
 */
function ticketScope(res: Response): string | undefined {
  const principal = principalOf(res);
  if (principal && !principal.admin) {
    throw new ForbiddenError('Support tickets are readable with an admin key (ADMIN_API_KEYS) only.');
  }
  const scope = readScope(res);
  return scope === 'all' ? undefined : scopePrefix(scope);
}

/** GET /tickets and GET /tickets/{id}: the support tickets EscalationAgent raised with consent. */
export function ticketsRouter(deps: { tickets: TicketStore }): Router {
  const router = Router();
  router
    .route('/tickets')
    .get(validate('query', ticketListQuery), async (_req, res) => {
      const prefix = ticketScope(res);
      const query = parsed(res.locals, 'query', ticketListQuery);
      const { total, tickets } = await deps.tickets.list({
        page: query.page,
        pageSize: query.page_size,
        conversationName: query.conversation_id,
        scopePrefix: prefix,
      });
      res.json({
        total_tickets: total,
        page: query.page,
        page_size: query.page_size,
        tickets: tickets.map(presentTicket),
      });
    })
    .all(methodNotAllowed('GET'));
  router
    .route('/tickets/:id')
    .get(validate('params', ticketIdParams), async (_req, res) => {
      const prefix = ticketScope(res);
      const { id } = parsed(res.locals, 'params', ticketIdParams);
      const found = await deps.tickets.get(id);
      if (!found || (prefix !== undefined && !found.conversationId?.startsWith(prefix)))
        throw new NotFoundError(`Ticket with ID ${id} not found`);
      res.json(presentTicket(found));
    })
    .all(methodNotAllowed('GET'));
  return router;
}

/** The tickets' paths in the OpenAPI document. */
export function registerTicketPaths(registry: OpenAPIRegistry): void {
  const path = taggedPaths(registry, 'tickets');
  const forbidden = problemResponse('API keys are configured and this one is not an admin key.');
  path('get', '/tickets', {
    summary: 'Support tickets raised with the customer’s consent, newest first (admin keys)',
    request: { query: ticketListQuery },
    responses: {
      200: jsonResponse(ticketList, 'A page of tickets.'),
      403: forbidden,
      422: invalidQuery,
    },
  });
  path('get', '/tickets/{id}', {
    summary: 'One support ticket (admin keys)',
    request: { params: ticketIdParams },
    responses: {
      200: jsonResponse(ticket, 'The ticket.'),
      403: forbidden,
      404: problemResponse('No ticket has this id.'),
    },
  });
}
