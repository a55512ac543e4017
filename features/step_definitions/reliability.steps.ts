import { Given, Then, When, type DataTable } from '@cucumber/cucumber';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import pg from 'pg';
import {
  chatCompletion,
  ScriptedOpenAiServer,
  type ChatRequestBody,
  type ScriptedReply,
} from '../support/scripted-openai-server.ts';
import type { SemkerWorld } from '../support/world.ts';
import { conversationKey, DEMO_CUSTOMER } from '../../src/store/conversation-key.ts';
import {
  call,
  eventually,
  replicaUrl,
  stateOf as replicasOf,
  waitReady,
  withDatabase,
} from './replicas.steps.ts';

/** Replica scenarios start processes and ride out an outage: each step has up to three minutes. */
const LONG = { timeout: 180_000 };
/** 50 messages of 20 MB of model output each: CPU-bound parsing, slower on a busy machine. */
const HEAVY = { timeout: 420_000 };

/** A POST as the client saw it: its answer, or the error that stood for none. */
interface Sent {
  replica: number;
  sentAt: number;
  ms: number;
  status?: number;
  retryAfter?: string | null;
  contentType?: string | null;
  id?: string;
  error?: string;
}

/** What one scenario of this feature did, beyond the replicas' own state. */
interface ReliabilityState {
  sent: Sent[];
  stoppedAt?: number;
  restartedAt?: number;
  model?: ScriptedOpenAiServer;
  release?: () => void;
  byOwner: Map<string, Array<{ status: number; text: string; retryAfter: string | null; id?: string }>>;
  accepted: string[];
  poisoned?: { status: number; body: unknown; contentType: string | null } | { error: unknown };
  rss?: number;
  rssAfter?: number;
  sockets?: Array<{ closedAfterMs: number; answer: string }>;
}

const states = new WeakMap<SemkerWorld, ReliabilityState>();

function stateOf(world: SemkerWorld): ReliabilityState {
  let state = states.get(world);
  if (!state) {
    state = { sent: [], byOwner: new Map(), accepted: [] };
    states.set(world, state);
    const owned = state;
    world.onCleanup(async () => {
      owned.release?.();
      await owned.model?.close();
    });
  }
  return state;
}

const FINAL = new Set(['completed', 'failed', 'cancelled']);

// --- a database outage under load ----------------------------------------------------------------

When(
  '{int} POSTs a second go to the replicas, the PostgreSQL server stopped \\({word}) after {int} seconds for {int} seconds, and for {int} seconds after it is back',
  LONG,
  async function (this: SemkerWorld, rate: number, mode: string, from: number, down: number, after: number) {
    const replicas = replicasOf(this);
    const server = replicas.server!;
    const state = stateOf(this);
    const start = Date.now();
    const inFlight: Array<Promise<void>> = [];
    const send = async (n: number): Promise<void> => {
      const replica = n % replicas.replicas.length;
      const sent: Sent = { replica, sentAt: Date.now(), ms: 0 };
      state.sent.push(sent);
      try {
        const response = await fetch(`http://127.0.0.1:${replicas.replicas[replica]!.port}/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-ms-conversation-id': `load-${n % 40}` },
          body: JSON.stringify({ message: 'Hello!' }),
          // A hang is a failure of its own: the answer must come well within this.
          signal: AbortSignal.timeout(10_000),
        });
        const body = (await response.json()) as { message_id?: string };
        sent.status = response.status;
        sent.retryAfter = response.headers.get('retry-after');
        sent.contentType = response.headers.get('content-type');
        sent.id = body.message_id;
      } catch (error) {
        sent.error = `${String(error)} (${String((error as Error).cause)})`;
      }
      sent.ms = Date.now() - sent.sentAt;
    };
    const outage = (async () => {
      await new Promise((resolve) => setTimeout(resolve, from * 1000));
      const stoppedAt = Date.now();
      state.stoppedAt = stoppedAt;
      if (mode === 'immediate') await server.stop({ immediate: true });
      else await server.stop();
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, stoppedAt + down * 1000 - Date.now())));
      await server.start();
      state.restartedAt = Date.now();
    })();
    // Paced by the clock, not by the answers: a slow answer does not slow the load down.
    const interval = 1000 / rate;
    let n = 0;
    for (; state.restartedAt === undefined || Date.now() < state.restartedAt + after * 1000; n++) {
      const due = start + n * interval;
      const wait = due - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      inFlight.push(send(n));
    }
    const elapsed = (Date.now() - start) / 1000;
    await outage;
    await Promise.all(inFlight);
    assert.ok(n / elapsed >= rate * 0.9, `only ${n} POSTs in ${elapsed} s: the load was not sustained`);
  },
);

Then('no replica exited', LONG, function (this: SemkerWorld) {
  for (const [i, replica] of replicasOf(this).replicas.entries()) {
    assert.equal(
      replica.child.exitCode === null && replica.child.signalCode === null,
      true,
      `replica ${i + 1} exited (${replica.child.exitCode ?? replica.child.signalCode}):\n${replica.stderr.slice(-3000)}`,
    );
  }
});

Then(
  'every POST was answered within {int} seconds: 201, or 503 problem+json with Retry-After; none was reset',
  LONG,
  function (this: SemkerWorld, seconds: number) {
    const { sent } = stateOf(this);
    const failed = sent.filter((s) => s.error);
    assert.equal(failed.length, 0, `${failed.length} POSTs got no answer: ${failed[0]?.error}`);
    for (const s of sent) {
      assert.ok(s.ms < seconds * 1000, `a POST took ${s.ms} ms`);
      if (s.status === 201) continue;
      assert.equal(s.status, 503, `a POST answered ${s.status}`);
      assert.ok(Number(s.retryAfter) > 0, 'a 503 without Retry-After');
      assert.equal(s.contentType, 'application/problem+json');
    }
  },
);

Then(
  'some POSTs were accepted before the stop and after the restart, and some refused during it',
  LONG,
  function (this: SemkerWorld) {
    const { sent, stoppedAt, restartedAt } = stateOf(this);
    const before = sent.filter((s) => s.status === 201 && s.sentAt < stoppedAt!).length;
    const after = sent.filter((s) => s.status === 201 && s.sentAt > restartedAt!).length;
    const refused = sent.filter((s) => s.status === 503).length;
    this.attach(
      `POSTs: ${sent.length}; accepted ${sent.filter((s) => s.status === 201).length} ` +
        `(${before} before the stop, ${after} after the restart); refused ${refused}; ` +
        `slowest answer ${Math.max(...sent.map((s) => s.ms))} ms`,
    );
    assert.ok(before > 0 && after > 0 && refused > 0, `before ${before}, after ${after}, refused ${refused}`);
  },
);

Then(
  'every replica becomes ready again within {int} seconds of the restart',
  LONG,
  async function (this: SemkerWorld, seconds: number) {
    const { restartedAt } = stateOf(this);
    const replicas = replicasOf(this).replicas;
    await Promise.all(replicas.map((_, i) => waitReady(this, i, seconds * 1000)));
    this.attach(`every replica ready ${Date.now() - restartedAt!} ms after the restart`);
  },
);

Then(
  'every accepted message ends final within {int} seconds, with exactly one final update, and the database holds it once',
  LONG,
  async function (this: SemkerWorld, seconds: number) {
    const accepted = stateOf(this).sent.flatMap((s) => (s.status === 201 && s.id ? [s.id] : []));
    await eventually(
      () =>
        withDatabase(this, async (client) => {
          const { rows } = await client.query<{ open: string }>(
            'SELECT count(*) AS open FROM semker_messages WHERE id = ANY($1::text[]) AND completed_at IS NULL',
            [accepted],
          );
          return rows[0]!.open === '0' ? true : undefined;
        }),
      'every accepted message final',
      seconds * 1000,
    );
    await withDatabase(this, async (client) => {
      const { rows } = await client.query<{ id: string; finals: string }>(
        `SELECT m.id, (SELECT count(*) FROM semker_updates u
                       WHERE u.message_id = m.id AND u.status IN ('completed', 'failed', 'cancelled')) AS finals
         FROM semker_messages m`,
      );
      const stored = new Map(rows.map((row) => [row.id, Number(row.finals)]));
      for (const id of accepted)
        assert.equal(stored.get(id), 1, `message ${id}: ${stored.get(id)} final updates`);
      const { rows: turns } = await client.query<{ n: string }>(
        `SELECT count(*) AS n FROM (SELECT message_id FROM semker_conversation_turns
           WHERE role = 'user' GROUP BY message_id HAVING count(*) > 1) AS twice`,
      );
      assert.equal(turns[0]!.n, '0', 'a message recorded its turn twice');
      // A POST answered 503 whose message was stored after all would be a message its sender may post again.
      const unknown = [...stored.keys()].filter((id) => !accepted.includes(id));
      assert.deepEqual(unknown, [], 'messages stored although their POST was refused');
    });
    const { rows } = { rows: accepted };
    for (const id of rows.slice(0, 20)) {
      const status = await call(this, 0, 'GET', `/messages/${id}/status`);
      assert.ok(FINAL.has((status.body as { status: string }).status));
    }
  },
);

// --- a backend terminated inside a transaction ---------------------------------------------------

When(
  "a POST's accepting transaction waits on a lock and its database backend is terminated",
  LONG,
  async function (this: SemkerWorld) {
    const conversation = 'terminated';
    const first = await call(this, 0, 'POST', '/messages', {
      headers: { 'x-ms-conversation-id': conversation },
      body: { message: 'Hello!' },
    });
    assert.equal(first.status, 201, first.text);
    // Answered first: its own updates take the counter row too, and only the POST may wait on it.
    const firstId = (first.body as { message_id: string }).message_id;
    await eventually(async () => {
      const status = await call(this, 0, 'GET', `/messages/${firstId}/status`);
      return FINAL.has((status.body as { status: string }).status) ? true : undefined;
    }, 'the first message answered');
    const holder = new pg.Client({ connectionString: this.databaseUrl });
    await holder.connect();
    try {
      // The conversation's counter row, locked: the next message's accepting transaction waits for it.
      await holder.query('BEGIN');
      await holder.query(
        'SELECT position FROM semker_conversation_positions WHERE conversation_id = $1 FOR UPDATE',
        // Stored under the conversation's scope: the demo customer's, with no API key owner.
        [conversationKey({ customerId: DEMO_CUSTOMER, owner: null }, conversation)],
      );
      // Bounded: a POST that hangs fails the scenario.
      const posting = fetch(`${replicaUrl(this, 1)}/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-ms-conversation-id': conversation },
        body: JSON.stringify({ message: 'Are you there?' }),
        signal: AbortSignal.timeout(15_000),
      }).then(async (response) => ({
        status: response.status,
        headers: response.headers,
        body: await response.json(),
      }));
      const pid = await eventually(
        async () => {
          // Inside a transaction pg_stat_activity is read once: cleared, each look is a new one.
          await holder.query('SELECT pg_stat_clear_snapshot()');
          const { rows } = await holder.query<{ pid: number }>(
            `SELECT pid FROM pg_stat_activity
           WHERE application_name = 'semker' AND wait_event_type = 'Lock' AND state = 'active'`,
          );
          return rows[0]?.pid;
        },
        'the accepting transaction waiting on the lock',
        10_000,
      );
      await holder.query('SELECT pg_terminate_backend($1)', [pid]);
      await holder.query('ROLLBACK');
      const response = await posting;
      stateOf(this).poisoned = {
        status: response.status,
        body: response.body,
        contentType: response.headers.get('content-type'),
      };
      this.memory.set('retry-after', response.headers.get('retry-after') ?? '');
    } finally {
      await holder.query('ROLLBACK').catch(() => {});
      await holder.end();
    }
  },
);

Then('that POST was refused with 503 problem+json and Retry-After', function (this: SemkerWorld) {
  const answer = stateOf(this).poisoned;
  assert.ok(answer && 'status' in answer);
  assert.equal(answer.status, 503, JSON.stringify(answer.body));
  assert.equal(answer.contentType, 'application/problem+json');
  assert.ok(Number(this.memory.get('retry-after')) > 0);
});

// --- text no store can keep -------------------------------------------------------------------------

const POISONS: Record<string, string> = {
  'a NUL character': 'Hello\u0000there',
  'an unpaired high surrogate': 'Hello \ud800 there',
  'an unpaired low surrogate': 'Hello \udc00 there',
};

When(
  '{int} messages are posted at once, the {int}th carrying {}',
  async function (this: SemkerWorld, count: number, poisonedAt: number, poison: string) {
    const text = POISONS[poison];
    assert.ok(text, `no poison named "${poison}"`);
    const state = stateOf(this);
    const responses = await Promise.all(
      Array.from({ length: count }, (_, i) =>
        fetch(`${this.baseUrl}/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-ms-conversation-id': `batch-${i}` },
          body: JSON.stringify({ message: i + 1 === poisonedAt ? text : `Hello number ${i + 1}` }),
        }).then(async (response) => ({
          status: response.status,
          contentType: response.headers.get('content-type'),
          body: (await response.json()) as { message_id?: string },
        })),
      ),
    );
    for (const [i, response] of responses.entries()) {
      if (i + 1 === poisonedAt) state.poisoned = response;
      else {
        assert.equal(response.status, 201, `POST ${i + 1}: ${JSON.stringify(response.body)}`);
        state.accepted.push(response.body.message_id!);
      }
    }
  },
);

Then(
  'the {int}th was refused with 422 problem+json naming body.message',
  function (this: SemkerWorld, _n: number) {
    const answer = stateOf(this).poisoned;
    assert.ok(answer && 'status' in answer);
    assert.equal(answer.status, 422, JSON.stringify(answer.body));
    assert.equal(answer.contentType, 'application/problem+json');
    const errors = (answer.body as { errors: Array<{ path: string; message: string }> }).errors;
    assert.deepEqual(
      errors.map((e) => e.path),
      ['body.message'],
    );
    assert.match(errors[0]!.message, /NUL character .* unpaired surrogate/);
  },
);

Then(
  'the other {int} were accepted and each ends completed',
  async function (this: SemkerWorld, count: number) {
    const { accepted } = stateOf(this);
    assert.equal(accepted.length, count);
    for (const id of accepted) {
      const message = await this.waitUntilFinished(id);
      assert.equal(message.status, 'completed', `${id}: ${message.result}`);
    }
  },
);

When(
  '{int} messages are submitted to the processor at once, the {int}th carrying a NUL character',
  async function (this: SemkerWorld, count: number, poisonedAt: number) {
    const { processor } = this.api!.services;
    const state = stateOf(this);
    const results = await Promise.allSettled(
      Array.from({ length: count }, (_, i) =>
        processor.accept({
          conversationId: `store-${i}`,
          content: i + 1 === poisonedAt ? 'Hello\u0000there' : `Hello number ${i + 1}`,
        }),
      ),
    );
    for (const [i, result] of results.entries()) {
      if (i + 1 === poisonedAt) {
        state.poisoned =
          result.status === 'rejected'
            ? { error: result.reason }
            : { status: 201, body: result.value, contentType: null };
      } else {
        assert.equal(
          result.status,
          'fulfilled',
          `message ${i + 1}: ${result.status === 'rejected' ? String(result.reason) : ''}`,
        );
        state.accepted.push(result.value.id);
      }
    }
  },
);

Then(
  'the {int}th was refused by the store if it cannot keep a NUL character, and stored otherwise',
  function (this: SemkerWorld, _n: number) {
    const outcome = stateOf(this).poisoned!;
    if (this.backend === 'postgres') {
      assert.ok('error' in outcome, 'PostgreSQL stored a NUL character');
      // The database's refusal of the data (SQLSTATE class 22), not an outage (a 503).
      assert.equal((outcome.error as pg.DatabaseError).code?.slice(0, 2), '22', String(outcome.error));
    } else {
      assert.ok(
        'status' in outcome,
        `the memory store refused it: ${String('error' in outcome && outcome.error)}`,
      );
    }
  },
);

// --- a fair share of the queue ----------------------------------------------------------------------

/** The keys of the fair-share scenario's two owners. */
const OWNER_KEYS: Record<string, string> = {
  alice: 'alice-share-key-0123456789',
  bob: 'bob-share-key-0123456789ab',
};

Given(
  'a scripted model that holds its answers until the test releases them',
  async function (this: SemkerWorld) {
    const state = stateOf(this);
    const model = await ScriptedOpenAiServer.start();
    const released = new Promise<void>((resolve) => (state.release = resolve));
    let n = 0;
    model.answerWith(() => ({
      until: released,
      json: { action: 'reply', agent: null, reason: 'A greeting.', reply: `Answer number ${++n}` },
    }));
    state.model = model;
  },
);

Given(
  'the API runs against that model with API keys for alice and bob and settings:',
  async function (this: SemkerWorld, table: DataTable) {
    const { model } = stateOf(this);
    await this.startApi({
      LLM_PROVIDER: 'openai',
      OPENAI_API_KEY: 'test-key',
      OPENAI_BASE_URL: `${model!.url}/v1`,
      LLM_MAX_RETRIES: '0',
      API_KEYS: Object.entries(OWNER_KEYS)
        .map(([owner, key]) => `${owner}:${key}`)
        .join(','),
      ...table.rowsHash(),
    });
  },
);

When(
  '{word} posts {int} messages in {int} conversations, one after the other',
  async function (this: SemkerWorld, owner: string, count: number, conversations: number) {
    const state = stateOf(this);
    const answers = state.byOwner.get(owner) ?? [];
    state.byOwner.set(owner, answers);
    for (let i = 0; i < count; i++) {
      const response = await fetch(`${this.baseUrl}/messages`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-api-key': OWNER_KEYS[owner]!,
          'x-ms-conversation-id': `${owner}-${i % conversations}`,
        },
        body: JSON.stringify({ message: 'Hello!' }),
      });
      const text = await response.text();
      const answer = { status: response.status, text, retryAfter: response.headers.get('retry-after') };
      answers.push(
        response.status === 201
          ? { ...answer, id: (JSON.parse(text) as { message_id: string }).message_id }
          : answer,
      );
      if (response.status === 201)
        state.accepted.push((JSON.parse(text) as { message_id: string }).message_id);
      else assert.equal(response.headers.get('content-type'), 'application/problem+json');
    }
  },
);

Then(
  '{word} had at most {int} accepted and the rest refused with 429 problem+json and Retry-After',
  function (this: SemkerWorld, owner: string, most: number) {
    const answers = stateOf(this).byOwner.get(owner)!;
    const accepted = answers.filter((a) => a.status === 201).length;
    // The share counts waiting messages: the one running (held by the model) is not among them.
    assert.ok(accepted >= most - 1 && accepted <= most, `${owner} had ${accepted} accepted`);
    for (const refused of answers.filter((a) => a.status !== 201)) {
      assert.equal(refused.status, 429, refused.text);
      assert.ok(Number(refused.retryAfter) > 0);
      assert.match(refused.text, /your share of the message queue/);
    }
  },
);

Then('{word} had all {int} accepted', function (this: SemkerWorld, owner: string, count: number) {
  const answers = stateOf(this).byOwner.get(owner)!;
  assert.deepEqual(
    answers.map((a) => a.status),
    Array.from({ length: count }, () => 201),
    answers.map((a) => a.text).join('\n'),
  );
});

When('the model releases its answers', function (this: SemkerWorld) {
  stateOf(this).release!();
});

Then('every accepted message ends completed', async function (this: SemkerWorld) {
  for (const id of stateOf(this).accepted) {
    const message = await this.waitUntilFinished(id);
    assert.equal(message.status, 'completed', `${id}: ${message.result}`);
  }
});

// --- a model that answers far too much ---------------------------------------------------------------

const TEN_MB = 10 * 1024 * 1024;

Given(
  'a scripted model that calls a billing tool with 10 MB of arguments, then answers with 10 MB of text',
  LONG,
  async function (this: SemkerWorld) {
    const model = await ScriptedOpenAiServer.start();
    // Each body serialised once and sent as it is: the test process holds 20 MB, not 20 MB per
    // message, and spends its time sending, not re-encoding them.
    const body = (reply: Parameters<typeof chatCompletion>[0]): ScriptedReply => ({
      status: 200,
      raw: Buffer.from(JSON.stringify(chatCompletion(reply))),
    });
    const hugeArguments = JSON.stringify({ month: 'x'.repeat(TEN_MB) });
    const toolCall = body({ toolCalls: [{ name: 'get_billing_data', arguments: hugeArguments }] });
    const hugeAnswer = body({ content: 'Your bill is fine. '.repeat(Math.ceil(TEN_MB / 19)) });
    model.answerWith((request: ChatRequestBody) => {
      if (request.response_format) {
        return { json: { action: 'delegate', agent: 'billing', reason: 'A bill.', reply: null } };
      }
      // The tool's refusal came back: the model answers, at length.
      if (request.messages.some((m) => m.role === 'tool')) return hugeAnswer;
      return toolCall;
    });
    replicasOf(this).model = model;
    stateOf(this).model = model;
  },
);

/** The resident set of a replica's process, from /proc (Linux), in bytes. */
function residentBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = /^VmRSS:\s+(\d+) kB$/m.exec(status);
  assert.ok(kib, 'no VmRSS in /proc/<pid>/status');
  return Number(kib[1]) * 1024;
}

/** How often the replica's resident set is read while a phase runs. */
const RSS_SAMPLE_MS = 50;

/**
 * Answers `count` messages, `wave` at a time, and returns the replica's resident set over the
 * second half of the phase: the median of reads taken every RSS_SAMPLE_MS throughout. One read
 * lands anywhere in the collector's cycle (up to a few waves of 10 MB garbage not yet collected,
 * or just after a collection gave it back), so a handful of reads could be 100 MB apart; a few
 * hundred settle on the footprint, which a leak would still move.
 */
async function answerInWaves(world: SemkerWorld, count: number, wave: number): Promise<number> {
  const pid = replicasOf(world).replicas[0]!.child.pid!;
  const reads: number[] = [];
  const sampler = setInterval(() => reads.push(residentBytes(pid)), RSS_SAMPLE_MS);
  try {
    await answerAll(world, count, wave);
  } finally {
    clearInterval(sampler);
  }
  assert.ok(reads.length >= 20, `only ${reads.length} reads of the replica's memory`);
  const secondHalf = reads.slice(Math.floor(reads.length / 2)).sort((a, b) => a - b);
  return secondHalf[Math.floor(secondHalf.length / 2)]!;
}

/** Posts `count` messages, `wave` at a time, each wave awaited until all of it is final. */
async function answerAll(world: SemkerWorld, count: number, wave: number): Promise<void> {
  const state = stateOf(world);
  for (let done = 0; done < count; done += wave) {
    const ids = await Promise.all(
      Array.from({ length: Math.min(wave, count - done) }, async (_, i) => {
        const response = await call(world, 0, 'POST', '/messages', {
          headers: { 'x-ms-conversation-id': `huge-${done + i}` },
          body: { message: 'What was my bill last month?' },
        });
        assert.equal(response.status, 201, response.text);
        return (response.body as { message_id: string }).message_id;
      }),
    );
    state.accepted.push(...ids);
    await Promise.all(
      ids.map((id) =>
        eventually(
          async () => {
            const status = await call(world, 0, 'GET', `/messages/${id}/status`);
            return FINAL.has((status.body as { status: string }).status) ? true : undefined;
          },
          `message ${id} final`,
          60_000,
        ),
      ),
    );
  }
}

When(
  "{int} messages are answered, {int} at a time, and the replica's resident memory is read",
  HEAVY,
  async function (this: SemkerWorld, count: number, wave: number) {
    stateOf(this).rss = await answerInWaves(this, count, wave);
  },
);

When(
  '{int} more messages are answered, {int} at a time',
  HEAVY,
  async function (this: SemkerWorld, count: number, wave: number) {
    stateOf(this).rssAfter = await answerInWaves(this, count, wave);
  },
);

// The bound is what tells a leak from the heap settling: the 50 messages carry 1 GB of model text and
// tool arguments; the phases' medians of reads every 50 ms moved by 0–5 % alone and beside two
// busy cores, while a replica keeping 1.5 MB of each message (under a tenth) grew by over 20 %.
Then(
  "the replica's resident memory grew by at most {int} % over those {int} messages",
  function (this: SemkerWorld, percent: number, _count: number) {
    const { rss, rssAfter } = stateOf(this);
    const mib = (bytes: number): string => `${(bytes / 1048576).toFixed(0)} MiB`;
    this.attach(
      `replica RSS (median after each wave): ${mib(rss!)} late in the warm-up, ${mib(rssAfter!)} late in the measured messages`,
    );
    assert.ok(rssAfter! <= rss! * (1 + percent / 100), `RSS ${mib(rss!)} → ${mib(rssAfter!)}`);
  },
);

Then(
  'every answer is at most {int} characters and ends with the truncation marker',
  LONG,
  async function (this: SemkerWorld, most: number) {
    for (const id of stateOf(this).accepted) {
      const updates = await call(this, 0, 'GET', `/messages/${id}/updates`);
      const body = (updates.body as Array<{ status: string; result: string }>).at(-1)!;
      assert.equal(body.status, 'completed', updates.text.slice(-500));
      assert.ok(body.result.length <= most, `an answer of ${body.result.length} characters`);
      assert.match(body.result, /^Your bill is fine\. .* … \[truncated: \d+ more characters\]$/s);
    }
  },
);

Then(
  'no update of any message is longer than {int} characters',
  LONG,
  async function (this: SemkerWorld, most: number) {
    for (const id of stateOf(this).accepted) {
      const updates = await call(this, 0, 'GET', `/messages/${id}/updates`);
      for (const update of updates.body as Array<{ result: string | null }>) {
        assert.ok((update.result ?? '').length <= most, `an update of ${update.result?.length} characters`);
      }
    }
  },
);

Then(
  'every model request asked for at most {int} output tokens and was under {int} kB',
  function (this: SemkerWorld, tokens: number, kb: number) {
    const requests = stateOf(this).model!.chatRequests;
    assert.ok(requests.length > 0);
    for (const request of requests) {
      assert.equal(request.body.max_tokens, tokens);
      const size = Buffer.byteLength(JSON.stringify(request.body));
      assert.ok(size < kb * 1000, `a request of ${size} bytes`);
    }
  },
);

// --- slow clients -------------------------------------------------------------------------------------

When(
  "{int} sockets send a request's headers one byte every {int} ms, never finishing them",
  async function (this: SemkerWorld, count: number, everyMs: number) {
    const { port } = new URL(this.baseUrl);
    const headers = `GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ${'a'.repeat(200)}`;
    const state = stateOf(this);
    state.sockets = await Promise.all(
      Array.from(
        { length: count },
        () =>
          new Promise<{ closedAfterMs: number; answer: string }>((resolve, reject) => {
            const socket = connect(Number(port), '127.0.0.1');
            const openedAt = performance.now();
            let answer = '';
            let sentBytes = 0;
            const timer = setInterval(() => {
              if (sentBytes < headers.length) socket.write(headers[sentBytes++]!);
            }, everyMs);
            // Bounded: a socket still open after 15 s fails the scenario rather than hanging it.
            const bound = setTimeout(() => {
              socket.destroy();
              reject(new Error('a slow socket was still open after 15 s'));
            }, 15_000);
            socket.on('data', (chunk) => (answer += chunk.toString()));
            socket.on('error', () => {});
            socket.on('close', () => {
              clearInterval(timer);
              clearTimeout(bound);
              resolve({ closedAfterMs: performance.now() - openedAt, answer: answer.split('\r\n')[0] ?? '' });
            });
          }),
      ),
    );
  },
);

Then(
  'every socket was answered 408 or closed between {float} and {float} seconds after it opened',
  function (this: SemkerWorld, from: number, to: number) {
    const sockets = stateOf(this).sockets!;
    const times = sockets.map((s) => s.closedAfterMs);
    this.attach(`closed after ${Math.min(...times).toFixed(0)}–${Math.max(...times).toFixed(0)} ms`);
    for (const socket of sockets) {
      assert.ok(
        socket.closedAfterMs >= from * 1000 && socket.closedAfterMs <= to * 1000,
        `a socket closed after ${socket.closedAfterMs.toFixed(0)} ms`,
      );
      if (socket.answer) assert.match(socket.answer, /^HTTP\/1\.1 408/);
    }
  },
);

Then('the API still answers a request at once', async function (this: SemkerWorld) {
  const started = performance.now();
  const response = await this.request('GET', '/health');
  assert.equal(response.status, 200);
  assert.ok(performance.now() - started < 1000);
});
