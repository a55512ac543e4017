import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import {
  conversationEventIdSchema,
  conversationEventsQuery,
  conversationIdParams,
  LONG_POLL_MAX_SECONDS,
  messageEventsQuery,
  health,
  listQuery,
  messageAccepted,
  messageBodySchema,
  messageIdParams,
  messageHeadersSchema,
  messageList,
  messageStatus,
  readiness,
  update,
  updatesQuery,
} from './schemas.ts';
import { z } from 'zod';
import { invalidQuery, jsonResponse, problemResponse, taggedPaths } from './openapi-responses.ts';
import { registerTicketPaths } from './routes/tickets.ts';
import { registerConversationPaths } from './routes/conversations.ts';
import { registerCustomerPaths } from './routes/customers.ts';
import { registerWebhookPaths } from './routes/webhooks.ts';

/** Generates the OpenAPI 3.1 document from the same zod schemas the routes validate with. */
export function buildOpenApiDocument(options: {
  title: string;
  version: string;
  maxMessageLength: number;
  /** IDEMPOTENCY_TTL_MS, which the Idempotency-Key's description states. */
  idempotencyTtlMs: number;
  serverUrl?: string;
}): ReturnType<OpenApiGeneratorV31['generateDocument']> {
  const registry = new OpenAPIRegistry();
  const messagesPath = taggedPaths(registry, 'messages');
  const operationsPath = taggedPaths(registry, 'operations');
  const notFound = problemResponse('No message has this id.');
  const notModified = {
    description: 'Unchanged since the ETag sent in If-None-Match: no body. Poll with the last ETag.',
  };

  messagesPath('post', '/messages', {
    summary: 'Submit a customer message',
    description:
      'Accepts the message at once and processes it in the background: poll `/messages/{id}/updates` or `/messages/{id}/status`.',
    request: {
      headers: messageHeadersSchema({ idempotencyTtlMs: options.idempotencyTtlMs }),
      body: {
        required: true,
        content: { 'application/json': { schema: messageBodySchema(options.maxMessageLength) } },
      },
    },
    responses: {
      201: {
        ...jsonResponse(messageAccepted, 'Accepted; the Location header points at its status.'),
        headers: { Location: { description: 'URL of the message status.', schema: { type: 'string' } } },
      },
      400: problemResponse('Missing or invalid x-ms-conversation-id or Idempotency-Key, or malformed JSON.'),
      401: problemResponse('API keys are configured and the request sent none, or a wrong one.'),
      409: problemResponse('A request with this Idempotency-Key is still being accepted.'),
      413: problemResponse('The body is larger than the limit.'),
      415: problemResponse('The body is not JSON.'),
      422: problemResponse(
        'The body is not a valid message, or the Idempotency-Key was used with another body.',
      ),
      429: {
        ...problemResponse(
          "Too many requests from this client (API key owner, else address), or the owner's waiting messages are at their share of the queue (QUEUE_OWNER_SHARE).",
        ),
        headers: {
          'Retry-After': { description: 'Seconds to wait.', schema: { type: 'integer' } },
          RateLimit: { description: 'IETF draft-8 RateLimit header.', schema: { type: 'string' } },
        },
      },
      503: {
        ...problemResponse(
          'The queue is full, the message store is unavailable, or the service is shutting down.',
        ),
        headers: { 'Retry-After': { description: 'Seconds to wait.', schema: { type: 'integer' } } },
      },
    },
  });
  messagesPath('get', '/messages', {
    summary: 'List messages, newest first',
    request: { query: listQuery },
    responses: { 200: jsonResponse(messageList, 'A page of messages.'), 422: invalidQuery },
  });
  messagesPath('get', '/messages/{id}/updates', {
    summary: "A message's updates, oldest first",
    description: `With \`wait=S\` (at most ${LONG_POLL_MAX_SECONDS}) it is a long-poll: when no update after \`after\` exists yet, the answer comes as soon as one is recorded, or after S seconds with \`[]\`.`,
    request: { params: messageIdParams, query: updatesQuery },
    responses: {
      200: jsonResponse(z.array(update), 'The updates.'),
      304: notModified,
      404: notFound,
      422: invalidQuery,
    },
  });
  const eventStream = (description: string, example: string) => ({
    description,
    content: { 'text/event-stream': { schema: z.string().meta({ example }) } },
  });
  const retryAfter = {
    'Retry-After': { description: 'Seconds to wait.', schema: { type: 'integer' as const } },
  };
  const streamRefusals = {
    401: problemResponse('API keys are configured and the request sent none, or a wrong one.'),
    422: problemResponse('Invalid query, or a Last-Event-ID that is no event id of this stream.'),
    429: {
      ...problemResponse('This client holds its maximum of open streams (STREAM_MAX_PER_CLIENT).'),
      headers: retryAfter,
    },
    503: {
      ...problemResponse(
        'This server holds its maximum of open streams (STREAM_MAX_OPEN), or is shutting down.',
      ),
      headers: retryAfter,
    },
  };
  const sampleEvent = (id: string) =>
    `id: ${id}\nevent: inprogress\ndata: {"message_id":"550e8400-e29b-41d4-a716-446655440000","sequence":2,"status":"inprogress","processed_at":"2026-11-21T10:30:00.140Z","result":"Routing to BillingAgent: a question about a bill","agent_name":"PlannerAgent"}\n\n: heartbeat\n\n`;
  messagesPath('get', '/messages/{id}/events', {
    summary: "A message's updates as server-sent events, live",
    description:
      'One event per update: `id:` its sequence, `event:` its status, `data:` the update exactly as `/messages/{id}/updates` returns it (the `Update` schema). First the updates recorded so far, then each new one as it is recorded; the stream ends after the final update (`completed`, `failed` or `cancelled`). A `: heartbeat` comment comes every 15 s (STREAM_HEARTBEAT_MS). A client that reconnects with `Last-Event-ID` (EventSource does this by itself) or `?after=N` gets exactly the updates after that sequence. Refusals (404, 429, 503) are problem documents sent before any event.',
    request: {
      params: messageIdParams,
      query: messageEventsQuery,
      headers: z.object({
        'last-event-id': z.string().optional().meta({
          description: 'The id of the last event received: resume after that sequence. Wins over `after`.',
          example: '2',
        }),
      }),
    },
    responses: {
      200: eventStream('The event stream.', sampleEvent('2')),
      204: {
        description:
          'Resumed after the final update: nothing will come. (What tells an EventSource to stop reconnecting.)',
      },
      404: notFound,
      ...streamRefusals,
    },
  });
  messagesPath('get', '/conversations/{id}/events', {
    summary: "A conversation's updates as server-sent events, for as long as the client stays",
    description:
      "Every update of every message of the conversation (the caller's own messages when API keys are on), messages posted later included: first those recorded so far, then each new one, all in the order they were recorded in (on whichever replica). `id:` is `<message_id>/<sequence>`, `event:` the status, `data:` the update as `/messages/{id}/updates` returns it. Resuming with `Last-Event-ID` (or `?after=`) sends exactly the updates after that one in this order: none lost, none twice. The stream does not end by itself.",
    request: {
      params: conversationIdParams,
      query: conversationEventsQuery,
      headers: z.object({ 'last-event-id': conversationEventIdSchema.optional() }),
    },
    responses: {
      200: eventStream('The event stream.', sampleEvent('550e8400-e29b-41d4-a716-446655440000/2')),
      404: problemResponse('The conversation has no message (the caller may see).'),
      ...streamRefusals,
    },
  });
  messagesPath('get', '/messages/{id}/status', {
    summary: "A message's current status and, once finished, its answer's agent",
    request: { params: messageIdParams },
    responses: { 200: jsonResponse(messageStatus, 'The status.'), 304: notModified, 404: notFound },
  });
  messagesPath('post', '/messages/{id}/cancel', {
    summary: 'Cancel a message that has not ended',
    description:
      'Records a final `cancelled` update saying the client cancelled it, and stops its processing (the engine and tool calls see the abort), on whichever replica runs it.',
    request: { params: messageIdParams },
    responses: {
      200: jsonResponse(messageStatus, 'The status, now `cancelled`.'),
      404: notFound,
      409: problemResponse('The message has already ended (completed, failed or cancelled).'),
    },
  });
  operationsPath('get', '/health', {
    summary: 'Liveness',
    responses: { 200: jsonResponse(health, 'The process serves.') },
  });
  operationsPath('get', '/ready', {
    summary: 'Readiness: MCP servers answer and the worker accepts work',
    responses: {
      200: jsonResponse(readiness, 'Ready.'),
      503: jsonResponse(readiness, 'Starting, draining or degraded.'),
    },
  });

  registerTicketPaths(registry);
  registerConversationPaths(registry);
  registerCustomerPaths(registry);
  registerWebhookPaths(registry);

  // Used only when API_KEYS / ADMIN_API_KEYS are configured; /health, /ready and the docs stay open.
  registry.registerComponent('securitySchemes', 'ApiKeyHeader', {
    type: 'apiKey',
    in: 'header',
    name: 'x-api-key',
    description: 'An API key from API_KEYS or ADMIN_API_KEYS (when the API runs with keys).',
  });
  registry.registerComponent('securitySchemes', 'BearerKey', {
    type: 'http',
    scheme: 'bearer',
    description: 'The same API key as `Authorization: Bearer <key>`.',
  });

  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: options.title,
      version: options.version,
      description:
        "Asynchronous customer-service messages for a mobile operator. Post a customer's message, then poll its updates: a planner routes it to the billing, roaming, tariff or FAQ agent, which answers from the operator's MCP tool servers.",
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: options.serverUrl ?? '/' }],
  });
}
