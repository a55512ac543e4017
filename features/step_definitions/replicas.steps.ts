import { Given, Then, When, type DataTable } from '@cucumber/cucumber';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { startTestNginx, type RunningNginx } from '../../scripts/nginx-test-conf.ts';
import { freePort } from '../support/free-port.ts';
import { ScriptedOpenAiServer } from '../support/scripted-openai-server.ts';
import { startPostgres, type PostgresServer } from '../support/postgres.ts';
import type { SemkerWorld } from '../support/world.ts';
import type { UpdateBody } from '../../src/http/schemas.ts';
import { serviceArgs, spawnService, stopService } from '../support/service-process.ts';

/**
 * One API replica: the service as an operating-system process, the way `npm start` runs it (dist/,
 * built from the sources on first use: features/support/service-process.ts).
 */
interface Replica {
  child: ChildProcess;
  stdout: string;
  stderr: string;
  exit: Promise<number | null>;
  port: number | undefined;
  env: Record<string, string>;
}

interface Response {
  status: number;
  headers: Headers;
  body: unknown;
  text: string;
}

interface PostedMessage {
  id: string;
  conversationId: string;
  /** Index of the replica that accepted it. */
  replica: number;
}

/** A scenario's replicas and what it did with them. */
interface ReplicaState {
  replicas: Replica[];
  /** Every replica process the scenario started, listening yet or not: the cleanup stops them all. */
  started: Set<Replica>;
  /** The scenario's own PostgreSQL server, for the scenarios that stop and start it. */
  server?: PostgresServer;
  /** The scenario's database on its own server. */
  database?: Promise<string>;
  model?: ScriptedOpenAiServer;
  /** Settings every replica of the scenario starts with (the table of "… replicas with settings"). */
  settings: Record<string, string>;
  posted: PostedMessage[];
  last?: Response;
  responses: Response[];
}

const states = new WeakMap<SemkerWorld, ReplicaState>();

/** Replicas start as processes and recover on their own clocks: each step has up to three minutes. */
const REPLICA_STEP = { timeout: 180_000 };

export function stateOf(world: SemkerWorld): ReplicaState {
  let state = states.get(world);
  if (!state) {
    state = { replicas: [], started: new Set(), settings: {}, posted: [], responses: [] };
    states.set(world, state);
    world.onCleanup(async () => {
      await Promise.all([...state!.started].map((replica) => stopService(replica.child)));
      // TEST_REPLICA_LOGS=<directory> keeps every replica's output there, for a failure's post-mortem.
      const logs = process.env.TEST_REPLICA_LOGS;
      if (logs) {
        for (const [i, replica] of [...state!.started].entries()) {
          writeFileSync(
            join(logs, `replica-${Date.now()}-${i + 1}.log`),
            `${replica.stdout}\n${replica.stderr}`,
          );
        }
      }
      await state!.model?.close();
      await state!.server?.destroy();
    });
  }
  return state;
}

/** Resolves when `check` is true, re-checking on each chunk of output; bounded by `timeoutMs`. */
function waitForOutput(replica: Replica, pattern: RegExp, timeoutMs = 60_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const stream = replica.child.stdout!;
    const check = (): boolean => {
      const line = replica.stdout.split('\n').find((l) => pattern.test(l));
      if (!line) return false;
      clearTimeout(timer);
      stream.off('data', check);
      replica.child.off('exit', onExit);
      resolve(line);
      return true;
    };
    const onExit = (): void => {
      clearTimeout(timer);
      stream.off('data', check);
      reject(
        new Error(`the replica exited before printing ${pattern}:\n${replica.stdout}\n${replica.stderr}`),
      );
    };
    const timer = setTimeout(() => {
      stream.off('data', check);
      replica.child.off('exit', onExit);
      reject(
        new Error(
          `no output matching ${pattern} within ${timeoutMs} ms:\n${replica.stdout}\n${replica.stderr}`,
        ),
      );
    }, timeoutMs);
    if (!check()) {
      stream.on('data', check);
      replica.child.once('exit', onExit);
    }
  });
}

/** Polls `probe` every 100 ms until it returns a value, at most `timeoutMs`: there is no event to wait on across processes. */
export async function eventually<T>(
  probe: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`${what}: not within ${timeoutMs} ms${lastError ? ` (${String(lastError)})` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * The scenario's database: on its own server, a fresh one; on the run's server, a copy of the
 * migrated template (the replicas start on it as on a database an earlier replica prepared), or an
 * empty one where the scenario is about preparing it (`empty`; the first call decides).
 */
async function databaseUrl(world: SemkerWorld, options: { empty?: boolean } = {}): Promise<string> {
  const state = stateOf(world);
  if (state.server) {
    // Once per scenario, however many replicas ask at the same time.
    state.database ??= state.server.freshDatabase().then((url) => (world.databaseUrl = url));
    return state.database;
  }
  return world.database({ migrated: !options.empty });
}

Given("the scenario's database is empty", REPLICA_STEP, async function (this: SemkerWorld) {
  await databaseUrl(this, { empty: true });
});

/** Runs `work` on a connection of its own to the scenario's database, for what the API does not show. */
export async function withDatabase<T>(
  world: SemkerWorld,
  work: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({ connectionString: world.databaseUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Starts one replica process on the scenario's database; resolves once it listens. */
async function spawnReplica(world: SemkerWorld, extra: Record<string, string> = {}): Promise<Replica> {
  const state = stateOf(world);
  const env = {
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'info',
    NODE_ENV: 'production',
    DATABASE_URL: await databaseUrl(world),
    WORKER_CONCURRENCY: '8',
    MESSAGE_TAKEOVER_MS: '12000',
    // The scenarios read hundreds of updates from one address; the one that tests the limit sets it.
    RATE_LIMIT_MAX: '0',
    // Every turn stays in the history, so that a turn recorded twice (or not at all) shows.
    CONVERSATION_MAX_TURNS: '1000',
    ...(state.model
      ? {
          LLM_PROVIDER: 'openai',
          OPENAI_API_KEY: 'test-key',
          OPENAI_BASE_URL: `${state.model.url}/v1`,
          LLM_MAX_RETRIES: '0',
        }
      : { LLM_PROVIDER: 'offline' }),
    ...state.settings,
    ...extra,
  };
  const child = spawnService(await serviceArgs('composition/main'), env);
  const replica: Replica = {
    child,
    stdout: '',
    stderr: '',
    exit: once(child, 'exit').then(([code]) => code as number | null),
    port: undefined,
    env,
  };
  state.started.add(replica);
  child.stdout.on('data', (chunk: Buffer) => (replica.stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (replica.stderr += chunk.toString()));
  const line = await waitForOutput(replica, /Semker listening/);
  replica.port = (JSON.parse(line) as { port: number }).port;
  return replica;
}

/** The address of replica `n` (from 1), e.g. http://127.0.0.1:41234 (for steps of other files). */
export function replicaUrl(world: SemkerWorld, n: number): string {
  return `http://127.0.0.1:${replicaAt(world, n - 1).port}`;
}

function replicaAt(world: SemkerWorld, index: number): Replica {
  const replica = stateOf(world).replicas[index];
  assert.ok(replica?.port, `no replica ${index + 1}`);
  return replica;
}

export async function call(
  world: SemkerWorld,
  index: number,
  method: string,
  path: string,
  options: { headers?: Record<string, string>; body?: unknown } = {},
): Promise<Response> {
  const replica = replicaAt(world, index);
  const response = await fetch(`http://127.0.0.1:${replica.port}${path}`, {
    method,
    headers: {
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...options.headers,
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON
  }
  const result = { status: response.status, headers: response.headers, body, text };
  stateOf(world).last = result;
  return result;
}

export async function waitReady(world: SemkerWorld, index: number, timeoutMs = 60_000): Promise<void> {
  await eventually(
    async () => ((await call(world, index, 'GET', '/ready')).status === 200 ? true : undefined),
    `replica ${index + 1} ready`,
    timeoutMs,
  );
}

async function post(
  world: SemkerWorld,
  index: number,
  conversationId: string,
  message: string,
): Promise<PostedMessage> {
  const response = await call(world, index, 'POST', '/messages', {
    headers: { 'x-ms-conversation-id': conversationId },
    body: { message },
  });
  assert.equal(response.status, 201, response.text);
  const posted = { id: (response.body as { message_id: string }).message_id, conversationId, replica: index };
  stateOf(world).posted.push(posted);
  return posted;
}

async function statusOf(
  world: SemkerWorld,
  index: number,
  id: string,
): Promise<{ status: string; result?: string; agent_name: string | null; content: string }> {
  const response = await call(world, index, 'GET', `/messages/${id}/status`);
  assert.equal(response.status, 200, response.text);
  return response.body as { status: string; agent_name: string | null; content: string };
}

async function updatesOf(
  world: SemkerWorld,
  index: number,
  id: string,
  after?: number,
): Promise<UpdateBody[]> {
  const response = await call(
    world,
    index,
    'GET',
    `/messages/${id}/updates${after === undefined ? '' : `?after=${after}`}`,
  );
  assert.equal(response.status, 200, response.text);
  return response.body as UpdateBody[];
}

const FINAL = new Set(['completed', 'failed', 'cancelled']);

/** Waits until every posted message is final, asking the replicas in turn (bounded). */
async function allFinal(world: SemkerWorld, timeoutMs: number): Promise<void> {
  const state = stateOf(world);
  const alive = (): number[] =>
    state.replicas
      .map((r, i) => (r.child.exitCode === null && r.child.signalCode === null ? i : -1))
      .filter((i) => i >= 0);
  await eventually(
    async () => {
      const replicas = alive();
      const response = await call(world, replicas[0]!, 'GET', '/messages?status=received&page_size=1');
      const inprogress = await call(
        world,
        replicas[replicas.length - 1]!,
        'GET',
        '/messages?status=inprogress&page_size=1',
      );
      const open =
        (response.body as { total_messages: number }).total_messages +
        (inprogress.body as { total_messages: number }).total_messages;
      return open === 0 ? true : undefined;
    },
    'every message final',
    timeoutMs,
  );
}

// --- starting and stopping -------------------------------------------------------------------------

Given("a PostgreSQL server of the scenario's own", REPLICA_STEP, async function (this: SemkerWorld) {
  stateOf(this).server = await startPostgres();
});

Given(
  'a scripted model that answers every message after {int} ms',
  REPLICA_STEP,
  async function (this: SemkerWorld, delayMs: number) {
    const model = await ScriptedOpenAiServer.start();
    // Far more replies than messages: a replica killed mid-request takes a reply with it.
    for (let n = 1; n <= 1000; n++) {
      model.enqueue({
        delayMs,
        json: { action: 'reply', agent: null, reason: 'A greeting.', reply: `Answer number ${n}` },
      });
    }
    stateOf(this).model = model;
  },
);

Given('the replicas run with the settings:', REPLICA_STEP, function (this: SemkerWorld, table: DataTable) {
  Object.assign(stateOf(this).settings, table.rowsHash());
});

Given(
  '{int} API replicas share one PostgreSQL database',
  REPLICA_STEP,
  async function (this: SemkerWorld, count: number) {
    const state = stateOf(this);
    const started = await Promise.all(Array.from({ length: count }, () => spawnReplica(this)));
    state.replicas.push(...started);
    for (let i = 0; i < count; i++) await waitReady(this, i);
  },
);

// --- a database written by an earlier version ----------------------------------------------------

Given(
  "a database at migration 2 holding a conversation whose two messages' updates interleave",
  REPLICA_STEP,
  async function (this: SemkerWorld) {
    await databaseUrl(this, { empty: true });
    const migrations = new URL('../../src/store/postgres/migrations/', import.meta.url);
    // Two messages of the scenario's conversation, as version 2 stored them: the second's receipt came
    // while the first was being answered. Times in milliseconds after `t0`.
    const t0 = Date.now() - 60_000;
    const messages = [
      { id: 'upgraded-1', updates: [0, 10, 30], receivedAt: 0, seq: 1 },
      { id: 'upgraded-2', updates: [20, 40, 50], receivedAt: 20, seq: 2 },
    ];
    await withDatabase(this, async (client) => {
      await client.query(readFileSync(new URL('001_initial.sql', migrations), 'utf8'));
      await client.query(readFileSync(new URL('002_tickets.sql', migrations), 'utf8'));
      await client.query(
        `CREATE TABLE semker_schema_migrations (
           version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now()
         );
         INSERT INTO semker_schema_migrations (version, name) VALUES (1, 'initial'), (2, 'tickets')`,
      );
      for (const message of messages) {
        const at = (ms: number): Date => new Date(t0 + ms);
        await client.query(
          `INSERT INTO semker_messages (id, conversation_id, content, status, received_at, started_at,
             completed_at, agent_name, result, update_count)
           VALUES ($1, $2, 'Hello', 'completed', $3, $3, $4, 'FAQAgent', 'Hello!', 3)`,
          [message.id, this.conversationId, at(message.receivedAt), at(message.updates[2]!)],
        );
        for (const [i, ms] of message.updates.entries()) {
          await client.query(
            `INSERT INTO semker_updates (message_id, sequence, status, processed_at, result, agent_name)
             VALUES ($1, $2, $3, $4, $5, $6)`,
            [
              message.id,
              i + 1,
              ['received', 'inprogress', 'completed'][i],
              at(ms),
              [null, 'Routing to FAQAgent', 'Hello!'][i],
              i === 0 ? null : 'FAQAgent',
            ],
          );
        }
      }
    });
    // In the order they were recorded: what a conversation stream sent of them before the upgrade.
    this.memory.set(
      'stored in order',
      JSON.stringify([
        'upgraded-1/1',
        'upgraded-1/2',
        'upgraded-2/1',
        'upgraded-1/3',
        'upgraded-2/2',
        'upgraded-2/3',
      ]),
    );
  },
);

When('replica {int} is killed with SIGKILL', REPLICA_STEP, async function (this: SemkerWorld, n: number) {
  const replica = replicaAt(this, n - 1);
  replica.child.kill('SIGKILL');
  await replica.exit;
});

When('every replica is stopped with SIGTERM', REPLICA_STEP, async function (this: SemkerWorld) {
  const state = stateOf(this);
  for (const replica of state.replicas) replica.child.kill('SIGTERM');
  const codes = await Promise.all(state.replicas.map((replica) => replica.exit));
  assert.deepEqual(
    codes,
    codes.map(() => 0),
    'a replica did not stop cleanly',
  );
});

When('the replicas are started again', REPLICA_STEP, async function (this: SemkerWorld) {
  const state = stateOf(this);
  const count = state.replicas.length;
  state.replicas = await Promise.all(Array.from({ length: count }, () => spawnReplica(this)));
  for (let i = 0; i < count; i++) await waitReady(this, i);
});

When('the PostgreSQL server stops', REPLICA_STEP, async function (this: SemkerWorld) {
  await stateOf(this).server!.stop();
});

When('the PostgreSQL server starts again', REPLICA_STEP, async function (this: SemkerWorld) {
  await stateOf(this).server!.start();
});

When(
  'a replica starts while the PostgreSQL server is down',
  REPLICA_STEP,
  async function (this: SemkerWorld) {
    const state = stateOf(this);
    const url = await databaseUrl(this);
    await state.server!.stop();
    state.replicas.push(await spawnReplica(this, { DATABASE_URL: url }));
  },
);

// --- traffic --------------------------------------------------------------------------------------

When(
  '{int} messages over {int} conversations are posted round-robin to the replicas',
  REPLICA_STEP,
  async function (this: SemkerWorld, count: number, conversations: number) {
    const state = stateOf(this);
    const replicas = state.replicas.length;
    const questions = ['Hello!', 'How much does roaming in Spain cost?', 'What is my current plan?'];
    // Each conversation's messages are posted one after the other (its order is the submission
    // order); the conversations go in parallel.
    await Promise.all(
      Array.from({ length: conversations }, async (_, c) => {
        for (let k = c; k < count; k += conversations) {
          await post(this, k % replicas, `rr-${c}`, questions[k % questions.length]!);
        }
      }),
    );
  },
);

When(
  '{int} messages over {int} conversations are posted round-robin, and replica {int} is killed with SIGKILL after {int}',
  REPLICA_STEP,
  async function (this: SemkerWorld, count: number, conversations: number, victim: number, after: number) {
    const state = stateOf(this);
    const replicas = state.replicas.length;
    let killed: Promise<unknown> | undefined;
    await Promise.all(
      Array.from({ length: conversations }, async (_, c) => {
        for (let k = c; k < count; k += conversations) {
          // Once the victim is dead, its share goes to the next replica; a post it was answering when
          // it died is sent again there, as a client (or nginx) would retry it.
          let target = k % replicas;
          if (killed && target === victim - 1) target = (target + 1) % replicas;
          try {
            await post(this, target, `kill-${c}`, 'Hello!');
          } catch (error) {
            if (!killed || target !== victim - 1 || !(error instanceof TypeError)) throw error;
            await post(this, (target + 1) % replicas, `kill-${c}`, 'Hello!');
          }
          if (!killed && state.posted.length >= after) {
            const replica = replicaAt(this, victim - 1);
            replica.child.kill('SIGKILL');
            this.memory.set('killedAt', String(Date.now()));
            killed = replica.exit;
          }
        }
      }),
    );
    await killed;
  },
);

When(
  'the customer asks {string} in conversation {string} on replica {int}',
  REPLICA_STEP,
  async function (this: SemkerWorld, message: string, conversationId: string, n: number) {
    const posted = await post(this, n - 1, conversationId, message);
    this.memory.set('last', posted.id);
    await eventually(
      async () => (FINAL.has((await statusOf(this, n - 1, posted.id)).status) ? true : undefined),
      'answered',
      30_000,
    );
  },
);

// --- what the replicas answer ----------------------------------------------------------------------

Then(
  'every message ends within {int} seconds, read from replicas other than the one that accepted it',
  REPLICA_STEP,
  async function (this: SemkerWorld, seconds: number) {
    await allFinal(this, seconds * 1000);
    const state = stateOf(this);
    const replicas = state.replicas.length;
    for (const message of state.posted) {
      const other = (message.replica + 1) % replicas;
      const status = await statusOf(this, other, message.id);
      assert.equal(status.status, 'completed', `${message.id}: ${JSON.stringify(status)}`);
    }
  },
);

/** Each message's updates, read from a live replica other than the one that accepted it when possible. */
async function updatesByMessage(world: SemkerWorld): Promise<Map<string, UpdateBody[]>> {
  const state = stateOf(world);
  const alive = state.replicas
    .map((r, i) => (r.child.exitCode === null && r.child.signalCode === null ? i : -1))
    .filter((i) => i >= 0);
  const result = new Map<string, UpdateBody[]>();
  for (const [i, message] of state.posted.entries()) {
    const candidates = alive.filter((r) => r !== message.replica);
    result.set(
      message.id,
      await updatesOf(
        world,
        (candidates.length ? candidates : alive)[i % (candidates.length || alive.length)]!,
        message.id,
      ),
    );
  }
  return result;
}

Then(
  "each conversation's messages were processed one at a time in the order they were posted, as their updates show",
  REPLICA_STEP,
  async function (this: SemkerWorld) {
    const state = stateOf(this);
    const updates = await updatesByMessage(this);
    const byConversation = new Map<string, PostedMessage[]>();
    for (const message of state.posted) {
      const list = byConversation.get(message.conversationId) ?? [];
      list.push(message);
      byConversation.set(message.conversationId, list);
    }
    for (const [conversation, messages] of byConversation) {
      for (let k = 1; k < messages.length; k++) {
        const before = updates.get(messages[k - 1]!.id)!;
        const after = updates.get(messages[k]!.id)!;
        const finished = Date.parse(before.find((u) => FINAL.has(u.status))!.processed_at);
        // The first step a worker recorded for the later message (its update after the receipt).
        const began = Date.parse(after.find((u) => u.sequence > 1)!.processed_at);
        assert.ok(
          began >= finished,
          `${conversation}: message ${k + 1} began at ${new Date(began).toISOString()}, before message ${k} ended at ${new Date(finished).toISOString()}`,
        );
      }
    }
  },
);

Then(
  'every message has exactly one final update, and it is its last',
  REPLICA_STEP,
  async function (this: SemkerWorld) {
    for (const [id, list] of await updatesByMessage(this)) {
      const finals = list.filter((u) => FINAL.has(u.status));
      assert.equal(finals.length, 1, `${id} has ${finals.length} final updates`);
      assert.equal(list.at(-1)!.sequence, finals[0]!.sequence, `${id}: an update after the final one`);
      assert.deepEqual(
        list.map((u) => u.sequence),
        list.map((_, i) => i + 1),
        `${id}: sequences with gaps`,
      );
    }
  },
);

Then(
  'every message ends completed or failed with a reason within {int} seconds of the kill, none left inprogress',
  REPLICA_STEP,
  async function (this: SemkerWorld, seconds: number) {
    const killedAt = Number(this.memory.get('killedAt'));
    await allFinal(this, seconds * 1000 - (Date.now() - killedAt));
    const state = stateOf(this);
    const live = state.replicas.findIndex((r) => r.child.exitCode === null && r.child.signalCode === null);
    for (const message of state.posted) {
      const status = await statusOf(this, live, message.id);
      assert.ok(
        status.status === 'completed' || status.status === 'failed',
        `${message.id} ended ${status.status}`,
      );
      if (status.status === 'failed') {
        const final = (await updatesOf(this, live, message.id)).at(-1)!;
        assert.ok(final.result, `${message.id} failed without a reason`);
      }
    }
  },
);

Then(
  'the killed replica had messages in flight that another replica finished',
  REPLICA_STEP,
  async function (this: SemkerWorld) {
    // Not in the API: a message the killed replica had started before it died (its first start is
    // kept) and that ended only seconds after the kill, once the queue saw its heartbeat stop and
    // another replica took it. Answering takes milliseconds here, so nothing else ends that late.
    const killedAt = Number(this.memory.get('killedAt'));
    await withDatabase(this, async (client) => {
      const { rows } = await client.query<{ count: string }>(
        `SELECT count(*) FROM semker_messages
         WHERE started_at <= to_timestamp($1 / 1000.0)
           AND completed_at >= to_timestamp($1 / 1000.0) + interval '5 seconds'`,
        [killedAt],
      );
      assert.ok(Number(rows[0]!.count) > 0, 'no message was taken over: the killed replica held none');
    });
  },
);

Then('no conversation turn was recorded twice', REPLICA_STEP, async function (this: SemkerWorld) {
  // History is not part of the HTTP API: read the table, where a repeat would show.
  await withDatabase(this, async (client) => {
    const { rows } = await client.query<{ message_id: string; turns: string }>(
      `SELECT message_id, count(*) AS turns FROM semker_conversation_turns GROUP BY message_id HAVING count(*) <> 2`,
    );
    assert.deepEqual(rows, [], 'messages whose turns were not recorded exactly once');
    const completed = await client.query<{ count: string }>(
      `SELECT count(*) FROM semker_messages WHERE status = 'completed'`,
    );
    const recorded = await client.query<{ count: string }>(
      'SELECT count(DISTINCT message_id) FROM semker_conversation_turns',
    );
    assert.equal(recorded.rows[0]!.count, completed.rows[0]!.count, 'every completed answer has its turns');
  });
});

Then(
  'replica {int} answers the status, the updates after 1, the filtered list and a 304 for the ETag of a message accepted by replica {int}',
  REPLICA_STEP,
  async function (this: SemkerWorld, reader: number, writer: number) {
    const posted = await post(this, writer - 1, 'any-replica', 'How much does roaming in Spain cost?');
    await eventually(
      async () => (FINAL.has((await statusOf(this, reader - 1, posted.id)).status) ? true : undefined),
      'final',
      30_000,
    );
    const status = await statusOf(this, reader - 1, posted.id);
    assert.equal(status.status, 'completed');
    assert.equal(status.agent_name, 'RoamingAgent');
    const all = await updatesOf(this, reader - 1, posted.id);
    const after = await updatesOf(this, reader - 1, posted.id, 1);
    assert.deepEqual(after, all.slice(1));
    const list = await call(
      this,
      reader - 1,
      'GET',
      '/messages?conversation_id=any-replica&status=completed',
    );
    assert.equal((list.body as { total_messages: number }).total_messages, 1);
    const first = await call(this, reader - 1, 'GET', `/messages/${posted.id}/status`);
    const etag = first.headers.get('etag');
    assert.ok(etag, 'no ETag');
    // fetch adds Cache-Control: no-cache to a request with If-None-Match unless it has one (see
    // api.steps.ts), and a no-cache request is never answered 304.
    const again = await call(this, writer - 1, 'GET', `/messages/${posted.id}/status`, {
      headers: { 'if-none-match': etag, 'cache-control': 'max-age=0' },
    });
    assert.equal(again.status, 304, 'the other replica does not honour the ETag');
  },
);

Then(
  'replica {int} answers {string} with a reason about Belgium from the RoamingAgent',
  REPLICA_STEP,
  async function (this: SemkerWorld, n: number, question: string) {
    const posted = await post(this, n - 1, 'restart', question);
    await eventually(
      async () => (FINAL.has((await statusOf(this, n - 1, posted.id)).status) ? true : undefined),
      'answered',
      30_000,
    );
    const status = (await statusOf(this, n - 1, posted.id)) as { status: string; agent_name: string };
    assert.equal(status.status, 'completed');
    assert.equal(status.agent_name, 'RoamingAgent');
    const updates = await updatesOf(this, n - 1, posted.id);
    assert.match(String(updates.at(-1)!.result), /Belgium/);
  },
);

Then(
  'every message posted before the restart is there with all its updates',
  REPLICA_STEP,
  async function (this: SemkerWorld) {
    const state = stateOf(this);
    assert.ok(state.posted.length > 0);
    for (const [i, message] of state.posted.entries()) {
      const status = await statusOf(this, i % state.replicas.length, message.id);
      assert.equal(status.status, 'completed');
      const updates = await updatesOf(this, (i + 1) % state.replicas.length, message.id);
      assert.equal(updates[0]!.status, 'received');
      assert.equal(updates.at(-1)!.status, 'completed');
    }
  },
);

// --- faults ---------------------------------------------------------------------------------------

Then(
  'replica {int} is not ready, saying the database is {string}',
  REPLICA_STEP,
  async function (this: SemkerWorld, n: number, state: string) {
    const response = await eventually(
      async () => {
        const r = await call(this, n - 1, 'GET', '/ready');
        return (r.body as { checks?: { database?: string } }).checks?.database === state ? r : undefined;
      },
      `database ${state}`,
      30_000,
    );
    assert.equal(response.status, 503);
    assert.ok(response.headers.get('retry-after'));
  },
);

Then(
  'posting to replica {int} is refused with 503 and Retry-After',
  REPLICA_STEP,
  async function (this: SemkerWorld, n: number) {
    const response = await call(this, n - 1, 'POST', '/messages', {
      headers: { 'x-ms-conversation-id': 'outage' },
      body: { message: 'Hello!' },
    });
    assert.equal(response.status, 503, response.text);
    assert.ok(response.headers.get('retry-after'));
    assert.match(response.headers.get('content-type') ?? '', /^application\/problem\+json/);
  },
);

Then(
  'reading a message from replica {int} is a 503 problem',
  REPLICA_STEP,
  async function (this: SemkerWorld, n: number) {
    const id = stateOf(this).posted[0]!.id;
    const response = await call(this, n - 1, 'GET', `/messages/${id}/status`);
    assert.equal(response.status, 503, response.text);
    assert.match(response.headers.get('content-type') ?? '', /^application\/problem\+json/);
    assert.doesNotMatch(response.text, /postgres|127\.0\.0\.1|password|ECONN/i);
  },
);

Then(
  'replica {int} becomes ready again and answers a new message',
  REPLICA_STEP,
  async function (this: SemkerWorld, n: number) {
    await waitReady(this, n - 1);
    const posted = await post(this, n - 1, 'after-outage', 'How much does roaming in Spain cost?');
    await eventually(
      async () => ((await statusOf(this, n - 1, posted.id)).status === 'completed' ? true : undefined),
      'answered',
      30_000,
    );
  },
);

Then(
  'no replica crashed, and none logged the database password',
  REPLICA_STEP,
  async function (this: SemkerWorld) {
    for (const replica of stateOf(this).replicas) {
      assert.equal(replica.child.exitCode, null, `a replica exited: ${replica.stderr}`);
      const url = new URL(replica.env.DATABASE_URL!);
      for (const output of [replica.stdout, replica.stderr]) {
        assert.ok(!output.includes(url.password), 'the password is in the output');
        assert.ok(!output.includes(replica.env.DATABASE_URL!), 'the connection string is in the output');
        assert.doesNotMatch(output, /Unhandled|unhandledRejection/);
      }
    }
  },
);

// --- idempotency and the rate limit across replicas -----------------------------------------------------

When(
  'the same post with one Idempotency-Key is sent to replicas 1 and 2 at once, {int} times with new keys',
  REPLICA_STEP,
  async function (this: SemkerWorld, rounds: number) {
    const state = stateOf(this);
    for (let round = 0; round < rounds; round++) {
      const send = (index: number): Promise<Response> =>
        call(this, index, 'POST', '/messages', {
          headers: { 'x-ms-conversation-id': `idem-${round}`, 'idempotency-key': `key-${round}` },
          body: { message: 'Hello!' },
        });
      state.responses.push(...(await Promise.all([send(0), send(1)])));
    }
  },
);

Then(
  'each pair made one message: the other replica replayed it or answered 409',
  REPLICA_STEP,
  async function (this: SemkerWorld) {
    const { responses } = stateOf(this);
    for (let i = 0; i < responses.length; i += 2) {
      const pair = [responses[i]!, responses[i + 1]!];
      const created = pair.filter((r) => r.status === 201);
      assert.ok(created.length >= 1, `no 201 in round ${i / 2}: ${pair.map((r) => r.text).join(' | ')}`);
      const ids = new Set(created.map((r) => (r.body as { message_id: string }).message_id));
      assert.equal(ids.size, 1, `round ${i / 2} made ${ids.size} messages`);
      for (const r of pair)
        assert.ok(r.status === 201 || r.status === 409, `round ${i / 2}: ${r.status} ${r.text}`);
      if (created.length === 2) {
        assert.ok(
          created.some((r) => r.headers.get('idempotent-replayed') === 'true'),
          'two 201s, neither a replay',
        );
      }
      const list = await call(this, 0, 'GET', `/messages?conversation_id=idem-${i / 2}`);
      assert.equal((list.body as { total_messages: number }).total_messages, 1);
    }
  },
);

Then(
  'requests alternating between replicas 1 and 2 are refused with 429 after {int} in all',
  REPLICA_STEP,
  async function (this: SemkerWorld, limit: number) {
    for (let n = 0; n < limit; n++) {
      const response = await call(this, n % 2, 'GET', '/messages');
      assert.equal(response.status, 200, `request ${n + 1}: ${response.text}`);
    }
    for (const index of [0, 1]) {
      const response = await call(this, index, 'GET', '/messages');
      assert.equal(response.status, 429, `replica ${index + 1} did not count the other's requests`);
      assert.ok(response.headers.get('retry-after'));
    }
  },
);

When(
  '{int} messages of one conversation are posted to replicas 1 and 2 in turn',
  REPLICA_STEP,
  async function (this: SemkerWorld, count: number) {
    // One conversation: they finish in the order they were posted, which retention's "oldest first" follows.
    for (let n = 0; n < count; n++) await post(this, n % 2, 'retention', 'Hello!');
  },
);

/** The tables a soak must keep flat: the service's, and pg-boss's jobs (all its queues). */
const SOAK_TABLES = [
  'semker_messages',
  'semker_updates',
  'semker_conversation_turns',
  'semker_idempotency_keys',
  'semker_rate_limits',
  'pgboss.job',
] as const;

When(
  '{int} waves of {int} messages over {int} conversations are answered, the rows of every table counted after each wave once retention has run',
  // Each wave waits for a retention pass, which comes every minute on the default schedule
  // (RETENTION_INTERVAL_SECONDS makes it seconds).
  { timeout: 480_000 },
  async function (this: SemkerWorld, waves: number, perWave: number, conversations: number) {
    const state = stateOf(this);
    const retention = Number(state.settings.MESSAGE_RETENTION);
    const questions = ['How much was my bill last month?', 'How much does roaming in Spain cost?', 'Hello!'];
    const samples: Array<Record<string, number>> = [];
    await withDatabase(this, async (client) => {
      const count = async (table: string): Promise<number> =>
        Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`)).rows[0]!.n);
      for (let wave = 0; wave < waves; wave++) {
        // The same conversations every wave, so their history reaches CONVERSATION_MAX_TURNS and stays.
        const ids = await Promise.all(
          Array.from({ length: conversations }, async (_, c) => {
            const posted: string[] = [];
            for (let k = c; k < perWave; k += conversations) {
              const message = await post(this, k % 2, `soak-${c}`, questions[k % questions.length]!);
              posted.push(message.id);
            }
            return posted;
          }),
        );
        for (const [n, id] of ids.flat().entries()) {
          await eventually(
            async () => (FINAL.has((await statusOf(this, (n + 1) % 2, id)).status) ? true : undefined),
            'the wave answered',
            60_000,
          );
        }
        // A pass after the wave has brought the finished messages back to MESSAGE_RETENTION.
        await eventually(
          async () => ((await count('semker_messages')) <= retention ? true : undefined),
          'retention ran after the wave',
          100_000,
        );
        const sample: Record<string, number> = {};
        for (const table of SOAK_TABLES) sample[table] = await count(table);
        samples.push(sample);
      }
    });
    this.memory.set('soak', JSON.stringify(samples));
  },
);

Then(
  'from the third wave on no table holds more rows than it did after the first two',
  async function (this: SemkerWorld) {
    const samples = JSON.parse(this.memory.get('soak') ?? '[]') as Array<Record<string, number>>;
    assert.ok(samples.length >= 3, 'at least three waves');
    this.attach(`rows after each wave:\n${JSON.stringify(samples, null, 2)}`, 'text/plain');
    for (const table of SOAK_TABLES) {
      const filled = Math.max(samples[0]![table]!, samples[1]![table]!);
      // pg-boss deletes finished jobs on its maintenance pass, which may fall either side of a sample:
      // a wave's worth of jobs is the slack, not a trend.
      const slack = table === 'pgboss.job' ? 45 : Math.ceil(filled * 0.1);
      for (const [wave, sample] of samples.entries()) {
        if (wave < 2) continue;
        assert.ok(
          sample[table]! <= filled + slack,
          `${table} grew: ${sample[table]} rows after wave ${wave + 1}, ${filled} after the first two (${JSON.stringify(samples.map((s) => s[table]))})`,
        );
      }
    }
  },
);

When(
  '{int} messages are posted to replicas 1 and 2 in turn',
  REPLICA_STEP,
  async function (this: SemkerWorld, count: number) {
    const state = stateOf(this);
    for (let n = 0; n < count; n++) {
      const response = await call(this, n % 2, 'POST', '/messages', {
        headers: { 'x-ms-conversation-id': `cap-${n % 3}` },
        body: { message: 'Hello!' },
      });
      state.responses.push(response);
      if (response.status === 201) {
        state.posted.push({
          id: (response.body as { message_id: string }).message_id,
          conversationId: `cap-${n % 3}`,
          replica: n % 2,
        });
      }
    }
  },
);

Then(
  'at most {int} were accepted, the rest refused by both replicas with 503 and Retry-After, and every accepted one ends',
  REPLICA_STEP,
  async function (this: SemkerWorld, most: number) {
    const { responses, posted } = stateOf(this);
    const refused = responses.filter((r) => r.status === 503);
    assert.ok(posted.length <= most, `${posted.length} accepted`);
    assert.equal(posted.length + refused.length, responses.length, responses.map((r) => r.status).join(','));
    assert.ok(refused.length > 0, 'nothing was refused');
    for (const r of refused) {
      assert.ok(r.headers.get('retry-after'));
      assert.match(String((r.body as { detail: string }).detail), /queue is full/);
    }
    const byReplica = new Set(responses.map((r, i) => (r.status === 503 ? i % 2 : -1)).filter((i) => i >= 0));
    assert.equal(byReplica.size, 2, 'only one replica refused');
    await allFinal(this, 60_000);
  },
);

// --- migrations and retention -------------------------------------------------------------------------

Then('the database holds each migration once', REPLICA_STEP, async function (this: SemkerWorld) {
  await withDatabase(this, async (client) => {
    const { rows } = await client.query<{ version: number; n: string }>(
      'SELECT version, count(*) AS n FROM semker_schema_migrations GROUP BY version',
    );
    assert.ok(rows.length > 0);
    for (const row of rows) assert.equal(row.n, '1');
  });
});

Then('every replica answers a message', REPLICA_STEP, async function (this: SemkerWorld) {
  const state = stateOf(this);
  for (let i = 0; i < state.replicas.length; i++) {
    const posted = await post(this, i, `each-${i}`, 'Hello!');
    await eventually(
      async () =>
        (await statusOf(this, (i + 1) % state.replicas.length, posted.id)).status === 'completed'
          ? true
          : undefined,
      'answered',
      30_000,
    );
  }
});

Then(
  'the list eventually holds only the newest {int} messages, and each of them still has its updates',
  REPLICA_STEP,
  async function (this: SemkerWorld, count: number) {
    await allFinal(this, 60_000);
    const state = stateOf(this);
    const listed = await eventually(
      async () => {
        const response = await call(this, 0, 'GET', '/messages?page_size=100');
        const body = response.body as { total_messages: number; messages: { message_id: string }[] };
        return body.total_messages === count ? body.messages : undefined;
      },
      `only ${count} messages left`,
      60_000,
    );
    const newest = state.posted
      .slice(-count)
      .map((m) => m.id)
      .reverse();
    assert.deepEqual(
      listed.map((m) => m.message_id),
      newest,
    );
    for (const id of newest) assert.ok((await updatesOf(this, 1, id)).length >= 3);
    const gone = await call(this, 1, 'GET', `/messages/${state.posted[0]!.id}/status`);
    assert.equal(gone.status, 404);
  },
);

// --- the real nginx in front of the replicas (@system) -------------------------------------------------

const edges = new WeakMap<SemkerWorld, RunningNginx>();

Given('nginx is proxying to every replica', REPLICA_STEP, async function (this: SemkerWorld) {
  const upstream = stateOf(this).replicas.map((replica) => `127.0.0.1:${replica.port}`);
  const nginx = await startTestNginx({ upstream, listenPort: await freePort() });
  edges.set(this, nginx);
  this.onCleanup(() => nginx.stop());
});

async function throughNginx(
  world: SemkerWorld,
  method: string,
  path: string,
  body?: unknown,
): Promise<Response> {
  const nginx = edges.get(world);
  assert.ok(nginx, 'nginx is not running');
  const response = await fetch(`${nginx.baseUrl}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json', 'x-ms-conversation-id': 'edge' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: response.status, headers: response.headers, body: parsed, text };
}

When(
  '{int} messages are posted through nginx, each read back through nginx until answered',
  REPLICA_STEP,
  async function (this: SemkerWorld, count: number) {
    for (let n = 0; n < count; n++) {
      const posted = await throughNginx(this, 'POST', '/messages', {
        message: 'How much does roaming in Spain cost?',
      });
      assert.equal(posted.status, 201, posted.text);
      const id = (posted.body as { message_id: string }).message_id;
      stateOf(this).posted.push({ id, conversationId: 'edge', replica: -1 });
      await eventually(
        async () => {
          const status = await throughNginx(this, 'GET', `/messages/${id}/status`);
          assert.equal(status.status, 200, status.text);
          return (status.body as { status: string }).status === 'completed' ? true : undefined;
        },
        `message ${n + 1} answered through nginx`,
        30_000,
      );
    }
  },
);

Then('nginx sent requests to every replica', REPLICA_STEP, async function (this: SemkerWorld) {
  const nginx = edges.get(this)!;
  // The access log is written as requests finish; every request of the step above has finished.
  const lines = readFileSync(nginx.accessLog, 'utf8').split('\n').filter(Boolean);
  const upstreams = new Set(
    lines.map((line) => (JSON.parse(line) as { upstream_addr: string }).upstream_addr),
  );
  for (const replica of stateOf(this).replicas) {
    assert.ok(
      upstreams.has(`127.0.0.1:${replica.port}`),
      `replica on ${replica.port} got nothing: ${[...upstreams].join(', ')}`,
    );
  }
});

Then(
  'with replica {int} killed, every message is still read through nginx',
  REPLICA_STEP,
  async function (this: SemkerWorld, n: number) {
    const replica = replicaAt(this, n - 1);
    replica.child.kill('SIGKILL');
    await replica.exit;
    // nginx passes a GET that fails to connect on to the next replica (proxy_next_upstream error).
    for (const { id } of stateOf(this).posted) {
      const status = await throughNginx(this, 'GET', `/messages/${id}/status`);
      assert.equal(status.status, 200, status.text);
      assert.equal((status.body as { status: string }).status, 'completed');
    }
  },
);

// --- a replica stopped with SIGTERM hands its messages back ------------------------------------------

When(
  '{int} messages in as many conversations are posted to replica {int}, which is stopped with SIGTERM while it answers them',
  REPLICA_STEP,
  async function (this: SemkerWorld, count: number, n: number) {
    for (let k = 0; k < count; k++) await post(this, n - 1, `handback-${k}`, 'Hello!');
    const replica = replicaAt(this, n - 1);
    // Once it has begun some of them (its steps are recorded only after the slow model answers, so
    // wait for the worker's own in-flight count on /health).
    await eventually(
      async () => {
        const health = await call(this, n - 1, 'GET', '/health');
        return Number((health.body as { checks: { in_flight: string } }).checks.in_flight) > 0
          ? true
          : undefined;
      },
      'the replica runs a message',
      30_000,
    );
    replica.child.kill('SIGTERM');
    assert.equal(await replica.exit, 0, replica.stderr);
  },
);

Then(
  'the stopped replica handed unfinished messages back, and the other replica completed every message',
  REPLICA_STEP,
  async function (this: SemkerWorld) {
    const state = stateOf(this);
    const stopped = state.replicas.find((r) => r.child.exitCode !== null)!;
    const line = stopped.stdout.split('\n').find((l) => l.includes('shutdown grace period over'));
    assert.ok(line && (JSON.parse(line) as { handedBack: boolean }).handedBack, 'nothing was handed back');
    await allFinal(this, 60_000);
    const live = state.replicas.findIndex((r) => r.child.exitCode === null);
    for (const message of state.posted) {
      const status = await statusOf(this, live, message.id);
      assert.equal(status.status, 'completed', `${message.id} ended ${status.status}`);
    }
  },
);

// --- npm run db:migrate -----------------------------------------------------------------------------

When(
  "npm run db:migrate runs against the scenario's database",
  REPLICA_STEP,
  async function (this: SemkerWorld) {
    // What `npm run db:migrate` runs, compiled, without npm's wrapper.
    const child = spawnService(await serviceArgs('composition/db-migrate'), {
      DATABASE_URL: await databaseUrl(this, { empty: true }),
      LOG_LEVEL: 'info',
    });
    this.onCleanup(() => stopService(child));
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const [code] = (await once(child, 'exit')) as [number | null];
    assert.equal(code, 0, output);
    assert.match(output, /migrations applied/);
    assert.ok(!output.includes('semker-test-password'), 'the password is in the output');
  },
);

Then(
  "the database has the service's tables and the queue's schema",
  REPLICA_STEP,
  async function (this: SemkerWorld) {
    await withDatabase(this, async (client) => {
      const { rows } = await client.query<{ name: string }>(
        `SELECT table_schema || '.' || table_name AS name FROM information_schema.tables
       WHERE table_name IN ('semker_messages', 'semker_updates', 'semker_conversation_turns', 'job')`,
      );
      const names = rows.map((row) => row.name).sort();
      assert.deepEqual(names, [
        'pgboss.job',
        'public.semker_conversation_turns',
        'public.semker_messages',
        'public.semker_updates',
      ]);
    });
  },
);
