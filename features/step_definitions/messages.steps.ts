import { Given, Then } from '@cucumber/cucumber';
import assert from 'node:assert/strict';
import type { SemkerWorld } from '../support/world.ts';
import type { UpdateBody } from '../../src/http/schemas.ts';

const QUESTIONS = [
  'What is my bill for last month?',
  'How much is roaming in Belgium?',
  'Which plans do you have?',
  'How do I activate an eSIM?',
  'Hi there',
  'What did I pay two months ago?',
];

const isoTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

async function updatesOf(world: SemkerWorld, id: string, after?: number): Promise<UpdateBody[]> {
  const suffix = after === undefined ? '' : `?after=${after}`;
  const response = await world.request('GET', `/messages/${id}/updates${suffix}`);
  assert.equal(response.status, 200, response.text);
  return response.body as UpdateBody[];
}

Given(
  '{int} messages were sent in conversation {string}',
  async function (this: SemkerWorld, count: number, id: string) {
    const ids = this.memory.get(`ids:${id}`)?.split(',') ?? [];
    for (let i = 0; i < count; i++) ids.push(await this.postMessage(QUESTIONS[i % QUESTIONS.length]!, id));
    this.memory.set(`ids:${id}`, ids.join(','));
    this.memory.set('all', [...(this.memory.get('all')?.split(',') ?? []), ...ids].filter(Boolean).join(','));
  },
);

Given('every message has finished', async function (this: SemkerWorld) {
  await this.api!.services.processor.drain();
});

Then(
  'the response has a message id, a received_at time and a Location to its status',
  function (this: SemkerWorld) {
    const body = this.lastResponse!.body as { message_id: string; received_at: string };
    assert.match(body.message_id, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    assert.match(body.received_at, isoTime);
    assert.equal(this.lastResponse!.headers.location, `/messages/${body.message_id}/status`);
  },
);

Then('the message eventually completes', async function (this: SemkerWorld) {
  const message = await this.waitUntilFinished(this.lastMessageId!);
  assert.equal(message.status, 'completed', `failed: ${String(message.result)}`);
});

Then(
  'its updates are numbered from 1, oldest first, and the first one is the receipt',
  async function (this: SemkerWorld) {
    const updates = await updatesOf(this, this.lastMessageId!);
    assert.deepEqual(
      updates.map((u) => u.sequence),
      updates.map((_, i) => i + 1),
    );
    assert.deepEqual(updates[0], {
      message_id: this.lastMessageId,
      sequence: 1,
      status: 'received',
      processed_at: updates[0]!.processed_at,
      result: 'Message received and sent to the agent.',
      agent_name: null,
    });
    const times = updates.map((u) => Date.parse(u.processed_at));
    assert.deepEqual(
      times,
      [...times].sort((a, b) => a - b),
      'updates are not oldest first',
    );
  },
);

Then('every update has a processed_at time', async function (this: SemkerWorld) {
  for (const update of await updatesOf(this, this.lastMessageId!)) assert.match(update.processed_at, isoTime);
});

Then(
  'the updates pass through {string} before {string}',
  async function (this: SemkerWorld, middle: string, last: string) {
    const statuses = (await updatesOf(this, this.lastMessageId!)).map((u) => u.status);
    assert.equal(statuses.at(-1), last);
    assert.ok(
      statuses.slice(1, -1).length > 0 && statuses.slice(1, -1).every((s) => s === middle),
      statuses.join(),
    );
  },
);

Then(
  'its status shows the content, the conversation, the agent and when it completed',
  async function (this: SemkerWorld) {
    const response = await this.request('GET', `/messages/${this.lastMessageId}/status`);
    const body = response.body as Record<string, unknown>;
    assert.equal(body.message_id, this.lastMessageId);
    assert.equal(body.status, 'completed');
    assert.equal(body.content, 'How much does roaming in Spain cost?');
    assert.equal(body.conversation_id, this.conversationId);
    assert.equal(body.agent_name, 'RoamingAgent');
    assert.match(String(body.timestamp), isoTime);
    assert.match(String(body.completed_at), isoTime);
    assert.ok(Date.parse(String(body.completed_at)) >= Date.parse(String(body.timestamp)));
  },
);

Then(
  'asking for the updates after {int} returns only the updates numbered from {int}',
  async function (this: SemkerWorld, after: number, first: number) {
    const all = await updatesOf(this, this.lastMessageId!);
    const later = await updatesOf(this, this.lastMessageId!, after);
    assert.ok(later.length > 0);
    assert.equal(later[0]!.sequence, first);
    assert.deepEqual(later, all.slice(after));
  },
);

Then('asking for the updates after the last one returns an empty list', async function (this: SemkerWorld) {
  const all = await updatesOf(this, this.lastMessageId!);
  assert.deepEqual(await updatesOf(this, this.lastMessageId!, all.length), []);
});

Then(
  'listing the messages shows a total of {int}, newest first',
  async function (this: SemkerWorld, total: number) {
    const response = await this.request('GET', '/messages');
    const body = response.body as {
      total_messages: number;
      page: number;
      page_size: number;
      messages: Array<Record<string, string>>;
    };
    assert.equal(body.total_messages, total);
    assert.equal(body.page, 1);
    assert.equal(body.page_size, 20);
    assert.deepEqual(
      body.messages.map((m) => m.conversation_id),
      ['list-a', 'list-b', 'list-a'],
    );
    const times = body.messages.map((m) => Date.parse(m.timestamp!));
    assert.deepEqual(
      times,
      [...times].sort((a, b) => b - a),
    );
    for (const m of body.messages)
      assert.deepEqual(Object.keys(m).sort(), ['conversation_id', 'message_id', 'status', 'timestamp']);
  },
);

Then('the page lists the 3rd and 4th newest messages', function (this: SemkerWorld) {
  const sent = this.memory.get('ids:paged')!.split(',');
  const newestFirst = [...sent].reverse();
  const listed = (this.lastResponse!.body as { messages: Array<{ message_id: string }> }).messages.map(
    (m) => m.message_id,
  );
  assert.deepEqual(listed, newestFirst.slice(2, 4));
});

Then(
  'every listed message belongs to {string} and is {string}',
  function (this: SemkerWorld, conversation: string, status: string) {
    const messages = (this.lastResponse!.body as { messages: Array<Record<string, string>> }).messages;
    assert.ok(messages.length > 0);
    for (const m of messages) {
      assert.equal(m.conversation_id, conversation);
      assert.equal(m.status, status);
    }
  },
);
