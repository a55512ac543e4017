import { Then, When } from '@cucumber/cucumber';
import assert from 'node:assert/strict';
import { isFinal } from '../../src/store/message-store.ts';
import type { SemkerWorld } from '../support/world.ts';

type Json = Record<string, unknown>;

/** The scenario's messages in its conversation, oldest first, as they were once all had finished. */
const finishedIds = new WeakMap<SemkerWorld, string[]>();

When('both messages have finished', async function (this: SemkerWorld) {
  const { messages } = await this.api!.services.messages.list({
    conversationName: this.conversationId,
    page: 1,
    pageSize: 100,
  });
  const ids = messages.map((message) => message.id).reverse();
  for (const id of ids) await this.waitUntilFinished(id);
  finishedIds.set(this, ids);
});

When('I send a {word} request to the conversation', async function (this: SemkerWorld, method: string) {
  await this.request(method, `/conversations/${this.conversationId}`);
});

When('the customer asks {string} and it is answered', async function (this: SemkerWorld, text: string) {
  await this.waitUntilFinished(await this.postMessage(text));
});

When('the client cancels that message', async function (this: SemkerWorld) {
  assert.ok(this.lastMessageId, 'no message was sent');
  await this.request('POST', `/messages/${this.lastMessageId}/cancel`);
});

Then(
  'the conversation lists {int} messages, the first asking {string} answered by {string}, the second answered by {string}',
  function (this: SemkerWorld, count: number, first: string, firstAgent: string, secondAgent: string) {
    const body = this.lastResponse?.body as {
      conversation_id: string;
      total_messages: number;
      messages: Json[];
    };
    assert.equal(body.conversation_id, this.conversationId);
    assert.equal(body.total_messages, count);
    assert.equal(body.messages.length, count);
    const [a, b] = body.messages;
    assert.equal(a?.content, first);
    assert.equal(a?.agent_name, firstAgent);
    assert.equal(a?.status, 'completed');
    assert.ok(String(a?.result).length > 0, 'the first message has no answer');
    assert.equal(b?.agent_name, secondAgent);
    assert.ok(String(a?.timestamp) <= String(b?.timestamp), 'not oldest first');
  },
);

Then(
  "the message's last update is {string} saying {string}",
  async function (this: SemkerWorld, status: string, text: string) {
    const message = await this.waitUntilFinished(this.lastMessageId!);
    assert.equal(message.status, status);
    const updates = (await this.request('GET', `/messages/${this.lastMessageId}/updates`)).body as Json[];
    const last = updates.at(-1);
    assert.equal(last?.status, status);
    assert.equal(last?.result, text);
  },
);

Then('the message has exactly one final update', async function (this: SemkerWorld) {
  // The processing it interrupted must not add an answer later: wait until the queue is idle.
  await this.api!.services.processor.drain();
  const updates = (await this.request('GET', `/messages/${this.lastMessageId}/updates`)).body as Json[];
  const finals = updates.filter((update) => isFinal(update.status as never));
  assert.equal(finals.length, 1, JSON.stringify(updates));
});

Then('the status of the first message is {int}', async function (this: SemkerWorld, status: number) {
  const [first] = finishedIds.get(this) ?? [];
  assert.ok(first, 'no messages were recorded');
  assert.equal((await this.request('GET', `/messages/${first}/status`)).status, status);
});

Then("the conversation's ticket no longer holds the chat", async function (this: SemkerWorld) {
  const { tickets } = (await this.request('GET', '/tickets')).body as { tickets: Json[] };
  assert.equal(tickets.length, 1, 'the ticket itself stays, for the colleague who handles it');
  assert.equal(tickets[0]?.conversation_id, null);
  assert.equal(tickets[0]?.chat_history, '');
});
