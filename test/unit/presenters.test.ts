import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  presentAccepted,
  presentConversationMessage,
  presentStatus,
  presentTicket,
  presentUpdate,
} from '../../src/http/presenters.ts';
import type { StoredMessage } from '../../src/store/message-store.ts';

const received = Date.UTC(2026, 10, 20, 9, 30, 0, 250);
const message: StoredMessage = {
  id: 'msg-1',
  conversationId: 'conv-1',
  customerId: 'demo',
  owner: 'alice',
  traceId: '0af7651916cd43dd8448eb211c80319c',
  content: 'Why is my bill higher?',
  status: 'completed',
  receivedAt: received,
  completedAt: received + 2000,
  agentName: 'BillingAgent',
  result: 'Roaming in Spain added 50.00 EUR.',
  failureCode: null,
};

describe('presenters: the wire shapes', () => {
  test('an accepted message: its id, "received" and the time in ISO 8601 UTC', () => {
    assert.deepEqual(presentAccepted({ ...message, status: 'received' }), {
      message_id: 'msg-1',
      status: 'received',
      received_at: '2026-11-20T09:30:00.250Z',
    });
  });

  test('a status: snake_case fields, ISO times, and never the owner', () => {
    const status = presentStatus(message);
    assert.deepEqual(status, {
      message_id: 'msg-1',
      status: 'completed',
      content: 'Why is my bill higher?',
      timestamp: '2026-11-20T09:30:00.250Z',
      conversation_id: 'conv-1',
      agent_name: 'BillingAgent',
      completed_at: '2026-11-20T09:30:02.250Z',
      failure_code: null,
      trace_id: '0af7651916cd43dd8448eb211c80319c',
    });
    assert.ok(!JSON.stringify(status).includes('alice'));
  });

  test('an unfinished message has no completion time', () => {
    const running = {
      ...message,
      status: 'inprogress' as const,
      completedAt: null,
      agentName: null,
      result: null,
    };
    assert.equal(presentStatus(running).completed_at, null);
    assert.equal(presentConversationMessage(running).completed_at, null);
  });

  test('an update keeps its sequence and agent, its time in ISO 8601', () => {
    assert.deepEqual(
      presentUpdate('msg-1', {
        sequence: 2,
        position: 7,
        status: 'inprogress',
        processedAt: received + 10,
        result: 'Routing to BillingAgent',
        agentName: null,
      }),
      {
        message_id: 'msg-1',
        sequence: 2,
        status: 'inprogress',
        processed_at: '2026-11-20T09:30:00.260Z',
        result: 'Routing to BillingAgent',
        agent_name: null,
      },
    );
  });

  test('a ticket: its id, conversation, consent and creation time', () => {
    assert.deepEqual(
      presentTicket({
        id: 'TCK-7F3K9Q2M',
        conversationId: 'conv-1',
        status: 'open',
        summary: 'Customer asks for a person about roaming charges',
        chatHistory: 'Customer: a person please',
        consentResponse: 'yes please',
        createdAt: received,
      }),
      {
        ticket_id: 'TCK-7F3K9Q2M',
        conversation_id: 'conv-1',
        status: 'open',
        summary: 'Customer asks for a person about roaming charges',
        chat_history: 'Customer: a person please',
        consent_response: 'yes please',
        created_at: '2026-11-20T09:30:00.250Z',
      },
    );
  });
});
