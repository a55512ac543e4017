import type { StoredMessage, Update } from '../store/message-store.ts';

/** Wire shapes of DESIGN.md §1: snake_case, ISO 8601 UTC times. */

export const presentAccepted = (message: StoredMessage) => ({
  message_id: message.id,
  status: 'received' as const,
  received_at: message.receivedAt.toISOString(),
});

export const presentUpdate = (messageId: string, update: Update) => ({
  message_id: messageId,
  sequence: update.sequence,
  status: update.status,
  processed_at: update.processedAt.toISOString(),
  result: update.result,
  agent_name: update.agentName,
});

export const presentStatus = (message: StoredMessage) => ({
  message_id: message.id,
  status: message.status,
  content: message.content,
  timestamp: message.receivedAt.toISOString(),
  conversation_id: message.conversationId,
  agent_name: message.agentName,
  completed_at: message.completedAt?.toISOString() ?? null,
  trace_id: message.traceId,
});

export const presentSummary = (message: StoredMessage) => ({
  message_id: message.id,
  status: message.status,
  conversation_id: message.conversationId,
  timestamp: message.receivedAt.toISOString(),
});
