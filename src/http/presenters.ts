import type { StoredMessage, Update } from '../store/message-store.ts';
import type { Action } from '../actions/action.ts';
import type { Ticket } from '../store/ticket-store.ts';
import { clientConversationId } from '../store/conversation-key.ts';

/** The wire shapes docs/api.md describes: snake_case, ISO 8601 UTC times (the store keeps epoch milliseconds). */

const iso = (epochMs: number): string => new Date(epochMs).toISOString();

export const presentAccepted = (message: StoredMessage) => ({
  message_id: message.id,
  status: 'received' as const,
  received_at: iso(message.receivedAt),
});

export const presentUpdate = (messageId: string, update: Update) => ({
  message_id: messageId,
  sequence: update.sequence,
  status: update.status,
  processed_at: iso(update.processedAt),
  result: update.result,
  agent_name: update.agentName,
});

export const presentStatus = (message: StoredMessage) => ({
  message_id: message.id,
  status: message.status,
  content: message.content,
  timestamp: iso(message.receivedAt),
  conversation_id: clientConversationId(message.conversationId),
  agent_name: message.agentName,
  completed_at: message.completedAt === null ? null : iso(message.completedAt),
  failure_code: message.failureCode,
  trace_id: message.traceId,
});

export const presentSummary = (message: StoredMessage) => ({
  message_id: message.id,
  status: message.status,
  conversation_id: clientConversationId(message.conversationId),
  timestamp: iso(message.receivedAt),
});

export const presentTicket = (ticket: Ticket) => ({
  ticket_id: ticket.id,
  // Null once erased: the ticket keeps only whose it was (its scope), not which conversation.
  conversation_id:
    ticket.conversationId === null || ticket.conversationId.endsWith('/')
      ? null
      : clientConversationId(ticket.conversationId),
  status: ticket.status,
  summary: ticket.summary,
  chat_history: ticket.chatHistory,
  consent_response: ticket.consentResponse,
  created_at: iso(ticket.createdAt),
});

/** An action as the audit trail shows it. */
export const presentAction = (action: Action) => ({
  action_id: action.actionId,
  kind: action.kind,
  details: action.details,
  summary: action.summary,
  status: action.status,
  reason: action.reason,
  conversation_id: clientConversationId(action.conversationId),
  message_id: action.messageId,
  decided_by_message_id: action.decidedBy,
  created_at: iso(action.createdAt),
  decided_at: action.decidedAt === null ? null : iso(action.decidedAt),
});

/** A message as its conversation shows it: what was asked, and what came of it. */
export const presentConversationMessage = (message: StoredMessage) => ({
  message_id: message.id,
  status: message.status,
  content: message.content,
  result: message.result,
  agent_name: message.agentName,
  timestamp: iso(message.receivedAt),
  completed_at: message.completedAt === null ? null : iso(message.completedAt),
});
