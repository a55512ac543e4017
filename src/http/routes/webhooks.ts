import express, { Router, type Response } from 'express';
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { NotFoundError, ValidationError } from '../errors.ts';
import { UnsafeUrlError } from '../../webhooks/address-guard.ts';
import { WEBHOOK_EVENT_TYPES } from '../../webhooks/events.ts';
import type { Manager } from '../../webhooks/ownership.ts';
import type { Delivery, WebhookEndpoint } from '../../webhooks/webhook-store.ts';
import { EndpointLimitError, type Webhooks } from '../../webhooks/webhooks.ts';
import { principalOf } from '../auth.ts';
import { invalidQuery, jsonResponse, problemResponse, taggedPaths } from '../openapi-responses.ts';
import { wholeNumber } from '../schemas.ts';
import { parsed, validate } from '../validate.ts';
import { methodNotAllowed, requireJson } from './messages.ts';

const EXAMPLE_WEBHOOK_ID = 'wh_6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f';
const EXAMPLE_DELIVERY_ID = 'dlv_0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const EXAMPLE_TIME = '2026-11-21T10:30:00.123Z';

const eventType = z.enum(WEBHOOK_EVENT_TYPES).meta({ id: 'WebhookEventType' });

export const webhookCreateBody = z
  .object({
    url: z.string().max(2048).meta({
      description: 'Where events are POSTed: http or https, resolving to a public address.',
      example: 'https://crm.example.com/semker/events',
    }),
    events: z
      .array(eventType)
      .min(1)
      .max(WEBHOOK_EVENT_TYPES.length)
      .meta({
        description: 'The event types this endpoint receives.',
        example: ['message.completed', 'message.failed'],
      }),
    description: z.string().max(500).optional().meta({ example: 'CRM: file every answer' }),
  })
  .meta({ id: 'WebhookCreate' });

export const webhookIdParams = z.object({
  id: z.string().max(64).meta({ description: 'The webhook id.', example: EXAMPLE_WEBHOOK_ID }),
});

export const deliveryParams = webhookIdParams.extend({
  delivery_id: z.string().max(64).meta({ description: 'The delivery id.', example: EXAMPLE_DELIVERY_ID }),
});

export const deliveriesQuery = z.object({
  limit: wholeNumber(1, 100)
    .default(50)
    .meta({ description: 'The newest deliveries, at most this many (1–100).' }),
});

const endpointFields = {
  webhook_id: z.string().meta({ example: EXAMPLE_WEBHOOK_ID }),
  url: z.string(),
  events: z.array(eventType),
  description: z.string().nullable(),
  created_at: z.iso.datetime().meta({ example: EXAMPLE_TIME }),
  disabled_at: z.iso
    .datetime()
    .nullable()
    .meta({ description: 'When a receiver answered 410 Gone and deliveries stopped; null while enabled.' }),
};

export const webhookEndpoint = z.object(endpointFields).meta({ id: 'WebhookEndpoint' });

export const webhookCreated = z
  .object({
    ...endpointFields,
    secret: z.string().meta({
      description:
        'The signing secret (whsec_ + base64 of 32 bytes), for verifying webhook-signature. Returned only here.',
      example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    }),
  })
  .meta({ id: 'WebhookCreated' });

export const webhookList = z.object({ webhooks: z.array(webhookEndpoint) }).meta({ id: 'WebhookList' });

export const webhookDelivery = z
  .object({
    delivery_id: z.string().meta({ example: EXAMPLE_DELIVERY_ID }),
    event_id: z.string().meta({ description: 'The webhook-id header of every attempt.' }),
    event_type: eventType,
    status: z.enum(['pending', 'delivered', 'failed']),
    attempts: z.number().int(),
    last_response_status: z
      .number()
      .int()
      .nullable()
      .meta({ description: "The receiver's last HTTP status; null when it did not answer." }),
    next_attempt_at: z.iso.datetime().nullable().meta({ description: 'Null once delivered or failed.' }),
  })
  .meta({ id: 'WebhookDelivery' });

export const webhookDeliveries = z
  .object({ deliveries: z.array(webhookDelivery) })
  .meta({ id: 'WebhookDeliveryList' });

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/** An endpoint as clients read it: never its secret. */
export const presentEndpoint = (e: WebhookEndpoint): z.infer<typeof webhookEndpoint> => ({
  webhook_id: e.id,
  url: e.url,
  events: e.events,
  description: e.description,
  created_at: new Date(e.createdAt).toISOString(),
  disabled_at: iso(e.disabledAt),
});

export const presentDelivery = (d: Delivery): z.infer<typeof webhookDelivery> => ({
  delivery_id: d.id,
  event_id: d.eventId,
  event_type: d.eventType,
  status: d.status,
  attempts: d.attempts,
  last_response_status: d.lastResponseStatus,
  next_attempt_at: iso(d.nextAttemptAt),
});

/** Who manages: the key's principal (undefined when the API runs without keys). */
const managerOf = (res: Response): Manager | undefined => principalOf(res);

const notFound = (id: string) => new NotFoundError(`Webhook with ID ${id} not found`);

/** The webhook endpoints and their deliveries (docs/webhooks.md), each caller's own; admin keys all. */
export function webhooksRouter(deps: { webhooks: Webhooks; bodyLimitBytes: number }): Router {
  const { webhooks } = deps;
  const router = Router();
  router
    .route('/webhooks')
    .post(
      requireJson,
      express.json({ limit: deps.bodyLimitBytes, type: ['application/json', 'application/*+json'] }),
      validate('body', webhookCreateBody),
      async (_req, res) => {
        const input = parsed(res.locals, 'body', webhookCreateBody);
        let endpoint: WebhookEndpoint;
        try {
          endpoint = await webhooks.register(managerOf(res), input);
        } catch (error) {
          if (error instanceof UnsafeUrlError || error instanceof EndpointLimitError) {
            const path = error instanceof UnsafeUrlError ? 'body.url' : 'body';
            throw new ValidationError(`The webhook cannot be registered: ${error.message}`, [
              { path, message: error.message },
            ]);
          }
          throw error;
        }
        res
          .status(201)
          .location(`/webhooks/${endpoint.id}`)
          .json({ ...presentEndpoint(endpoint), secret: endpoint.secret });
      },
    )
    .get(async (_req, res) => {
      const endpoints = await webhooks.list(managerOf(res));
      res.json({ webhooks: endpoints.map(presentEndpoint) });
    })
    .all(methodNotAllowed('GET', 'POST'));
  router
    .route('/webhooks/:id')
    .get(validate('params', webhookIdParams), async (_req, res) => {
      const { id } = parsed(res.locals, 'params', webhookIdParams);
      const endpoint = await webhooks.get(managerOf(res), id);
      if (!endpoint) throw notFound(id);
      res.json(presentEndpoint(endpoint));
    })
    .delete(validate('params', webhookIdParams), async (_req, res) => {
      const { id } = parsed(res.locals, 'params', webhookIdParams);
      if (!(await webhooks.remove(managerOf(res), id))) throw notFound(id);
      res.status(204).end();
    })
    .all(methodNotAllowed('GET', 'DELETE'));
  router
    .route('/webhooks/:id/deliveries')
    .get(validate('params', webhookIdParams), validate('query', deliveriesQuery), async (_req, res) => {
      const { id } = parsed(res.locals, 'params', webhookIdParams);
      const { limit } = parsed(res.locals, 'query', deliveriesQuery);
      const deliveries = await webhooks.deliveries(managerOf(res), id, limit);
      if (!deliveries) throw notFound(id);
      res.json({ deliveries: deliveries.map(presentDelivery) });
    })
    .all(methodNotAllowed('GET'));
  router
    .route('/webhooks/:id/deliveries/:delivery_id/retry')
    .post(validate('params', deliveryParams), async (_req, res) => {
      const { id, delivery_id: deliveryId } = parsed(res.locals, 'params', deliveryParams);
      const delivery = await webhooks.retry(managerOf(res), id, deliveryId);
      if (!delivery) throw new NotFoundError(`Delivery with ID ${deliveryId} not found`);
      res.status(202).json(presentDelivery(delivery));
    })
    .all(methodNotAllowed('POST'));
  return router;
}

/** The webhooks' paths in the OpenAPI document. */
export function registerWebhookPaths(registry: OpenAPIRegistry): void {
  const path = taggedPaths(registry, 'webhooks');
  const unauthorized = problemResponse('API keys are configured and none (or a wrong one) was sent.');
  // What every operation on one endpoint answers when it may not, or there is no such endpoint.
  const endpointRefusals = {
    401: unauthorized,
    404: problemResponse('No webhook of this caller has this id.'),
  };
  path('post', '/webhooks', {
    summary: 'Register an endpoint for events (the response is the only one that shows its secret)',
    request: { body: { content: { 'application/json': { schema: webhookCreateBody } } } },
    responses: {
      201: jsonResponse(webhookCreated, 'Registered; keep the secret to verify signatures.'),
      401: unauthorized,
      422: problemResponse('Invalid body, a URL that is not http(s) or not public, or too many endpoints.'),
    },
  });
  path('get', '/webhooks', {
    summary: 'The caller’s endpoints, oldest first (admin keys: every owner’s)',
    responses: { 200: jsonResponse(webhookList, 'The endpoints.'), 401: unauthorized },
  });
  path('get', '/webhooks/{id}', {
    summary: 'One endpoint',
    request: { params: webhookIdParams },
    responses: { 200: jsonResponse(webhookEndpoint, 'The endpoint.'), ...endpointRefusals },
  });
  path('delete', '/webhooks/{id}', {
    summary: 'Delete an endpoint and its deliveries',
    request: { params: webhookIdParams },
    responses: { 204: { description: 'Deleted.' }, ...endpointRefusals },
  });
  path('get', '/webhooks/{id}/deliveries', {
    summary: 'The endpoint’s deliveries, newest first',
    request: { params: webhookIdParams, query: deliveriesQuery },
    responses: {
      200: jsonResponse(webhookDeliveries, 'The deliveries.'),
      ...endpointRefusals,
      422: invalidQuery,
    },
  });
  path('post', '/webhooks/{id}/deliveries/{delivery_id}/retry', {
    summary: 'Deliver again now, starting the retry schedule over',
    request: { params: deliveryParams },
    responses: {
      202: jsonResponse(webhookDelivery, 'Queued.'),
      401: unauthorized,
      404: problemResponse('No such webhook or delivery of this caller.'),
    },
  });
}
