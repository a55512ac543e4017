import { Then, When } from '@cucumber/cucumber';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { openSse, type SseClient } from '../support/sse-client.ts';
import type { SemkerWorld } from '../support/world.ts';
import { nginxBaseUrl } from './nginx.steps.ts';
import { current, waitForOutput } from './process.steps.ts';
import { replicaUrl } from './replicas.steps.ts';
import { credentials } from './security.steps.ts';

type Json = Record<string, unknown>;
interface WireUpdate {
  message_id: string;
  sequence: number;
  status: string;
  result: string | null;
  agent_name: string | null;
}

/** Per scenario: the streams it opened (the last one is "the stream"), and its long-poll. */
interface StreamState {
  clients: SseClient[];
  refused?: SseClient;
  poll?: { started: number; settled?: number; status?: number; body?: unknown; done: Promise<void> };
  releasedAt?: number;
  messages: string[];
}
const states = new WeakMap<SemkerWorld, StreamState>();

function stateOf(world: SemkerWorld): StreamState {
  let state = states.get(world);
  if (!state) {
    state = { clients: [], messages: [] };
    states.set(world, state);
    const kept = state;
    world.onCleanup(() => kept.clients.forEach((client) => client.close()));
  }
  return state;
}

function stream(world: SemkerWorld): SseClient {
  const client = stateOf(world).clients.at(-1);
  assert.ok(client, 'no stream was opened');
  return client;
}

const updatesOf = (client: SseClient): WireUpdate[] =>
  client.events.map((e) => JSON.parse(e.data) as WireUpdate);

/** The message's updates as GET /messages/{id}/updates returns them. */
async function polled(world: SemkerWorld, id: string): Promise<WireUpdate[]> {
  const response = await fetch(`${world.baseUrl}/messages/${id}/updates`);
  assert.equal(response.status, 200);
  return (await response.json()) as WireUpdate[];
}

/** Waits, on the processor's update events and bounded, until the message's updates satisfy `ready`. */
async function untilUpdates(
  world: SemkerWorld,
  id: string,
  ready: (updates: WireUpdate[]) => boolean,
  timeoutMs = 10_000,
): Promise<WireUpdate[]> {
  const processor = world.api!.services.processor;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const updates = await polled(world, id);
    if (ready(updates)) return updates;
    assert.ok(Date.now() < deadline, `the updates never got there: ${JSON.stringify(updates)}`);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, 200);
      function done(): void {
        clearTimeout(timer);
        processor.off('update', done);
        resolve();
      }
      processor.on('update', done);
    });
  }
}

async function open(
  world: SemkerWorld,
  path: string,
  headers: Record<string, string> = {},
): Promise<SseClient> {
  const client = await openSse(`${world.baseUrl}${path}`, headers);
  const state = stateOf(world);
  if (client.status === 200) state.clients.push(client);
  else state.refused = client;
  return client;
}

function messageId(world: SemkerWorld): string {
  assert.ok(world.lastMessageId, 'no message was posted');
  return world.lastMessageId;
}

// --- opening streams -------------------------------------------------------------------------------

When("a client opens the message's event stream", async function (this: SemkerWorld) {
  await open(this, `/messages/${messageId(this)}/events`);
});

When(
  "a client opens the message's event stream with the header {string}",
  async function (this: SemkerWorld, header: string) {
    const [name, ...value] = header.split(':');
    await open(this, `/messages/${messageId(this)}/events`, { [name!.trim()]: value.join(':').trim() });
  },
);

When(
  "a client opens the message's event stream at {string}",
  async function (this: SemkerWorld, query: string) {
    await open(this, `/messages/${messageId(this)}/events${query}`);
  },
);

When('a client opens the event stream at {string}', async function (this: SemkerWorld, path: string) {
  await open(this, path.replace('{conversation}', this.conversationId));
});

When("a client opens the conversation's event stream", async function (this: SemkerWorld) {
  const client = await open(this, `/conversations/${this.conversationId}/events`);
  assert.equal(client.status, 200, JSON.stringify(client.problem));
});

Then("a client can open the conversation's event stream again", async function (this: SemkerWorld) {
  const client = await open(this, `/conversations/${this.conversationId}/events`);
  assert.equal(client.status, 200, JSON.stringify(client.problem));
});

When('the first stream is closed', async function (this: SemkerWorld) {
  const first = stateOf(this).clients.shift();
  assert.ok(first, 'no stream is open');
  first.close();
  // The server releases the stream when it sees the connection close: wait for that, bounded.
  const streams = this.api!.streams;
  const deadline = Date.now() + 5_000;
  while (streams.open > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
  assert.equal(streams.open, 0, 'the server still counts the closed stream');
});

// --- what a stream shows ---------------------------------------------------------------------------

Then('the stream ends after the final update', async function (this: SemkerWorld) {
  const client = stream(this);
  await client.waitFor((c) => c.isEnded, 'the end of the stream');
  await client.ended;
  const last = client.events.at(-1);
  if (last) assert.ok(['completed', 'failed'].includes(last.event ?? ''), `last event: ${last.event}`);
});

Then(
  'each event is an update exactly as \\/updates returns it, its sequence the id and its status the event name',
  async function (this: SemkerWorld) {
    const client = stream(this);
    const updates = await polled(this, messageId(this));
    assert.equal(client.events.length, updates.length);
    for (const [i, event] of client.events.entries()) {
      const update = updates[i]!;
      assert.equal(event.id, String(update.sequence));
      assert.equal(event.event, update.status);
      assert.equal(event.data, JSON.stringify(update));
    }
    assert.match(client.headers.get('content-type') ?? '', /^text\/event-stream/);
    assert.match(client.headers.get('cache-control') ?? '', /no-cache/);
  },
);

When(
  "a client accepting gzip opens the message's event stream through nginx",
  async function (this: SemkerWorld) {
    const client = await openSse(`${nginxBaseUrl(this)}/messages/${messageId(this)}/events`, {
      'accept-encoding': 'gzip',
    });
    assert.equal(client.status, 200, JSON.stringify(client.problem));
    stateOf(this).clients.push(client);
  },
);

When("a client opens the conversation's event stream through nginx", async function (this: SemkerWorld) {
  const client = await openSse(`${nginxBaseUrl(this)}/conversations/${this.conversationId}/events`);
  assert.equal(client.status, 200, JSON.stringify(client.problem));
  stateOf(this).clients.push(client);
  await client.waitFor((c) => c.events.some((e) => e.event === 'completed'), 'the replay');
});

When(
  'nothing is sent on it for {int} seconds',
  { timeout: 60_000 },
  async function (this: SemkerWorld, seconds: number) {
    // Time passing is what this scenario tests (nginx's read timeout), not a wait for something to happen.
    const before = stream(this).raw.length;
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
    assert.equal(stream(this).raw.length, before, 'something was sent meanwhile');
    assert.ok(!stream(this).isEnded, 'the stream was cut');
  },
);

Then("the stream through nginx brings the new message's answer", async function (this: SemkerWorld) {
  const id = messageId(this);
  await stream(this).waitFor(
    (c) => updatesOf(c).some((u) => u.message_id === id && u.status === 'completed'),
    "the new message's answer",
  );
  assert.ok(!stream(this).isEnded);
});

Then('the stream came through nginx uncompressed and not to be cached', function (this: SemkerWorld) {
  const client = stream(this);
  assert.equal(client.headers.get('content-encoding'), null);
  assert.match(client.headers.get('cache-control') ?? '', /no-cache/);
  assert.match(client.headers.get('content-type') ?? '', /^text\/event-stream/);
});

Then(
  'the stream shows the routing to {string} while the message is still in progress',
  async function (this: SemkerWorld, agent: string) {
    const client = stream(this);
    await client.waitFor(
      (c) => updatesOf(c).some((u) => (u.result ?? '').startsWith(`Routing to ${agent}`)),
      'the routing',
    );
    assert.ok(!client.events.some((e) => e.event === 'completed' || e.event === 'failed'));
    const status = (await (await fetch(`${this.baseUrl}/messages/${messageId(this)}/status`)).json()) as Json;
    assert.equal(status.status, 'inprogress');
  },
);

Then(
  'the stream shows the routing to {string} and the call to {string} before any answer',
  async function (this: SemkerWorld, agent: string, tool: string) {
    const client = stream(this);
    const has = (c: SseClient, text: string): boolean =>
      updatesOf(c).some((u) => u.status === 'inprogress' && (u.result ?? '').includes(text));
    await client.waitFor(
      (c) => has(c, `Routing to ${agent}`) && has(c, tool),
      'the routing and the tool call',
    );
    // The answer is held by the scripted model: the steps came while the message was in progress.
    assert.ok(!client.events.some((e) => e.event === 'completed' || e.event === 'failed'));
    assert.ok(!client.isEnded, 'the stream ended before the answer');
    const status = (await (await fetch(`${this.baseUrl}/messages/${messageId(this)}/status`)).json()) as Json;
    assert.equal(status.status, 'inprogress');
  },
);

Then('the last event is {string} with {string}', function (this: SemkerWorld, status: string, text: string) {
  const last = updatesOf(stream(this)).at(-1);
  assert.equal(last?.status, status);
  assert.ok(last.result?.includes(text), String(last.result));
});

Then('the stream sent every update of the message once, in order', async function (this: SemkerWorld) {
  const updates = await polled(this, messageId(this));
  assert.deepEqual(updatesOf(stream(this)), updates);
});

Then(
  'the stream sent exactly the updates after {int}, in order',
  async function (this: SemkerWorld, after: number) {
    const updates = await polled(this, messageId(this));
    assert.ok(updates.length > after, `the message has only ${updates.length} updates`);
    assert.deepEqual(
      updatesOf(stream(this)),
      updates.filter((u) => u.sequence > after),
    );
  },
);

When(
  "a client resumes the message's event stream after its final update",
  async function (this: SemkerWorld) {
    const last = (await polled(this, messageId(this))).at(-1)!;
    assert.ok(['completed', 'failed'].includes(last.status));
    await open(this, `/messages/${messageId(this)}/events`, { 'last-event-id': String(last.sequence) });
  },
);

Then('the stream was answered 204 No Content', function (this: SemkerWorld) {
  const refused = stateOf(this).refused;
  assert.ok(refused, 'a stream was opened');
  assert.equal(refused.status, 204);
});

Then(
  'the stream was refused with {int} and the detail {string}',
  function (this: SemkerWorld, status: number, detail: string) {
    const refused = stateOf(this).refused;
    assert.ok(refused, 'every stream was accepted');
    assert.equal(refused.status, status);
    assert.match(refused.headers.get('content-type') ?? '', /^application\/problem\+json/);
    assert.equal((refused.problem as Json).detail, detail);
    if (status === 429 || status === 503) assert.ok(refused.headers.get('retry-after'), 'no Retry-After');
  },
);

Then('the stream receives {int} heartbeat comments', async function (this: SemkerWorld, count: number) {
  await stream(this).waitFor(
    (c) => c.raw.split('\n').filter((line) => line === ': heartbeat').length >= count,
    `${count} heartbeats`,
  );
});

Then('the stream is still open', function (this: SemkerWorld) {
  assert.ok(!stream(this).isEnded, 'the stream has ended');
});

// --- conversation streams --------------------------------------------------------------------------

async function conversationUpdates(world: SemkerWorld): Promise<WireUpdate[]> {
  const response = await fetch(
    `${world.baseUrl}/messages?conversation_id=${world.conversationId}&page_size=100`,
  );
  const list = (await response.json()) as { messages: Array<{ message_id: string }> };
  const all: WireUpdate[] = [];
  for (const { message_id } of list.messages.reverse()) all.push(...(await polled(world, message_id)));
  return all;
}

const keyOf = (u: WireUpdate): string => `${u.message_id}/${u.sequence}`;

Then('the conversation stream shows the final update of both messages', async function (this: SemkerWorld) {
  await stream(this).waitFor(
    (c) => updatesOf(c).filter((u) => u.status === 'completed').length >= 2,
    'two completed updates',
  );
});

Then(
  'the conversation stream sent every update of both messages once, with ids {string}',
  async function (this: SemkerWorld, _form: string) {
    const client = stream(this);
    const expected = await conversationUpdates(this);
    const sent = updatesOf(client);
    assert.deepEqual(sent.map(keyOf).sort(), expected.map(keyOf).sort());
    assert.deepEqual(
      client.events.map((e) => e.id),
      sent.map(keyOf),
    );
    // Each message's own updates in order.
    for (const id of new Set(sent.map((u) => u.message_id))) {
      const sequences = sent.filter((u) => u.message_id === id).map((u) => u.sequence);
      assert.deepEqual(
        sequences,
        [...sequences].sort((a, b) => a - b),
      );
    }
    assert.equal(new Set(expected.map((u) => u.message_id)).size, 2);
  },
);

When(
  "a client opens the conversation's event stream resuming after the {int}th update of the first message",
  async function (this: SemkerWorld, sequence: number) {
    const all = await conversationUpdates(this);
    const first = all[0]!.message_id;
    const state = stateOf(this);
    state.messages = [first];
    this.memory.set('resume', `${first}/${sequence}`);
    const client = await open(this, `/conversations/${this.conversationId}/events`, {
      'last-event-id': `${first}/${sequence}`,
    });
    assert.equal(client.status, 200);
  },
);

Then(
  'the conversation stream sent exactly the updates recorded after that one, each once',
  async function (this: SemkerWorld) {
    const all = await conversationUpdates(this);
    const resume = this.memory.get('resume')!;
    // Both messages were answered one after the other, so "recorded after" is their order here.
    const expected = all.slice(all.findIndex((u) => keyOf(u) === resume) + 1);
    assert.ok(expected.length > 0);
    const client = stream(this);
    await client.waitFor((c) => c.events.length >= expected.length, `${expected.length} events`);
    assert.deepEqual(updatesOf(client).map(keyOf), expected.map(keyOf));
  },
);

// --- long-poll -------------------------------------------------------------------------------------

When(
  'a client long-polls the updates after the ones recorded so far, waiting up to {int} seconds',
  async function (this: SemkerWorld, wait: number) {
    const id = messageId(this);
    // The scripted model holds the answer: once routed, nothing more is recorded until the release.
    const so = await untilUpdates(this, id, (updates) =>
      updates.some((u) => u.result?.startsWith('Routing to')),
    );
    const after = so.at(-1)?.sequence ?? 0;
    this.memory.set('after', String(after));
    const state = stateOf(this);
    const poll: NonNullable<StreamState['poll']> = {
      started: performance.now(),
      done: Promise.resolve(),
    };
    poll.done = (async () => {
      const response = await fetch(`${this.baseUrl}/messages/${id}/updates?after=${after}&wait=${wait}`);
      poll.body = await response.json();
      poll.status = response.status;
      poll.settled = performance.now();
    })();
    state.poll = poll;
  },
);

Then(
  "the long-poll answers 200 with the answer's update within {int} seconds of the release",
  async function (this: SemkerWorld, seconds: number) {
    const state = stateOf(this);
    const poll = state.poll!;
    const releasedAt = performance.now();
    await poll.done;
    assert.equal(poll.status, 200);
    const updates = poll.body as WireUpdate[];
    const after = Number(this.memory.get('after'));
    assert.ok(updates.length > 0, 'the long-poll answered with no update');
    assert.ok(updates.every((u) => u.sequence > after));
    assert.ok(
      updates.some((u) => u.status === 'completed'),
      JSON.stringify(updates),
    );
    assert.ok(poll.settled! - releasedAt < seconds * 1000, 'the long-poll answered late');
  },
);

Then(
  'the long-poll answers 200 with an empty list after about {int} second',
  async function (this: SemkerWorld, seconds: number) {
    const poll = stateOf(this).poll!;
    await poll.done;
    assert.equal(poll.status, 200);
    assert.deepEqual(poll.body, []);
    const took = poll.settled! - poll.started;
    assert.ok(took >= seconds * 1000 - 50, `answered after ${Math.round(took)} ms`);
    assert.ok(took < seconds * 1000 + 2_000, `answered after ${Math.round(took)} ms`);
  },
);

When("I send a GET request to the message's {string}", async function (this: SemkerWorld, suffix: string) {
  await this.request('GET', `/messages/${messageId(this)}${suffix}`);
});

// --- keys ----------------------------------------------------------------------------------------

Then(
  /^(\w+) opening its event stream is refused with (\d+)$/,
  async function (this: SemkerWorld, who: string, status: string) {
    const client = await open(this, `/messages/${messageId(this)}/events`, credentials(who));
    assert.equal(client.status, Number(status));
    assert.match(client.headers.get('content-type') ?? '', /^application\/problem\+json/);
  },
);

Then(/^(\w+) opening its event stream gets its updates$/, async function (this: SemkerWorld, who: string) {
  const client = await open(this, `/messages/${messageId(this)}/events`, credentials(who));
  assert.equal(client.status, 200);
  await client.waitFor((c) => c.isEnded, 'the end of the stream');
  assert.equal(updatesOf(client).at(-1)?.status, 'completed');
});

// --- the OpenAPI document ---------------------------------------------------------------------------

Then(
  'the OpenAPI document describes {string} as {string}',
  function (this: SemkerWorld, path: string, type: string) {
    const paths = (this.lastResponse?.body as { paths: Record<string, Json> }).paths;
    const get = paths[path]?.get as { responses: Record<string, { content?: Record<string, unknown> }> };
    assert.ok(get, `no GET ${path}`);
    assert.ok(get.responses['200']?.content?.[type], `GET ${path} 200 is not ${type}`);
    assert.ok(get.responses['404'], `GET ${path} documents no 404`);
    assert.ok(get.responses['429'] && get.responses['503'], `GET ${path} documents no bounds`);
  },
);

Then(
  'the OpenAPI document lists the query parameter {string} of {string}',
  function (this: SemkerWorld, name: string, path: string) {
    const paths = (this.lastResponse?.body as { paths: Record<string, Json> }).paths;
    const get = paths[path]?.get as { parameters: Array<{ name: string; in: string }> };
    assert.ok(
      get.parameters.some((p) => p.name === name && p.in === 'query'),
      JSON.stringify(get.parameters),
    );
  },
);

// --- the original's client -------------------------------------------------------------------------

When(
  'a page at {string} posts {string} and polls its updates until the answer',
  async function (this: SemkerWorld, origin: string, text: string) {
    const headers = { origin };
    const posted = await fetch(`${this.baseUrl}/messages`, {
      method: 'POST',
      headers: {
        ...headers,
        'content-type': 'application/json',
        'x-ms-conversation-id': this.conversationId,
      },
      body: JSON.stringify({ message: text }),
    });
    assert.equal(posted.status, 201);
    assert.equal(posted.headers.get('access-control-allow-origin'), origin);
    const { message_id } = (await posted.json()) as { message_id: string };
    const polls: Array<{ status: number; allow: string | null; body: WireUpdate[] }> = [];
    // The original's client polls on a timer; here bounded, and the wait is on the message, not a clock.
    for (let attempt = 0; attempt < 200; attempt++) {
      const response = await fetch(`${this.baseUrl}/messages/${message_id}/updates`, { headers });
      const body = (await response.json()) as WireUpdate[];
      polls.push({
        status: response.status,
        allow: response.headers.get('access-control-allow-origin'),
        body,
      });
      if (body.some((u) => u.status === 'completed' || u.status === 'failed')) break;
      await this.waitUntilFinished(message_id);
    }
    this.memory.set('polls', JSON.stringify(polls));
  },
);

Then(
  'every poll was answered {int} with the CORS header for {string}',
  function (this: SemkerWorld, status: number, origin: string) {
    const polls = JSON.parse(this.memory.get('polls')!) as Array<{ status: number; allow: string }>;
    assert.ok(polls.length > 0);
    for (const poll of polls) {
      assert.equal(poll.status, status);
      assert.equal(poll.allow, origin);
    }
  },
);

Then(
  'the last poll ends with a {string} update from {string}',
  function (this: SemkerWorld, status: string, agent: string) {
    const polls = JSON.parse(this.memory.get('polls')!) as Array<{ body: WireUpdate[] }>;
    const last = polls.at(-1)!.body.at(-1)!;
    assert.equal(last.status, status);
    assert.equal(last.agent_name, agent);
  },
);

// --- shutdown of the service process -----------------------------------------------------------------

When("a client follows that conversation's event stream on the service", async function (this: SemkerWorld) {
  const line = await waitForOutput(current(this), /Semker listening/);
  const { port } = JSON.parse(line) as { port: number };
  // The conversation of "it logs that it listens, and answers a customer's message".
  const client = await openSse(`http://127.0.0.1:${port}/conversations/process-test/events`);
  assert.equal(client.status, 200);
  await client.waitFor((c) => c.events.some((e) => e.event === 'completed'), 'the replayed answer');
  stateOf(this).clients.push(client);
});

Then("the client's event stream ends cleanly", async function (this: SemkerWorld) {
  const client = stream(this);
  // `ended` rejects when the connection breaks instead of ending.
  await client.waitFor((c) => c.isEnded, 'the end of the stream', 5_000);
  await client.ended;
});

Then(
  'it exits with code {int} within {int} seconds',
  async function (this: SemkerWorld, code: number, seconds: number) {
    const service = current(this);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`still running after ${seconds} s`)), seconds * 1000);
    });
    try {
      assert.equal(await Promise.race([service.exit, late]), code, service.stderr);
    } finally {
      clearTimeout(timer);
    }
  },
);

// --- a slow reader -----------------------------------------------------------------------------------

When(
  'the customer asks {int} questions, each answered in turn',
  async function (this: SemkerWorld, count: number) {
    for (let i = 1; i <= count; i++) {
      const id = await this.postMessage(`Question ${i}`);
      const message = await this.waitUntilFinished(id);
      assert.equal(message.status, 'completed', String(message.result));
    }
  },
);

When("a client opens the conversation's event stream and reads nothing", async function (this: SemkerWorld) {
  const { port } = new URL(this.baseUrl);
  const socket = connect({ host: '127.0.0.1', port: Number(port) });
  // Paused from the start: Node reads nothing more than its own small buffer from the kernel.
  socket.pause();
  await once(socket, 'connect');
  socket.write(
    `GET /conversations/${this.conversationId}/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n`,
  );
  stalled.set(this, socket);
  this.onCleanup(() => void socket.destroy());
  // Admitted: the server counts it as open.
  await until(() => this.api!.streams.open === 1, 'the stream to open', 5_000);
});

Then(
  'the API cuts that stream off within {int} seconds',
  async function (this: SemkerWorld, seconds: number) {
    await until(() => this.api!.streams.open === 0, 'the server to cut the stream off', seconds * 1000);
  },
);

Then(
  "the client, reading at last, received less than half of the conversation's {int} MB",
  async function (this: SemkerWorld, megabytes: number) {
    const socket = stalled.get(this)!;
    let received = 0;
    socket.on('data', (chunk: Buffer) => (received += chunk.length));
    const closed = once(socket, 'close');
    socket.on('error', () => {});
    socket.resume();
    await closed;
    assert.ok(received > 0, 'the stream sent nothing at all');
    // What the kernel's socket buffers held (about 4 MB on loopback here), not what the server queued.
    assert.ok(received < (megabytes * 1_000_000) / 2, `received ${received} bytes`);
  },
);

const stalled = new WeakMap<SemkerWorld, Socket>();

/** Polls `ready` (a cheap in-process read) every 10 ms until it holds, failing after `timeoutMs`. */
async function until(ready: () => boolean, what: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ready()) {
    assert.ok(Date.now() < deadline, `waited ${timeoutMs} ms for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

// --- interleaved messages ---------------------------------------------------------------------------

/**
 * Every update of the conversation in the order its streams send them: a stream opened from the
 * beginning once all is recorded, read until it has sent every stored update. (The order is the one
 * updates were recorded in, which only the streams show.) Each message's own updates come in order.
 */
async function replayedOrder(world: SemkerWorld): Promise<WireUpdate[]> {
  const stored = await conversationUpdates(world);
  const replay = await openSse(`${world.baseUrl}/conversations/${world.conversationId}/events`);
  try {
    await replay.waitFor((c) => c.events.length >= stored.length, `${stored.length} events`);
    const order = updatesOf(replay);
    assert.deepEqual(
      order.map(keyOf).sort(),
      stored.map(keyOf).sort(),
      'the replay is not every update once',
    );
    for (const id of new Set(order.map((u) => u.message_id))) {
      const sequences = order.filter((u) => u.message_id === id).map((u) => u.sequence);
      assert.deepEqual(
        sequences,
        [...sequences].sort((a, b) => a - b),
        `${id} out of order`,
      );
    }
    return order;
  } finally {
    replay.close();
  }
}

Then(
  'the conversation stream shows the receipt of the second message while the first is in progress',
  async function (this: SemkerWorld) {
    const client = stream(this);
    const second = this.lastMessageId!;
    await client.waitFor(
      (c) => updatesOf(c).some((u) => u.message_id === second && u.status === 'received'),
      "the second message's receipt",
    );
    const first = updatesOf(client).find((u) => u.message_id !== second)!.message_id;
    // The first is held by the model until released: it is (or, on a busy machine whose worker
    // has not picked it up yet, soon is) in progress, and never ends before the release.
    const deadline = Date.now() + 10_000;
    let status: Json;
    do {
      status = (await (await fetch(`${this.baseUrl}/messages/${first}/status`)).json()) as Json;
      if (status.status === 'received') await new Promise((resolve) => setTimeout(resolve, 50));
    } while (status.status === 'received' && Date.now() < deadline);
    assert.equal(status.status, 'inprogress');
  },
);

When('that client goes away', function (this: SemkerWorld) {
  const client = stream(this);
  this.memory.set('seen', JSON.stringify(updatesOf(client).map(keyOf)));
  this.memory.set('last event id', client.events.at(-1)!.id!);
  client.close();
});

When('every message of the conversation has finished', async function (this: SemkerWorld) {
  const response = await fetch(
    `${this.baseUrl}/messages?conversation_id=${this.conversationId}&page_size=100`,
  );
  const list = (await response.json()) as { messages: Array<{ message_id: string }> };
  for (const { message_id } of list.messages) await this.waitUntilFinished(message_id);
});

When(
  "a client opens the conversation's event stream again with the id of the last event the first client received",
  async function (this: SemkerWorld) {
    const client = await open(this, `/conversations/${this.conversationId}/events`, {
      'last-event-id': this.memory.get('last event id')!,
    });
    assert.equal(client.status, 200);
  },
);

Then(
  "that stream sends exactly the updates the first client had not received, each once, in the conversation's order",
  async function (this: SemkerWorld) {
    const seenInOrder = JSON.parse(this.memory.get('seen')!) as string[];
    const order = await replayedOrder(this);
    // Live, the first client got a beginning of that same order: so its last id names all it had.
    assert.deepEqual(seenInOrder, order.slice(0, seenInOrder.length).map(keyOf));
    const seen = new Set(seenInOrder);
    const expected = order.filter((u) => !seen.has(keyOf(u)));
    assert.ok(
      expected.some((u) => u.status === 'completed'),
      'nothing was left to resume',
    );
    const client = stream(this);
    await client.waitFor((c) => c.events.length >= expected.length, `${expected.length} events`);
    assert.deepEqual(updatesOf(client).map(keyOf), expected.map(keyOf));
  },
);

// --- across replicas ---------------------------------------------------------------------------------

async function postTo(world: SemkerWorld, base: string, message: string): Promise<string> {
  const response = await fetch(`${base}/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-ms-conversation-id': world.conversationId },
    body: JSON.stringify({ message }),
  });
  const text = await response.text();
  assert.equal(response.status, 201, text);
  return (JSON.parse(text) as { message_id: string }).message_id;
}

When(
  "a customer's first message, posted to replica 1, has been answered",
  { timeout: 60_000 },
  async function (this: SemkerWorld) {
    const base = replicaUrl(this, 1);
    const id = await postTo(this, base, 'What is my current plan?');
    // Bounded poll of real processes over HTTP: there is no in-process event to wait on here.
    for (let attempt = 0; ; attempt++) {
      const status = (await (await fetch(`${base}/messages/${id}/status`)).json()) as Json;
      if (status.status === 'completed') break;
      assert.ok(attempt < 400, `the first message did not complete: ${JSON.stringify(status)}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  },
);

When("a client follows that conversation's event stream on replica 2", async function (this: SemkerWorld) {
  const client = await openSse(`${replicaUrl(this, 2)}/conversations/${this.conversationId}/events`);
  assert.equal(client.status, 200, JSON.stringify(client.problem));
  stateOf(this).clients.push(client);
  await client.waitFor(
    (c) => c.events.some((e) => e.event === 'completed'),
    'the replay of the first answer',
  );
});

/** Waits (bounded) until the stream brings the message's final update; its updates as replica 1 stores them. */
async function finalOnStream(world: SemkerWorld, client: SseClient, id: string): Promise<WireUpdate[]> {
  await client.waitFor(
    (c) =>
      updatesOf(c).some((u) => u.message_id === id && (u.status === 'completed' || u.status === 'failed')),
    `the final update of ${id}`,
    30_000,
  );
  return (await (await fetch(`${replicaUrl(world, 1)}/messages/${id}/updates`)).json()) as WireUpdate[];
}

When('the customer posts a second message to replica 1', async function (this: SemkerWorld) {
  this.lastMessageId = await postTo(this, replicaUrl(this, 1), 'How much does roaming in Spain cost?');
});

Then(
  'the stream on replica 2 brings every update of the second message once, in order',
  { timeout: 60_000 },
  async function (this: SemkerWorld) {
    const id = messageId(this);
    const client = stream(this);
    const polled = await finalOnStream(this, client, id);
    assert.deepEqual(
      updatesOf(client).filter((u) => u.message_id === id),
      polled,
    );
  },
);

Then('each of them reached it within {int} ms of being recorded', function (this: SemkerWorld, ms: number) {
  const id = messageId(this);
  const client = stream(this);
  // The replicas and this test share one machine, so one clock: arrival minus processed_at is the delay.
  const delays = client.events
    .map((event, i) => ({
      update: JSON.parse(event.data) as WireUpdate & { processed_at: string },
      at: client.arrivals[i]!,
    }))
    .filter(({ update }) => update.message_id === id)
    .map(({ update, at }) => at - Date.parse(update.processed_at));
  assert.ok(delays.length > 0);
  assert.ok(Math.max(...delays) <= ms, `delays: ${delays.join(', ')} ms`);
});

When(
  '{int} more messages of the conversation are posted to replicas 1, 2 and 3 at once',
  { timeout: 60_000 },
  async function (this: SemkerWorld, count: number) {
    // At once: each replica records its receipts while others record the running message's steps.
    const questions = ['How much does roaming in Spain cost?', 'What is my current plan?', 'Hello'];
    const ids = await Promise.all(
      Array.from({ length: count }, (_, k) =>
        postTo(this, replicaUrl(this, (k % 3) + 1), questions[k % questions.length]!),
      ),
    );
    stateOf(this).messages.push(...ids);
  },
);

Then(
  "the stream on replica 2 brings every update of the conversation's messages once",
  { timeout: 120_000 },
  async function (this: SemkerWorld) {
    const base = replicaUrl(this, 1);
    const listed = (await (
      await fetch(`${base}/messages?conversation_id=${this.conversationId}&page_size=100`)
    ).json()) as { messages: Array<{ message_id: string }> };
    assert.equal(listed.messages.length, stateOf(this).messages.length + 1);
    const client = stream(this);
    const finals = (c: SseClient): number =>
      updatesOf(c).filter((u) => ['completed', 'failed', 'cancelled'].includes(u.status)).length;
    await client.waitFor((c) => finals(c) === listed.messages.length, 'every final update', 90_000);
    const stored: string[] = [];
    for (const { message_id } of listed.messages) {
      const updates = (await (await fetch(`${base}/messages/${message_id}/updates`)).json()) as WireUpdate[];
      stored.push(...updates.map((u) => `${u.message_id}/${u.sequence}`));
    }
    const sent = client.events.map((e) => e.id);
    assert.deepEqual([...sent].sort(), stored.sort(), 'the stream did not send each stored update once');
    assert.deepEqual(
      sent,
      updatesOf(client).map((u) => `${u.message_id}/${u.sequence}`),
      'an event id does not name its update',
    );
  },
);

Then(
  'a stream resumed on replica 1 or 3 after any of its events sends exactly the events that followed it there',
  { timeout: 120_000 },
  async function (this: SemkerWorld) {
    const sent = stream(this).events.map((e) => e.id!);
    // Resume points spread over the whole stream, the first and the last event included.
    const cuts = [...new Set(Array.from({ length: 10 }, (_, k) => Math.round((k * (sent.length - 1)) / 9)))];
    for (const [k, cut] of cuts.entries()) {
      const replica = k % 2 === 0 ? 1 : 3;
      const resumed = await openSse(
        `${replicaUrl(this, replica)}/conversations/${this.conversationId}/events`,
        {
          'last-event-id': sent[cut]!,
        },
      );
      try {
        assert.equal(resumed.status, 200, JSON.stringify(resumed.problem));
        const expected = sent.slice(cut + 1);
        if (expected.length > 0) {
          await resumed.waitFor((c) => c.events.length >= expected.length, `${expected.length} events`);
        }
        // A moment's quiet after the last expected event lets one sent twice, or one too many, arrive too.
        await new Promise((resolve) => setTimeout(resolve, 200));
        assert.deepEqual(
          resumed.events.map((e) => e.id),
          expected,
          `resumed on replica ${replica} after ${sent[cut]} (event ${cut + 1} of ${sent.length})`,
        );
      } finally {
        resumed.close();
      }
    }
  },
);

Then(
  'the stream on replica 2 sent the stored updates in the order they were recorded, then every update of the new message',
  { timeout: 60_000 },
  async function (this: SemkerWorld) {
    const id = messageId(this);
    const client = stream(this);
    const polled = await finalOnStream(this, client, id);
    assert.deepEqual(
      client.events.map((e) => e.id),
      [
        ...(JSON.parse(this.memory.get('stored in order')!) as string[]),
        ...polled.map((u) => `${u.message_id}/${u.sequence}`),
      ],
    );
  },
);

// --- a conversation that emptied and began again ------------------------------------------------------

When(
  '{int} messages of another conversation are answered, which evicts the conversation’s only message',
  async function (this: SemkerWorld, count: number) {
    const earlier = messageId(this);
    const conversationId = this.conversationId;
    for (let k = 0; k < count; k++) {
      await this.waitUntilFinished(await this.postMessage('Hello', `${conversationId}-other`));
    }
    const gone = await fetch(`${this.baseUrl}/messages/${earlier}/status`);
    assert.equal(gone.status, 404, 'the earlier message was not evicted');
    this.lastMessageId = earlier;
  },
);

Then(
  'the conversation stream brings every update of the new message once, in order',
  async function (this: SemkerWorld) {
    const id = messageId(this);
    await this.waitUntilFinished(id);
    const client = stream(this);
    const expected = await polled(this, id);
    await client.waitFor(
      (c) => updatesOf(c).some((u) => u.message_id === id && u.status === expected.at(-1)!.status),
      'the new message’s final update',
    );
    assert.deepEqual(
      updatesOf(client).filter((u) => u.message_id === id),
      expected,
    );
  },
);
