import { randomBytes } from 'node:crypto';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { InMemoryTicketStore, type Ticket } from '../../store/ticket-store.ts';
import { toolError, toolResult } from '../../mcp/tool-results.ts';
import { createToolServer, defineTool } from '../../mcp/tool-server.ts';
import type { DomainServerOptions } from '../domain.ts';

/** structuredContent of `raise_support_ticket`. */
export const TicketOutputSchema = z.object({
  ticket_id: z.string().describe('The ticket id the customer can quote, e.g. "TCK-7F3K9Q2M"'),
  status: z.literal('open'),
  summary: z.string().describe('One line for the colleague who picks the ticket up'),
  created_at: z.string().describe('ISO 8601 UTC'),
});

/** Base32 without look-alikes (0/O, 1/I/L): ids a customer can read out on the phone. */
const ID_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const ticketId = (): string =>
  `TCK-${[...randomBytes(8)].map((byte) => ID_ALPHABET[byte % ID_ALPHABET.length]).join('')}`;

/** The customer's last words before the hand-over, as the ticket's one-line summary. */
function summarise(chatHistory: string): string {
  const lines = chatHistory
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => /^(customer|user):/i.test(line))
    .map((line) => line.replace(/^(customer|user):\s*/i, ''));
  const asked = lines.at(-2) ?? lines.at(-1) ?? 'the conversation';
  const shortened = asked.length > 140 ? `${asked.slice(0, 139)}…` : asked;
  return `Customer asked to be contacted by a person about: ${shortened}`;
}

/**
 * The ticket domain's MCP server: raises a support ticket that hands the conversation to a person,
 * only with the customer's consent. The tickets go to the store the service gives it (PostgreSQL or
 * memory); a server started without one (the standalone MCP host) keeps its own in memory.
 */
export function createTicketMcpServer({
  now = () => new Date(),
  tickets = new InMemoryTicketStore(),
}: DomainServerOptions = {}): McpServer {
  const raiseSupportTicket = defineTool({
    name: 'raise_support_ticket',
    title: 'Raise a support ticket',
    description:
      'Hands the conversation over to a person: opens a support ticket with the chat history, so that a ' +
      'colleague contacts the customer. Only with the customer\'s consent: ask first ("Shall I open a support ' +
      'ticket so that a colleague contacts you? (yes/no)"), and call this only after they said yes, with ' +
      'consent true and their answer word for word. Without consent the tool refuses and creates nothing.',
    inputSchema: {
      chat_history: z
        .string()
        .max(20_000)
        .describe('The conversation so far, one turn a line: "Customer: …" and "Assistant: …"'),
      consent: z.boolean().describe('True only when the customer has agreed to the ticket'),
      consent_response: z
        .string()
        .max(500)
        .describe('What the customer answered to the consent question, word for word'),
      conversation_id: z
        .string()
        // A conversation's key: customer, owner and the client's id (store/conversation-key.ts).
        .max(300)
        .optional()
        .describe('The conversation the ticket is raised from; the service sets it, a model need not'),
    },
    outputSchema: TicketOutputSchema,
    annotations: {
      readOnlyHint: false,
      destructiveHint: false,
      idempotentHint: false,
      openWorldHint: false,
    },
    handler: async ({ chat_history, consent, consent_response, conversation_id }) => {
      if (consent !== true || consent_response.trim().length === 0) {
        return toolError(
          'No ticket was created: the customer has not consented. Ask them first and call again with consent true and their answer.',
        );
      }
      const ticket: Ticket = {
        id: ticketId(),
        conversationId: conversation_id ?? null,
        status: 'open',
        summary: summarise(chat_history),
        chatHistory: chat_history,
        consentResponse: consent_response,
        createdAt: now().getTime(),
      };
      await tickets.insert(ticket);
      const createdAt = new Date(ticket.createdAt).toISOString();
      return toolResult(
        { ticket_id: ticket.id, status: ticket.status, summary: ticket.summary, created_at: createdAt },
        `Support ticket ${ticket.id} is open (${createdAt}): ${ticket.summary}`,
      );
    },
  });
  return createToolServer('ticket', [raiseSupportTicket]);
}
