import { z } from 'zod';
import { ACTION_KINDS, ACTION_STATUSES } from '../actions/action.ts';
import { AGENT_NAMES } from '../domains/agent-names.ts';
import { FAILURE_CODES, FAILURE_KINDS } from '../core/failures.ts';
import { MESSAGE_STATUSES } from '../store/message-store.ts';

/**
 * The HTTP contract (docs/api.md) as zod schemas: the routes validate with them and the OpenAPI
 * document is generated from them, so the two cannot drift apart.
 */

export const CONVERSATION_HEADER = 'x-ms-conversation-id';
export const CONVERSATION_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

const EXAMPLE_ID = '550e8400-e29b-41d4-a716-446655440000';
const EXAMPLE_TIME = '2026-11-21T10:30:00.123Z';

const isoTime = z.iso.datetime().meta({ example: EXAMPLE_TIME });
const messageId = z
  .string()
  .meta({ description: 'The message id returned by POST /messages.', example: EXAMPLE_ID });
const status = z
  .enum(MESSAGE_STATUSES)
  .meta({ id: 'MessageStatus', description: 'Where the message is in its flow.' });
const agentName = z
  .enum(Object.values(AGENT_NAMES) as [string, ...string[]])
  .nullable()
  .meta({ id: 'AgentName', description: 'The agent that produced this step; null on the first update.' });

/**
 * A whole number from the query string, from `min` (to `max`), with the words every such parameter's
 * 422 uses: "must be a whole number" (or `what`), "must be at least …", "must be at most …".
 */
export function wholeNumber(min: number, max?: number, what = 'a whole number') {
  const number = z.coerce
    .number({ error: `must be ${what}` })
    .int({ error: `must be ${what}` })
    .min(min, { error: `must be at least ${min}` });
  return max === undefined ? number : number.max(max, { error: `must be at most ${max}` });
}

const pageInt = (description: string, min: number, max: number, fallback: number) =>
  wholeNumber(min, max).default(fallback).meta({ description, example: fallback });

/** Where a read of a message's updates starts: after this sequence. */
const afterSequence = (description: string, example: number) =>
  wholeNumber(0).optional().meta({ description, example });

/** Builds the request schemas that depend on configuration (the message length limit). */
export function messageBodySchema(maxMessageLength: number) {
  return z
    .object({
      message: z
        .string({ error: 'must be a string' })
        .trim()
        .min(1, { error: 'must not be empty' })
        .max(maxMessageLength, { error: `must be at most ${maxMessageLength} characters` })
        // Text no store can keep: PostgreSQL's text refuses NUL and UTF-8 has no lone surrogate. The
        // memory backend could keep both; refused on both, so the contract is one.
        .refine((text) => !text.includes('\u0000') && text.isWellFormed(), {
          error: 'must not contain a NUL character (U+0000) or an unpaired surrogate (U+D800–U+DFFF)',
        })
        .meta({
          description: `The customer's message, 1 to ${maxMessageLength} characters after trimming, without NUL characters or unpaired surrogates.`,
          example: 'Why was my bill so high last month?',
        }),
    })
    .meta({ id: 'SendMessageRequest' });
}

/** The longest Idempotency-Key accepted. */
export const IDEMPOTENCY_KEY_MAX_LENGTH = 255;

const hours = (ms: number): string =>
  ms % 3_600_000 === 0 ? `${ms / 3_600_000} h` : `${Math.round(ms / 1000)} s`;

/**
 * The headers of POST /messages, validated like a body (a bad one is a 400 with the message below)
 * and documented from the same schema; the Idempotency-Key's lifetime is the configured one.
 */
export const messageHeadersSchema = (options: { idempotencyTtlMs: number }) =>
  z.object({
    [CONVERSATION_HEADER]: z
      .string({
        error: (issue) =>
          issue.input === undefined
            ? `Missing required header: ${CONVERSATION_HEADER}`
            : `Invalid header ${CONVERSATION_HEADER}: send it once.`,
      })
      .regex(CONVERSATION_ID_PATTERN, {
        error: `Invalid header ${CONVERSATION_HEADER}: use 1–128 characters of A–Z, a–z, 0–9, '.', '_', ':' or '-'.`,
      })
      .meta({
        description:
          "The conversation this message belongs to: 1–128 characters of A–Z, a–z, 0–9, '.', '_', ':' or '-'.",
        example: 'thread-123',
      }),
    'idempotency-key': z
      .string()
      .regex(new RegExp(`^[\\x20-\\x7e]{1,${IDEMPOTENCY_KEY_MAX_LENGTH}}$`), {
        error: `Invalid header Idempotency-Key: use 1–${IDEMPOTENCY_KEY_MAX_LENGTH} printable ASCII characters.`,
      })
      .optional()
      .meta({
        description: `Makes a retry safe: the same key with the same body in the same conversation replays the first 201 (same message_id, header \`Idempotent-Replayed: true\`) for ${hours(options.idempotencyTtlMs)} (IDEMPOTENCY_TTL_MS); the same key with another body is 422; while the first is still being accepted, 409. Use a new key (a UUID, say) for each new message and the same key only to retry it. 1–${IDEMPOTENCY_KEY_MAX_LENGTH} printable ASCII characters.`,
        // No example: Swagger UI's Try it out fills a header in with its example, and one fixed key
        // would make every other message sent from there a 422 and the same one a silent replay.
      }),
  });

export const messageIdParams = z.object({ id: messageId });

/** The longest a long-poll may wait (docs/api.md), below every proxy's read timeout. */
export const LONG_POLL_MAX_SECONDS = 30;

export const updatesQuery = z.object({
  after: afterSequence('Only updates with a sequence greater than this.', 1),
  wait: wholeNumber(0, LONG_POLL_MAX_SECONDS, 'a whole number of seconds')
    .optional()
    .meta({
      description: `Long-poll: when no update after \`after\` exists yet, wait up to this many seconds (at most ${LONG_POLL_MAX_SECONDS}) for one; \`[]\` if none came.`,
      example: 25,
    }),
});

export const listQuery = z.object({
  page: pageInt('Page number, from 1.', 1, 1_000_000, 1),
  page_size: pageInt('Messages per page, 1 to 100.', 1, 100, 20),
  status: status.optional(),
  conversation_id: z
    .string()
    .regex(CONVERSATION_ID_PATTERN, {
      error: 'must be 1–128 characters of A–Z, a–z, 0–9, ".", "_", ":" or "-"',
    })
    .optional()
    .meta({ description: 'Only messages of this conversation.', example: 'thread-123' }),
});

export const messageAccepted = z
  .object({ message_id: messageId, status: z.literal('received'), received_at: isoTime })
  .meta({ id: 'MessageAccepted' });

export const update = z
  .object({
    message_id: messageId,
    sequence: z.number().int().min(1).meta({ description: 'Counts from 1 per message.', example: 1 }),
    status,
    processed_at: isoTime,
    result: z.string().nullable().meta({ example: 'Message received and sent to the agent.' }),
    agent_name: agentName,
  })
  .meta({ id: 'Update' });

/** An update as clients read it from `GET /messages/{id}/updates` and the event streams. */
export type UpdateBody = z.infer<typeof update>;

export const messageStatus = z
  .object({
    message_id: messageId,
    status,
    content: z.string().meta({ example: 'Why was my bill so high last month?' }),
    timestamp: isoTime.meta({ description: 'When the message was received.' }),
    conversation_id: z.string().meta({ example: 'thread-123' }),
    agent_name: agentName.meta({ description: 'The agent that answered, once finished.' }),
    completed_at: isoTime.nullable().meta({ description: 'When the message finished; null until then.' }),
    failure_code: z
      .enum(FAILURE_CODES)
      .nullable()
      .meta({
        description: `Why a failed message failed, stable for programs (its last update's \`result\` is the text for the customer); null unless failed. ${FAILURE_CODES.map((code) => `\`${code}\`: ${FAILURE_KINDS[code].meaning}`).join('; ')}.`,
        example: null,
      }),
    trace_id: z
      .string()
      .regex(/^[0-9a-f]{32}$/)
      .nullable()
      .meta({
        description:
          "The W3C trace id of the message's trace (its POST and its processing), to find it in the tracing back end; null when tracing is off or the trace was not sampled.",
        example: '4bf92f3577b34da6a3ce929d0e0e4736',
      }),
  })
  .meta({ id: 'MessageStatusResponse' });

export const messageList = z
  .object({
    total_messages: z.number().int().meta({ example: 1 }),
    page: z.number().int().meta({ example: 1 }),
    page_size: z.number().int().meta({ example: 20 }),
    messages: z.array(
      z
        .object({ message_id: messageId, status, conversation_id: z.string(), timestamp: isoTime })
        .meta({ id: 'MessageSummary' }),
    ),
  })
  .meta({ id: 'MessageList' });

const checks = z.record(z.string(), z.string()).meta({
  description: 'State of each dependency: the worker and each MCP tool server.',
  example: { worker: 'accepting', billing: 'ok', roaming: 'ok', tariff: 'ok', faq: 'ok' },
});

export const health = z
  .object({
    status: z.literal('healthy'),
    timestamp: isoTime,
    version: z.string().meta({ example: '1.0.0' }),
    uptime_seconds: z.number().meta({ example: 3600.5 }),
    checks,
  })
  .meta({ id: 'HealthResponse' });

export const readiness = z
  .object({ status: z.enum(['ready', 'not_ready']), checks })
  .meta({ id: 'ReadinessResponse' });

export const problem = z
  .object({
    type: z.string().meta({ example: 'https://semker.dev/problems/not-found' }),
    title: z.string().meta({ example: 'Not Found' }),
    status: z.number().int().meta({ example: 404 }),
    detail: z.string().meta({ example: `Message with ID ${EXAMPLE_ID} not found` }),
    instance: z.string().meta({ example: `/messages/${EXAMPLE_ID}/status` }),
    request_id: z.string().meta({ example: 'f0c6a1a2-9d1e-4c55-9a36-0d7b8f1f7b11' }),
    errors: z
      .array(z.object({ path: z.string(), message: z.string() }))
      .optional()
      .meta({ description: 'On 422: each invalid field and what is wrong with it.' }),
  })
  .meta({ id: 'Problem', description: 'An RFC 9457 problem details document.' });

export const ticketIdParams = z.object({
  id: z.string().max(64).meta({ description: 'The ticket id.', example: 'TCK-7F3K9Q2M' }),
});

export const ticketListQuery = z.object({
  page: pageInt('Page number, from 1.', 1, 1_000_000, 1),
  page_size: pageInt('Tickets per page, 1 to 100.', 1, 100, 20),
  conversation_id: z
    .string()
    .regex(CONVERSATION_ID_PATTERN, {
      error: 'must be 1–128 characters of A–Z, a–z, 0–9, ".", "_", ":" or "-"',
    })
    .optional()
    .meta({ description: 'Only the tickets raised from this conversation.' }),
});

export const ticket = z
  .object({
    ticket_id: z.string().meta({ example: 'TCK-7F3K9Q2M' }),
    conversation_id: z
      .string()
      .nullable()
      .meta({ description: 'The conversation it was raised from; null once that conversation was erased.' }),
    status: z.literal('open'),
    summary: z.string().meta({ example: 'Customer asked to be contacted by a person about: my bill' }),
    chat_history: z
      .string()
      .meta({ description: "The conversation's copy the customer agreed to hand over; empty once erased." }),
    consent_response: z.string().meta({ description: 'What the customer answered to the consent question.' }),
    created_at: isoTime,
  })
  .meta({ id: 'Ticket' });

/** An action with the customer's consent (docs/actions.md), as the audit trail lists it. */
export const actionResource = z
  .object({
    action_id: z.string().meta({ example: '0b6f1c8e-5d3a-4b8e-9d57-3f1f2d9a7c41' }),
    kind: z.enum(ACTION_KINDS),
    details: z.record(z.string(), z.unknown()).meta({
      description:
        'What changes and what it costs: change_plan {from_plan, from_price, from_validity, to_plan, to_price, to_validity, ending_addons}; add_addon {plan, addon, price, validity?}; buy_roaming_pack {country, data_gb, price, validity}. Prices in EUR.',
    }),
    summary: z.string().meta({ description: 'The question the customer was asked, word for word.' }),
    status: z.enum(ACTION_STATUSES),
    reason: z.string().nullable().meta({ description: 'Why it failed; null unless failed.' }),
    conversation_id: z.string(),
    message_id: z.string().meta({ description: 'The message whose answer proposed it.' }),
    decided_by_message_id: z.string().nullable().meta({
      description:
        'The customer’s message that decided it; null while proposed or when it expired unanswered.',
    }),
    created_at: isoTime,
    decided_at: isoTime.nullable(),
  })
  .meta({ id: 'Action' });

export const actionList = z
  .object({ actions: z.array(actionResource).meta({ description: 'Newest first.' }) })
  .meta({ id: 'ActionList' });

export const ticketList = z
  .object({
    total_tickets: z.number().int(),
    page: z.number().int(),
    page_size: z.number().int(),
    tickets: z.array(ticket),
  })
  .meta({ id: 'TicketList' });

/** A message's event stream: where to resume (the `Last-Event-ID` header, when sent, wins). */
export const messageEventsQuery = z.object({
  after: afterSequence('Resume after this sequence (as Last-Event-ID does).', 2),
});

/** The event id of a message stream, as `Last-Event-ID` sends it back: the last sequence received. */
export const messageEventId = z.coerce
  .number({ error: 'must be the id of an event of this stream (a sequence number)' })
  .int({ error: 'must be the id of an event of this stream (a sequence number)' })
  .min(0, { error: 'must be the id of an event of this stream (a sequence number)' });

/** The event id of a conversation stream: `<message_id>/<sequence>`. */
export const conversationEventIdSchema = z
  .string()
  .regex(/^[^/\s]{1,200}\/[1-9][0-9]{0,8}$/, {
    error: 'must be the id of an event of this stream (<message_id>/<sequence>)',
  })
  .meta({
    description: 'Resume after this event (as Last-Event-ID does): `<message_id>/<sequence>`.',
    example: `${EXAMPLE_ID}/2`,
  });

export const conversationIdParams = z.object({
  id: z
    .string()
    .regex(CONVERSATION_ID_PATTERN, {
      error: 'must be 1–128 characters of A–Z, a–z, 0–9, ".", "_", ":" or "-"',
    })
    .meta({ description: 'The conversation id (x-ms-conversation-id).', example: 'thread-123' }),
});

export const conversationEventsQuery = z.object({ after: conversationEventIdSchema.optional() });

export const conversationQuery = z.object({
  page: pageInt('Page number, from 1.', 1, 1_000_000, 1),
  page_size: pageInt('Messages per page, 1 to 100.', 1, 100, 20),
});

export const conversationMessage = z
  .object({
    message_id: messageId,
    status,
    content: z.string(),
    result: z
      .string()
      .nullable()
      .meta({ description: 'The answer, or why it failed or was cancelled; null until it ended.' }),
    agent_name: agentName,
    timestamp: isoTime.meta({ description: 'When the message was received.' }),
    completed_at: isoTime.nullable(),
  })
  .meta({ id: 'ConversationMessage' });

export const conversation = z
  .object({
    conversation_id: z.string(),
    total_messages: z.number().int(),
    page: z.number().int(),
    page_size: z.number().int(),
    messages: z.array(conversationMessage).meta({ description: 'Oldest first.' }),
    tickets: z.array(ticket).meta({ description: 'The support tickets raised from this conversation.' }),
    actions: z
      .array(actionResource)
      .meta({ description: 'The actions proposed in this conversation, newest first.' }),
  })
  .meta({ id: 'Conversation' });
