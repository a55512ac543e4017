import { Given, Then, When, type DataTable } from '@cucumber/cucumber';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { formatYearMonth, monthsAgo } from '../../src/domains/slots.ts';
import { OtlpReceiver, SPAN_KIND, STATUS_CODE, type ReceivedSpan } from '../support/otlp-receiver.ts';
import { ScriptedOpenAiServer } from '../support/scripted-openai-server.ts';
import type { SemkerWorld } from '../support/world.ts';
import { CHILD_ENV } from '../support/child-env.ts';

/**
 * The traced scenarios run the service (and the MCP host) as operating-system processes started the
 * way production starts them, with the OpenTelemetry preload before the application
 * (`--import ./src/telemetry/preload.ts`): the instrumentations must patch express, http and pino
 * before they are imported, which an in-process test cannot honestly do once the world has
 * imported the app. They export over OTLP gRPC to a receiver in this process, on short intervals;
 * the steps wait on the receiver's arrivals, never on a clock.
 */

/** A started process and what it wrote. */
interface TracedProcess {
  child: ChildProcess;
  stdout: string;
  stderr: string;
}

/** Each scenario's receiver, processes and last message, kept beside the world (it belongs to the common support). */
interface Traced {
  receiver: OtlpReceiver;
  api?: { process: TracedProcess; url: string };
  mcp?: { process: TracedProcess; url: string };
  model?: ScriptedOpenAiServer;
  message?: { id: string; text: string; traceId: string };
}

const state = new WeakMap<SemkerWorld, Traced>();

function traced(world: SemkerWorld): Traced {
  const found = state.get(world);
  assert.ok(found, 'no OTLP receiver: start one with "Given an OTLP receiver is listening"');
  return found;
}

/** Short export delays so spans and metrics reach the receiver within milliseconds. */
const telemetryEnv = (receiver: OtlpReceiver): Record<string, string> => ({
  OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
  OTEL_BSP_SCHEDULE_DELAY: '20',
  // Long enough that an export finishes within it on a loaded machine (the export timeout is the interval).
  OTEL_METRIC_EXPORT_INTERVAL: '500',
  OTEL_LOG_LEVEL: 'warn',
});

/** Starts `entry` with the telemetry preload and resolves with the JSON log line matching `ready`. */
async function startTraced(
  world: SemkerWorld,
  entry: string,
  env: Record<string, string>,
  ready: RegExp,
): Promise<{ process: TracedProcess; line: Record<string, unknown> }> {
  // `node --import tsx --import ./src/telemetry/preload.ts` is what `tsx --import ./src/telemetry/preload.ts` runs, minus
  // the tsx CLI's own wrapper process: the child is the service itself, so killing it stops it.
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--import', './src/telemetry/preload.ts', entry],
    {
      env: { ...CHILD_ENV, NODE_ENV: 'production', LOG_LEVEL: 'info', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const proc: TracedProcess = { child, stdout: '', stderr: '' };
  world.onCleanup(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  child.stderr.on('data', (chunk: Buffer) => (proc.stderr += chunk.toString()));
  child.stdout.on('data', (chunk: Buffer) => (proc.stdout += chunk.toString()));
  const line = await new Promise<string>((resolve, reject) => {
    const done = (): void => {
      clearTimeout(timer);
      child.stdout.off('data', check);
      child.off('exit', exited);
    };
    const check = (): void => {
      const found = proc.stdout.split('\n').find((l) => ready.test(l));
      if (!found) return;
      done();
      resolve(found);
    };
    const exited = (code: number | null): void => {
      done();
      reject(new Error(`${entry} exited with ${code}:\n${proc.stdout}\n${proc.stderr}`));
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`${entry} did not log ${ready} within 20 s:\n${proc.stdout}\n${proc.stderr}`));
    }, 20_000);
    // Registered after the collecting listener, so it sees each chunk already appended.
    child.stdout.on('data', check);
    child.on('exit', exited);
  });
  return { process: proc, line: JSON.parse(line) as Record<string, unknown> };
}

/** The token the MCP host requires of the API before it serves a named customer (MCP_AUTH_TOKEN). */
const PLATFORM_TOKEN = 'platform-token-for-the-tracing-tests';

async function startApi(world: SemkerWorld, env: Record<string, string> = {}): Promise<void> {
  const t = traced(world);
  const { process: proc, line } = await startTraced(
    world,
    'src/composition/main.ts',
    { HOST: '127.0.0.1', PORT: '0', OTEL_SERVICE_NAME: 'semker-api', ...telemetryEnv(t.receiver), ...env },
    /Semker listening/,
  );
  t.api = { process: proc, url: `http://127.0.0.1:${String(line.port)}` };
}

/** The trace as `name (service)` lines, for failure messages. */
const describeTrace = (spans: readonly ReceivedSpan[]): string =>
  spans.map((s) => `${s.name} (${s.service}) ${s.spanId} ← ${s.parentSpanId ?? 'root'}`).join('\n  ');

/** True when `ancestor` is `span`'s parent, or (when `deep`) any span above it. */
function isUnder(
  span: ReceivedSpan,
  ancestor: ReceivedSpan,
  spans: readonly ReceivedSpan[],
  deep: boolean,
): boolean {
  let parentId = span.parentSpanId;
  while (parentId) {
    if (parentId === ancestor.spanId) return true;
    if (!deep) return false;
    parentId = spans.find((s) => s.spanId === parentId)?.parentSpanId;
  }
  return false;
}

const KINDS: Record<string, number> = {
  internal: SPAN_KIND.INTERNAL,
  server: SPAN_KIND.SERVER,
  client: SPAN_KIND.CLIENT,
  producer: SPAN_KIND.PRODUCER,
  consumer: SPAN_KIND.CONSUMER,
};

interface ExpectedSpan {
  span: string;
  service: string;
  kind: string;
  parent: string;
  link: string;
}

/** Whether the trace has a span matching the row: name, service, kind, and where it hangs. */
function hasSpan(spans: readonly ReceivedSpan[], row: ExpectedSpan): boolean {
  const candidates = spans.filter(
    (s) => s.name === row.span && s.service === row.service && s.kind === KINDS[row.kind],
  );
  if (row.link === 'root') return candidates.some((s) => s.parentSpanId === undefined);
  const parents = spans.filter((s) => s.name === row.parent);
  return candidates.some((s) => parents.some((p) => isUnder(s, p, spans, row.link === 'descendant')));
}

/** The spans of the last message's trace. */
function messageTrace(world: SemkerWorld): ReceivedSpan[] {
  const t = traced(world);
  assert.ok(t.message, 'no traced message was sent');
  return t.receiver.trace(t.message.traceId);
}

function spanNamed(world: SemkerWorld, name: string): ReceivedSpan {
  const spans = messageTrace(world);
  const span = spans.find((s) => s.name === name);
  assert.ok(span, `no span "${name}" in the trace:\n  ${describeTrace(spans)}`);
  return span;
}

const lastMonth = (): string => formatYearMonth(monthsAgo(new Date(), 1));

// --- set-up --------------------------------------------------------------------------------------

Given('an OTLP receiver is listening', async function (this: SemkerWorld) {
  const receiver = await OtlpReceiver.start();
  state.set(this, { receiver });
  this.onCleanup(() => receiver.close());
});

Given('the service runs with tracing on', async function (this: SemkerWorld) {
  await startApi(this);
});

Given(
  'the service runs with tracing on, with the planner in a worker thread',
  async function (this: SemkerWorld) {
    await startApi(this, { WORKER_THREADS: '1' });
  },
);

Given('the MCP host runs as its own process with tracing on', async function (this: SemkerWorld) {
  const t = traced(this);
  const { process: proc, line } = await startTraced(
    this,
    'src/composition/mcp-host.ts',
    {
      MCP_HOST: '127.0.0.1',
      MCP_PORT: '0',
      MCP_AUTH_TOKEN: PLATFORM_TOKEN,
      OTEL_SERVICE_NAME: 'semker-mcp',
      ...telemetryEnv(t.receiver),
    },
    /MCP host listening/,
  );
  t.mcp = { process: proc, url: String(line.url) };
});

Given(
  'the service runs with tracing on, reaching the billing MCP server over HTTP',
  async function (this: SemkerWorld) {
    const mcp = traced(this).mcp;
    assert.ok(mcp, 'the MCP host is not running');
    // At debug the MCP client also logs while it opens its session: one more line inside the message.
    await startApi(this, {
      MCP_BILLING_URL: `${mcp.url}/billing/mcp`,
      MCP_AUTH_TOKEN: PLATFORM_TOKEN,
      LOG_LEVEL: 'debug',
    });
  },
);

Given(
  'the service runs with tracing on, with the billing MCP server unreachable',
  async function (this: SemkerWorld) {
    // Port 1 on loopback refuses connections at once; no retries stretch the scenario.
    await startApi(this, { MCP_BILLING_URL: 'http://127.0.0.1:1/billing/mcp', MCP_TIMEOUT_MS: '2000' });
  },
);

Given(
  'a scripted model that routes to billing, calls get_billing_data for last month and answers {string}',
  async function (this: SemkerWorld, answer: string) {
    const model = await ScriptedOpenAiServer.start();
    this.onCleanup(() => model.close());
    model.enqueue(
      { json: { action: 'delegate', agent: 'billing', reason: 'A billing question.', reply: null } },
      { toolCalls: [{ name: 'get_billing_data', arguments: { month: lastMonth() } }] },
      { content: answer },
    );
    traced(this).model = model;
  },
);

Given(
  /^the service runs with tracing on, answering with the scripted model( in a worker thread)?$/,
  async function (this: SemkerWorld, inThread: string | undefined) {
    const model = traced(this).model;
    assert.ok(model, 'no scripted model');
    await startApi(this, {
      LLM_PROVIDER: 'openai',
      OPENAI_API_KEY: 'sk-test-observability',
      OPENAI_BASE_URL: `${model.url}/v1`,
      OPENAI_MODEL: 'gpt-4o-mini',
      LLM_MAX_RETRIES: '0',
      ...(inThread ? { WORKER_THREADS: '1' } : {}),
    });
  },
);

// --- the message ---------------------------------------------------------------------------------

When('a customer asks the traced service {string}', async function (this: SemkerWorld, text: string) {
  const t = traced(this);
  assert.ok(t.api, 'the traced service is not running');
  const response = await fetch(`${t.api.url}/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-ms-conversation-id': this.conversationId },
    body: JSON.stringify({ message: text }),
  });
  assert.equal(response.status, 201, await response.clone().text());
  const { message_id: id } = (await response.json()) as { message_id: string };
  // The worker's span ends right after the final update is recorded: its arrival means "finished".
  const processed = await t.receiver.waitFor(
    () =>
      t.receiver.spans.find((s) => s.name === 'message.process' && s.attributes['semker.message.id'] === id),
    `the message.process span of message ${id}`,
  );
  t.message = { id, text, traceId: processed.traceId };
});

// --- traces --------------------------------------------------------------------------------------

Then(
  "the receiver gets the message's trace, in which:",
  async function (this: SemkerWorld, table: DataTable) {
    const t = traced(this);
    const rows = table.hashes() as unknown as ExpectedSpan[];
    // Spans from two processes arrive in separate exports: wait until every expected one is there.
    await t.receiver
      .waitFor(() => rows.every((row) => hasSpan(messageTrace(this), row)), 'every expected span')
      .catch(() => undefined);
    const spans = messageTrace(this);
    for (const row of rows) {
      assert.ok(
        hasSpan(spans, row),
        `no ${row.kind} span "${row.span}" of ${row.service} ${row.link === 'root' ? 'as the root' : `${row.link === 'child' ? 'directly under' : 'under'} "${row.parent}"`} in:\n  ${describeTrace(spans)}`,
      );
    }
  },
);

Then(
  'the span {string} has the attribute {string} = {string}',
  function (this: SemkerWorld, name: string, key: string, value: string) {
    assert.equal(String(spanNamed(this, name).attributes[key]), value);
  },
);

Then(
  "every span of the message's processing carries its message id and conversation id",
  function (this: SemkerWorld) {
    const t = traced(this);
    const spans = messageTrace(this);
    const processing = spans.find((s) => s.name === 'message.process')!;
    const inside = spans.filter((s) => s === processing || isUnder(s, processing, spans, true));
    const mine = inside.filter((s) => s.service === 'semker-api');
    assert.ok(mine.length >= 4, describeTrace(spans));
    for (const span of mine) {
      assert.equal(span.attributes['semker.message.id'], t.message!.id, `${span.name} lacks the message id`);
      assert.equal(
        span.attributes['semker.conversation.id'],
        this.conversationId,
        `${span.name} lacks the conversation id`,
      );
    }
  },
);

/** Every string in an attribute value, however nested. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

Then("no span carries the customer's words or the answer", async function (this: SemkerWorld) {
  const t = traced(this);
  const message = t.message!;
  const updates = (await (await fetch(`${t.api!.url}/messages/${message.id}/updates`)).json()) as {
    status: string;
    result: string;
  }[];
  const answer = updates.find((u) => u.status === 'completed')?.result ?? '';
  assert.ok(answer.length > 20, 'the message has no answer to look for');
  // The whole text, and any stretch of 12 characters of it (e.g. a truncated copy).
  const pieces = (text: string): string[] =>
    Array.from({ length: Math.max(1, text.length - 11) }, (_, i) => text.slice(i, i + 12).toLowerCase());
  const forbidden = [...pieces(message.text), ...pieces(answer)];
  for (const span of t.receiver.spans) {
    const texts = [
      span.name,
      span.status.message,
      ...strings(span.attributes),
      ...span.events.flatMap((e) => [e.name, ...strings(e.attributes)]),
    ];
    for (const text of texts.map((s) => s.toLowerCase())) {
      const leak = forbidden.find((piece) => text.includes(piece));
      assert.equal(leak, undefined, `span "${span.name}" (${span.service}) carries "${leak}" in "${text}"`);
    }
  }
});

Then(
  'the model call spans follow the GenAI semantic conventions:',
  function (this: SemkerWorld, table: DataTable) {
    const calls = messageTrace(this).filter((s) => s.attributes['gen_ai.operation.name'] === 'chat');
    assert.equal(calls.length, 3, 'one span per model call: routing, the tool call, the answer');
    for (const span of calls) {
      for (const [key, value] of Object.entries(table.rowsHash())) {
        assert.equal(String(span.attributes[key]), value, `${span.name}: ${key}`);
      }
      for (const key of ['gen_ai.usage.input_tokens', 'gen_ai.usage.output_tokens']) {
        assert.equal(typeof span.attributes[key], 'number', `${span.name}: ${key}`);
      }
    }
  },
);

Then('the message failed', async function (this: SemkerWorld) {
  const t = traced(this);
  const status = (await (await fetch(`${t.api!.url}/messages/${t.message!.id}/status`)).json()) as {
    status: string;
  };
  assert.equal(status.status, 'failed');
});

Then(
  'the span {string} failed with a reason containing {string}',
  function (this: SemkerWorld, name: string, reason: string) {
    const span = spanNamed(this, name);
    assert.equal(span.status.code, STATUS_CODE.ERROR, `${name} status: ${JSON.stringify(span.status)}`);
    assert.ok(span.status.message.includes(reason), span.status.message);
    assert.ok(span.attributes['error.type'], `${name} has no error.type`);
  },
);

Then(
  'the http and express instrumentations applied, and the SDK warned of nothing',
  function (this: SemkerWorld) {
    const spans = messageTrace(this);
    const server = spans.find((s) => s.kind === SPAN_KIND.SERVER && s.parentSpanId === undefined);
    assert.equal(server?.scope, '@opentelemetry/instrumentation-http', describeTrace(spans));
    // The route in the server span's name and attributes is the express instrumentation's doing.
    assert.equal(server.attributes['http.route'], '/messages');
    // …and it adds no span of its own: the request handler's would repeat the server span.
    const express = spans.filter((s) => s.scope === '@opentelemetry/instrumentation-express');
    assert.deepEqual(express, [], describeTrace(spans));
    // OTEL_LOG_LEVEL=warn: the SDK's own warnings ("module … loaded before …", export failures) go to stderr.
    assert.equal(traced(this).api!.process.stderr.trim(), '');
  },
);

// --- status, metrics, logs -------------------------------------------------------------------------

Then('its status names the trace the receiver got', async function (this: SemkerWorld) {
  const t = traced(this);
  const status = (await (await fetch(`${t.api!.url}/messages/${t.message!.id}/status`)).json()) as {
    trace_id: string | null;
  };
  assert.match(String(status.trace_id), /^[0-9a-f]{32}$/);
  assert.equal(status.trace_id, t.message!.traceId);
  const server = t.receiver
    .trace(status.trace_id!)
    .find((s) => s.kind === SPAN_KIND.SERVER && s.name === 'POST /messages');
  assert.ok(server, 'the trace does not start at the POST /messages server span');
});

Then('its status has no trace id', async function (this: SemkerWorld) {
  const response = await this.request('GET', `/messages/${this.lastMessageId}/status`);
  assert.equal(response.status, 200);
  const body = response.body as Record<string, unknown>;
  assert.ok('trace_id' in body, 'the status has no trace_id field');
  assert.equal(body.trace_id, null);
});

Then('its \\/metrics answers Prometheus text with:', async function (this: SemkerWorld, table: DataTable) {
  const t = traced(this);
  const response = await fetch(`${t.api!.url}/metrics`);
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', /^text\/plain/);
  const text = await response.text();
  const samples = text.split('\n').filter((l) => l && !l.startsWith('#'));
  for (const [metric] of table.raw()) {
    const wanted = metric!.trim();
    const [name, labels] = wanted.includes('{')
      ? [wanted.slice(0, wanted.indexOf('{')), wanted.slice(wanted.indexOf('{') + 1, -1)]
      : [wanted, ''];
    const found = samples.find(
      (l) =>
        (l.startsWith(`${name}{`) || l.startsWith(`${name} `)) &&
        labels.split(',').every((label) => l.includes(label)),
    );
    assert.ok(
      found,
      `no sample ${wanted} in:\n${samples.filter((l) => l.startsWith('semker') || l.startsWith('gen_ai')).join('\n')}`,
    );
  }
});

Then('the receiver gets its metrics over OTLP', async function (this: SemkerWorld) {
  const t = traced(this);
  await t.receiver.waitFor(() => t.receiver.metricExports > 0, 'a metrics export');
});

Then(
  "every log line it wrote for the message carries the message's trace id and one of its span ids",
  function (this: SemkerWorld) {
    const t = traced(this);
    const message = t.message!;
    const spans = t.receiver.trace(message.traceId);
    const lines = t
      .api!.process.stdout.split('\n')
      .filter((l) => l.trim().startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const mine = lines.filter(
      (l) =>
        l.message_id === message.id ||
        (l.req as { url?: string } | undefined)?.url === '/messages' ||
        l.trace_id === message.traceId,
    );
    // The POST's access line, and the worker's and the MCP client's lines while processing.
    assert.ok(mine.length >= 3, `too few lines for the message:\n${t.api!.process.stdout}`);
    for (const line of mine) {
      assert.equal(line.trace_id, message.traceId, JSON.stringify(line));
      assert.ok(
        spans.some((s) => s.spanId === line.span_id),
        `span_id ${String(line.span_id)} is not a span of the trace: ${JSON.stringify(line)}`,
      );
    }
    // Every line written inside a request or a message carries a trace id; only start-up lines do not.
    const untraced = lines.filter((l) => !l.trace_id && !String(l.msg).startsWith('Semker listening'));
    assert.deepEqual(untraced, [], 'lines without trace_id');
  },
);
