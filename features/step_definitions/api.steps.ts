import { Given, Then, When, type DataTable } from '@cucumber/cucumber';
import assert from 'node:assert/strict';
import { assertSafeForCustomer, failureLogOf } from '../support/customer-text.ts';
import type { SemkerWorld } from '../support/world.ts';

type Json = Record<string, unknown>;

/** Reads a dotted path such as `messages.0.status` from a JSON value. */
export function pick(value: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((current, key) => (current as Json | undefined)?.[key], value);
}

/** The text of the final update of a message, once it has finished. */
async function finalOf(world: SemkerWorld, messageId = world.lastMessageId) {
  assert.ok(messageId, 'no message was sent in this scenario');
  await world.waitUntilFinished(messageId);
  const status = await world.request('GET', `/messages/${messageId}/status`);
  const updates = await world.request('GET', `/messages/${messageId}/updates`);
  const list = updates.body as Json[];
  return { status: status.body as Json, updates: list, final: list.at(-1)! };
}

Given('the API is running', async function (this: SemkerWorld) {
  await this.startApi();
});

Given('the API is running with settings:', async function (this: SemkerWorld, table: DataTable) {
  await this.startApi(table.rowsHash());
});

When('the customer asks {string}', async function (this: SemkerWorld, text: string) {
  await this.postMessage(text);
});

When(
  'the customer asks {string} in conversation {string}',
  async function (this: SemkerWorld, text: string, id: string) {
    await this.postMessage(text, id);
  },
);

When('the customer asks, in turn:', async function (this: SemkerWorld, table: DataTable) {
  for (const [text] of table.raw()) {
    const id = await this.postMessage(text!);
    await this.waitUntilFinished(id);
  }
});

Then('the answer comes from {string}', async function (this: SemkerWorld, agent: string) {
  const { status, final } = await finalOf(this);
  assert.equal(
    status.status,
    'completed',
    `the message ended ${String(status.status)}: ${String(final.result)}`,
  );
  assert.equal(status.agent_name, agent);
  assert.equal(final.agent_name, agent);
});

Then('the answer contains {string}', async function (this: SemkerWorld, expected: string) {
  const { final } = await finalOf(this);
  assert.ok(
    String(final.result).includes(expected),
    `expected the answer to contain "${expected}":\n${String(final.result)}`,
  );
});

Then('the answer does not contain {string}', async function (this: SemkerWorld, unexpected: string) {
  const { final } = await finalOf(this);
  assert.ok(
    !String(final.result).includes(unexpected),
    `the answer contains "${unexpected}":\n${String(final.result)}`,
  );
});

Then('the answer has a table with the columns {string}', async function (this: SemkerWorld, columns: string) {
  const { final } = await finalOf(this);
  const answer = String(final.result);
  const header = answer.split('\n').find((line) => line.trim().startsWith('|'));
  assert.ok(header, `no Markdown table in the answer:\n${answer}`);
  const cells = header
    .split('|')
    .map((c) => c.trim())
    .filter(Boolean);
  assert.deepEqual(
    cells,
    columns.split(',').map((c) => c.trim()),
  );
  const separator = answer.split('\n')[answer.split('\n').indexOf(header) + 1] ?? '';
  assert.match(separator, /^\s*\|(\s*:?-{3,}:?\s*\|)+\s*$/, 'the table header has no separator row');
});

Then('the table has a row {string}', async function (this: SemkerWorld, row: string) {
  const { final } = await finalOf(this);
  const expected = row.split('|').map((c) => c.trim());
  const rows = String(final.result)
    .split('\n')
    .filter((line) => line.trim().startsWith('|'))
    .map((line) =>
      line
        .trim()
        .replace(/^\||\|$/g, '')
        .split('|')
        .map((c) => c.trim()),
    );
  assert.ok(
    rows.some((cells) => cells.length === expected.length && cells.every((cell, i) => cell === expected[i])),
    `no row ${row} in:\n${String(final.result)}`,
  );
});

Then('the updates show a call to the tool {string}', async function (this: SemkerWorld, tool: string) {
  const { updates } = await finalOf(this);
  assert.ok(
    updates.some((u) => u.status === 'inprogress' && String(u.result).includes(`Calling tool ${tool} `)),
    `no call to ${tool} among the updates:\n${updates.map((u) => `- ${String(u.result)}`).join('\n')}`,
  );
});

Then('the updates show no tool call', async function (this: SemkerWorld) {
  const { updates } = await finalOf(this);
  assert.ok(!updates.some((u) => String(u.result).startsWith('Calling tool')), 'a tool was called');
});

/** The message failed: its final update is fit for the customer, its status carries a code. */
async function failedOf(world: SemkerWorld) {
  const outcome = await finalOf(world);
  assert.equal(outcome.status.status, 'failed', `the message ended ${String(outcome.status.status)}`);
  assert.equal(outcome.final.status, 'failed');
  assertSafeForCustomer(String(outcome.final.result));
  return outcome;
}

Then(
  'the message fails with the code {string} and the customer reads {string}',
  async function (this: SemkerWorld, code: string, text: string) {
    const { status, final } = await failedOf(this);
    assert.equal(status.failure_code, code);
    assert.equal(final.result, text);
  },
);

Then(
  'the message fails and its log line gives the reason {string}',
  async function (this: SemkerWorld, reason: string) {
    const { status } = await failedOf(this);
    const detail = String(failureLogOf(this, String(status.message_id)).detail);
    assert.ok(detail.includes(reason), `the logged reason "${detail}" lacks "${reason}"`);
  },
);

When('I send a {word} request to {string}', async function (this: SemkerWorld, method: string, path: string) {
  await this.request(method, path);
});

When(
  'I send a {word} request to {string} with headers:',
  async function (this: SemkerWorld, method: string, path: string, table: DataTable) {
    await this.request(method, path, { headers: table.rowsHash() });
  },
);

When(
  'I post the message {string} with conversation id {string}',
  async function (this: SemkerWorld, message: string, conversationId: string) {
    await this.request('POST', '/messages', {
      headers: { 'content-type': 'application/json', 'x-ms-conversation-id': conversationId },
      body: JSON.stringify({ message }),
    });
    this.lastMessageId = (this.lastResponse?.body as Json | undefined)?.message_id as string | undefined;
  },
);

When(
  'I post the body {string} as {string}',
  async function (this: SemkerWorld, body: string, contentType: string) {
    await this.request('POST', '/messages', {
      headers: { 'content-type': contentType, 'x-ms-conversation-id': this.conversationId },
      body,
    });
  },
);

When('I post a message of {int} characters', async function (this: SemkerWorld, length: number) {
  await this.request('POST', '/messages', {
    headers: { 'content-type': 'application/json', 'x-ms-conversation-id': this.conversationId },
    body: JSON.stringify({ message: 'a'.repeat(length) }),
  });
});

When('I post a body of {int} bytes', async function (this: SemkerWorld, bytes: number) {
  const filler = 'x'.repeat(Math.max(0, bytes - 16));
  await this.request('POST', '/messages', {
    headers: { 'content-type': 'application/json', 'x-ms-conversation-id': this.conversationId },
    body: JSON.stringify({ message: filler }),
  });
});

When(
  'I post the message {string} without a conversation id header',
  async function (this: SemkerWorld, message: string) {
    await this.request('POST', '/messages', {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ message }),
    });
  },
);

Then('the response status is {int}', function (this: SemkerWorld, status: number) {
  assert.equal(this.lastResponse?.status, status, `body: ${this.lastResponse?.text}`);
});

Then('the response header {string} is {string}', function (this: SemkerWorld, name: string, value: string) {
  assert.equal(this.lastResponse?.headers[name.toLowerCase()], value);
});

Then('the response header {string} is present', function (this: SemkerWorld, name: string) {
  assert.ok(this.lastResponse?.headers[name.toLowerCase()], `no ${name} header`);
});

Then('the response has no header {string}', function (this: SemkerWorld, name: string) {
  const value = this.lastResponse?.headers[name.toLowerCase()];
  assert.equal(value, undefined, `${name}: ${String(value)}`);
});

When('the message has finished', async function (this: SemkerWorld) {
  assert.ok(this.lastMessageId, 'no message was posted');
  await this.waitUntilFinished(this.lastMessageId);
});

When('I send a GET request to its status', async function (this: SemkerWorld) {
  await this.request('GET', `/messages/${this.lastMessageId}/status`);
});

When('I send a GET request to its status with the ETag I was given', async function (this: SemkerWorld) {
  const etag = this.lastResponse?.headers.etag;
  assert.ok(etag, 'the last response had no ETag');
  await pollStatusWith(this, etag);
});

When(
  'I send a GET request to its status with the ETag {string}',
  async function (this: SemkerWorld, etag: string) {
    await pollStatusWith(this, etag);
  },
);

/**
 * A conditional GET of the last message's status. fetch adds `Cache-Control: no-cache` to any
 * request with If-None-Match unless it has a Cache-Control already, and a no-cache request is never
 * answered 304; a poller such as curl sends none, so the step sends a neutral one.
 */
async function pollStatusWith(world: SemkerWorld, etag: string): Promise<void> {
  await world.request('GET', `/messages/${world.lastMessageId}/status`, {
    headers: { 'if-none-match': etag, 'cache-control': 'max-age=0' },
  });
}

Then(
  'the response has {string} equal to {string}',
  function (this: SemkerWorld, path: string, value: string) {
    assert.equal(String(pick(this.lastResponse?.body, path)), value, this.lastResponse?.text);
  },
);

Then(
  'the response is a problem with status {int} and detail {string}',
  function (this: SemkerWorld, status: number, detail: string) {
    const response = this.lastResponse!;
    assert.equal(response.status, status, response.text);
    assert.match(response.headers['content-type'] ?? '', /^application\/problem\+json/);
    const body = response.body as Json;
    assert.equal(body.status, status);
    assert.equal(body.detail, detail.replaceAll('{id}', this.memory.get('id') ?? '{id}'));
    for (const member of ['type', 'title', 'instance', 'request_id']) assert.ok(body[member], `no ${member}`);
    assert.equal(body.request_id, response.headers['x-request-id']);
  },
);

Then(
  'the response is a problem with status {int} whose detail mentions {string}',
  function (this: SemkerWorld, status: number, words: string) {
    const response = this.lastResponse!;
    assert.equal(response.status, status, response.text);
    assert.match(response.headers['content-type'] ?? '', /^application\/problem\+json/);
    const body = response.body as Json;
    assert.equal(body.status, status);
    assert.ok(String(body.detail).includes(words), `detail "${String(body.detail)}" lacks "${words}"`);
    assert.ok(!response.text.includes('    at '), 'the response shows a stack trace');
  },
);

Then('the problem lists an error at {string}', function (this: SemkerWorld, path: string) {
  const errors = (this.lastResponse?.body as Json).errors as Array<{ path: string; message: string }>;
  assert.ok(Array.isArray(errors), 'no errors list');
  assert.ok(
    errors.some((e) => e.path === path && e.message.length > 0),
    `no error at ${path}: ${JSON.stringify(errors)}`,
  );
});

Given(
  'the API is running with the offline engine on {string}',
  async function (this: SemkerWorld, day: string) {
    const now = new Date(`${day}T12:00:00Z`);
    await this.startApi({ LLM_PROVIDER: 'offline' }, { now: () => now });
  },
);

Then('the updates show the routing decision to {string}', async function (this: SemkerWorld, agent: string) {
  const { updates } = await finalOf(this);
  const routing = updates.find((u) => u.agent_name === 'PlannerAgent' && u.status === 'inprogress');
  assert.ok(routing, 'no routing update from PlannerAgent');
  assert.match(String(routing.result), new RegExp(`^Routing to ${agent}: .{10,}`));
});

Then('the answer starts with a sentence about {string}', async function (this: SemkerWorld, topic: string) {
  const { final } = await finalOf(this);
  const firstLine = String(final.result).split('\n')[0]!;
  assert.ok(!firstLine.startsWith('|') && firstLine.includes(topic), `first line: ${firstLine}`);
});

Then('the answer starts with {string}', async function (this: SemkerWorld, start: string) {
  const { final } = await finalOf(this);
  const answer = String(final.result);
  assert.ok(answer.startsWith(start), `the answer starts otherwise: ${answer.slice(0, 200)}`);
});

Then(
  'the updates show {int} calls to the tool {string}',
  async function (this: SemkerWorld, count: number, tool: string) {
    const { updates } = await finalOf(this);
    const calls = updates.filter(
      (u) => u.status === 'inprogress' && String(u.result).startsWith(`Calling tool ${tool} `),
    );
    assert.equal(calls.length, count, calls.map((u) => String(u.result)).join('\n'));
  },
);

Then(
  'the response is JSON with {string} equal to {string}',
  function (this: SemkerWorld, path: string, value: string) {
    assert.equal(String(pick(this.lastResponse?.body, path)), value, this.lastResponse?.text);
  },
);

Then(
  'the updates show the routing decisions to {string}, in that order',
  async function (this: SemkerWorld, names: string) {
    const { updates } = await finalOf(this);
    const routed = updates
      .filter((u) => u.agent_name === 'PlannerAgent' && String(u.result).startsWith('Routing to '))
      .map((u) => /^Routing to (\w+): .{10,}/.exec(String(u.result))?.[1]);
    assert.deepEqual(routed, names.split(/,\s*/));
  },
);

Then('each of {string} called a tool of its own', async function (this: SemkerWorld, names: string) {
  const { updates } = await finalOf(this);
  for (const agent of names.split(/,\s*/)) {
    assert.ok(
      updates.some((u) => u.agent_name === agent && String(u.result).startsWith('Calling tool ')),
      `${agent} called no tool`,
    );
  }
});
