import { Then, When } from '@cucumber/cucumber';
import assert from 'node:assert/strict';
import { consentQuestion } from '../../src/domains/ticket/consent.ts';
import type { ToolResult } from '../../src/mcp/tool-client.ts';
import { assertSafeForCustomer } from '../support/customer-text.ts';
import type { SemkerWorld } from '../support/world.ts';

interface TicketView {
  ticket_id: string;
  conversation_id: string | null;
  chat_history: string;
}

const toolResults = new WeakMap<SemkerWorld, ToolResult>();
const tickets = new WeakMap<SemkerWorld, TicketView>();

async function ticketsOf(world: SemkerWorld, conversationId?: string): Promise<TicketView[]> {
  const query = conversationId ? `?conversation_id=${encodeURIComponent(conversationId)}` : '';
  const response = await world.request('GET', `/tickets${query}`);
  assert.equal(response.status, 200, response.text);
  return (response.body as { tickets: TicketView[] }).tickets;
}

async function lastAnswer(world: SemkerWorld): Promise<string> {
  assert.ok(world.lastMessageId, 'no message was sent');
  return (await world.waitUntilFinished(world.lastMessageId)).result ?? '';
}

Then(
  'the message fails with the code {string} and the customer reads the offer of a person after {string}',
  async function (this: SemkerWorld, code: string, failureText: string) {
    assert.ok(this.lastMessageId, 'no message was sent');
    await this.waitUntilFinished(this.lastMessageId);
    const status = await this.request('GET', `/messages/${this.lastMessageId}/status`);
    const { status: ended, failure_code } = status.body as { status: string; failure_code: string | null };
    const updates = await this.request('GET', `/messages/${this.lastMessageId}/updates`);
    const text = String((updates.body as { result: string | null }[]).at(-1)?.result);
    assert.equal(ended, 'failed', `the message ended ${ended}: ${text}`);
    assert.equal(failure_code, code);
    assertSafeForCustomer(text);
    assert.ok(text.startsWith(failureText), text);
    assert.ok(text.endsWith(consentQuestion('en')), text);
  },
);

Then('no support ticket exists', async function (this: SemkerWorld) {
  assert.deepEqual(await ticketsOf(this), []);
});

Then('the answer names the one support ticket of this conversation', async function (this: SemkerWorld) {
  const answer = await lastAnswer(this);
  const [only, ...more] = await ticketsOf(this, this.conversationId);
  assert.ok(only, 'no ticket was raised for this conversation');
  assert.deepEqual(more, [], 'more than one ticket');
  assert.ok(answer.includes(only.ticket_id), `the answer does not name ${only.ticket_id}: ${answer}`);
  const read = await this.request('GET', `/tickets/${only.ticket_id}`);
  assert.equal(read.status, 200);
  assert.equal((read.body as TicketView).conversation_id, this.conversationId);
  tickets.set(this, only);
});

Then("that ticket's copy of the chat holds {string}", function (this: SemkerWorld, text: string) {
  const ticket = tickets.get(this);
  assert.ok(ticket, 'no ticket was read');
  assert.ok(ticket.chat_history.includes(text), ticket.chat_history);
});

When(
  "the ticket tool is called through the API's own MCP client with consent false",
  async function (this: SemkerWorld) {
    const tools = this.api?.services.tools.ticket;
    assert.ok(tools, 'the API is not running');
    toolResults.set(
      this,
      await tools.callTool('raise_support_ticket', {
        chat_history: 'Customer: I want a person',
        consent: false,
        consent_response: 'no',
      }),
    );
  },
);

Then('the tool answers an error saying {string}', function (this: SemkerWorld, text: string) {
  const result = toolResults.get(this);
  assert.ok(result, 'no tool was called');
  assert.equal(result.isError, true, result.text);
  assert.ok(result.text.includes(text), result.text);
});

Then(
  'the one support ticket belongs to this conversation, whatever the model wrote',
  async function (this: SemkerWorld) {
    const all = await ticketsOf(this);
    assert.equal(all.length, 1, JSON.stringify(all));
    assert.equal(all[0]?.conversation_id, this.conversationId);
  },
);
