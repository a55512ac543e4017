import { Given, Then, When, type DataTable } from '@cucumber/cucumber';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, request as httpRequest, type Server } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { createMcpExpressApp } from '@modelcontextprotocol/sdk/server/express.js';
import { Server as McpLowLevelServer } from '@modelcontextprotocol/sdk/server/index.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { CallToolRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { loadConfig } from '../../src/config/config.ts';
import { startMcpHttpHost, type McpHttpHost } from '../../src/composition/mcp-host.ts';
import { FAILURE_KINDS } from '../../src/core/failures.ts';
import { InMemoryAccountStore } from '../../src/store/accounts.ts';
import { demoAccounts } from '../../src/domains/accounts.ts';
import { isFinal, type StoredMessage } from '../../src/store/message-store.ts';
import { ScriptedOpenAiServer, type ScriptedReply } from '../support/scripted-openai-server.ts';
import { assertSafeForCustomer, failureLogOf } from '../support/customer-text.ts';
import type { SemkerWorld } from '../support/world.ts';
import { freePort } from '../support/free-port.ts';

/** What one resilience scenario starts besides the API: its own scripted model and MCP host. */
interface FaultState {
  model?: ScriptedOpenAiServer;
  host?: McpHttpHost;
  hostPort?: number;
  /** The last message's outcome and how long it took from post to its final update. */
  outcome?: { message: StoredMessage; elapsedMs: number };
  load?: { accepted: string[]; refused: number; other: { status: number; text: string }[] };
  /** A pass-through in front of the host that can kill it while a tool call is on its way. */
  proxy?: { server: Server; port: number; killOnNextToolCall: boolean };
}

const states = new WeakMap<SemkerWorld, FaultState>();

function stateOf(world: SemkerWorld): FaultState {
  let state = states.get(world);
  if (!state) {
    state = {};
    states.set(world, state);
    const owned = state;
    world.onCleanup(async () => {
      await owned.model?.close();
      await owned.host?.close();
      if (owned.proxy) {
        owned.proxy.server.closeAllConnections();
        await new Promise<void>((resolve) => owned.proxy!.server.close(() => resolve()));
      }
    });
  }
  return state;
}

async function model(world: SemkerWorld): Promise<ScriptedOpenAiServer> {
  const state = stateOf(world);
  state.model ??= await ScriptedOpenAiServer.start();
  return state.model;
}

const greeting: ScriptedReply = {
  json: { action: 'reply', agent: null, reason: 'A greeting.', reply: 'Hello! How can I help?' },
};

async function ask(world: SemkerWorld, text: string): Promise<void> {
  const started = performance.now();
  const id = await world.postMessage(text);
  const message = await world.waitUntilFinished(id, 20_000);
  stateOf(world).outcome = { message, elapsedMs: performance.now() - started };
}

// --- the model -------------------------------------------------------------------------------

Given(
  'the model first answers {int} with Retry-After {int} second(s), then greets',
  async function (this: SemkerWorld, status: number, seconds: number) {
    // An empty retry-after-ms hides the scripted server's default one, so the client reads Retry-After.
    (await model(this)).enqueue(
      { status, headers: { 'retry-after-ms': '', 'retry-after': String(seconds) } },
      greeting,
    );
  },
);

Given('the model answers these statuses in turn: {string}', async function (this: SemkerWorld, list: string) {
  const server = await model(this);
  for (const status of list.split(',').map((s) => Number(s.trim()))) {
    server.enqueue({ status, body: { error: { message: `Scripted ${status}`, type: 'server_error' } } });
  }
});

Given('the model then greets', async function (this: SemkerWorld) {
  (await model(this)).enqueue(greeting);
});

Given(
  'the model greets {int} times, each after {int} ms',
  async function (this: SemkerWorld, times: number, delayMs: number) {
    const server = await model(this);
    for (let i = 0; i < times; i++) server.enqueue({ ...greeting, delayMs });
  },
);

Given('the model greets only after {int} ms', async function (this: SemkerWorld, delayMs: number) {
  (await model(this)).enqueue({ ...greeting, delayMs });
});

/** Chat Completions responses a broken model server sends with a 200, by name. */
const MALFORMED: Record<string, ScriptedReply> = {
  'no choices': { status: 200, body: { id: 'chatcmpl-1', object: 'chat.completion', model: 'm' } },
  'an empty choices list': {
    status: 200,
    body: { id: 'chatcmpl-1', object: 'chat.completion', choices: [] },
  },
  'a truncated JSON body': {
    status: 200,
    raw: '{"id":"chatcmpl-1","choices":[{"index":0,"message":{"role":"assis',
  },
  'a non-JSON body': {
    status: 200,
    raw: '<html><body>Bad gateway</body></html>',
    headers: { 'content-type': 'text/html' },
  },
  'a number for the content': {
    status: 200,
    body: { choices: [{ index: 0, message: { role: 'assistant', content: 42 }, finish_reason: 'stop' }] },
  },
  'tool calls that are a string': {
    status: 200,
    body: {
      choices: [
        { index: 0, message: { role: 'assistant', content: null, tool_calls: 'billing' }, finish_reason: 7 },
      ],
      usage: 'many',
    },
  },
};

Given('the model answers a 200 with {}', async function (this: SemkerWorld, kind: string) {
  const reply = MALFORMED[kind];
  assert.ok(reply, `no malformed response named "${kind}"`);
  (await model(this)).enqueue(reply);
});

Given('the API runs against that model with settings:', async function (this: SemkerWorld, table: DataTable) {
  const server = await model(this);
  await this.startApi({
    LLM_PROVIDER: 'openai',
    OPENAI_API_KEY: 'test-key',
    OPENAI_BASE_URL: `${server.url}/v1`,
    ...table.rowsHash(),
  });
});

When('the customer says {string} and it finishes', async function (this: SemkerWorld, text: string) {
  await ask(this, text);
});

Then(/^it (completed|failed)$/, function (this: SemkerWorld, status: string) {
  const { message } = stateOf(this).outcome!;
  assert.equal(message.status, status, `ended ${message.status}: ${message.result}`);
});

Then(
  /^it failed with the code "([a-z_]+)", its log line giving the reason "([^"]*)"$/,
  function (this: SemkerWorld, code: string, reason: string) {
    const { message } = stateOf(this).outcome!;
    assert.equal(message.status, 'failed', `ended ${message.status}: ${message.result}`);
    assert.equal(message.failureCode, code);
    assertSafeForCustomer(message.result ?? '');
    const detail = String(failureLogOf(this, message.id).detail);
    assert.ok(detail.includes(reason), `the logged reason "${detail}" lacks "${reason}"`);
  },
);

Then('the customer read {string}', function (this: SemkerWorld, text: string) {
  assert.equal(stateOf(this).outcome!.message.result, text);
});

Then('it took at least {int} ms', function (this: SemkerWorld, bound: number) {
  const { elapsedMs } = stateOf(this).outcome!;
  assert.ok(elapsedMs >= bound, `took ${Math.round(elapsedMs)} ms`);
});

Then('it took less than {int} ms', function (this: SemkerWorld, bound: number) {
  const { elapsedMs } = stateOf(this).outcome!;
  assert.ok(elapsedMs < bound, `took ${Math.round(elapsedMs)} ms`);
});

Then('the model was asked {int} time(s) in all', function (this: SemkerWorld, count: number) {
  assert.equal(stateOf(this).model?.chatRequests.length, count);
});

When('the circuit has had time to probe again \\({int} ms)', async function (this: SemkerWorld, ms: number) {
  // The breaker's own clock decides when it lets a probe through; there is no event to wait on.
  await sleep(ms);
});

// --- an MCP server that goes away ------------------------------------------------------------

/** The hosts serve named customers to the API, which holds their token (MCP_AUTH_TOKEN). */
const PLATFORM = {
  authToken: 'platform-token-for-the-resilience-tests',
  accounts: new InMemoryAccountStore(demoAccounts(10)),
};

Given('the billing MCP server runs over HTTP on a fixed port', async function (this: SemkerWorld) {
  const state = stateOf(this);
  state.hostPort = await freePort();
  state.host = await startMcpHttpHost({ host: '127.0.0.1', port: state.hostPort, ...PLATFORM });
});

Given('the API uses it, with settings:', async function (this: SemkerWorld, table: DataTable) {
  const { hostPort } = stateOf(this);
  await this.startApi({
    MCP_BILLING_URL: `http://127.0.0.1:${hostPort}/billing/mcp`,
    MCP_AUTH_TOKEN: PLATFORM.authToken,
    ...table.rowsHash(),
  });
});

Given(
  'the billing MCP server runs over HTTP behind a pass-through the test controls',
  async function (this: SemkerWorld) {
    const state = stateOf(this);
    state.hostPort = await freePort();
    state.host = await startMcpHttpHost({ host: '127.0.0.1', port: state.hostPort, ...PLATFORM });
    const server = createHttpServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        void (async () => {
          const body = Buffer.concat(chunks);
          const proxy = state.proxy!;
          // The tool call is on its way: the server dies before it can answer.
          if (proxy.killOnNextToolCall && body.includes('"tools/call"')) {
            proxy.killOnNextToolCall = false;
            await state.host?.close();
            state.host = undefined;
          }
          const upstream = httpRequest(
            {
              host: '127.0.0.1',
              port: state.hostPort,
              path: req.url,
              method: req.method,
              headers: req.headers,
            },
            (answer) => {
              res.writeHead(answer.statusCode ?? 502, answer.headers);
              answer.pipe(res);
            },
          );
          // A dead server: the connection breaks, as it would without the pass-through.
          upstream.on('error', () => res.destroy());
          upstream.end(body);
        })();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    assert.ok(address && typeof address === 'object');
    state.proxy = { server, port: address.port, killOnNextToolCall: false };
  },
);

/**
 * A billing MCP server that publishes an output schema and then answers outside it: the SDK's client
 * refuses such a result (a protocol error), which is the server breaking its contract. Built on the
 * SDK's low-level Server, because McpServer checks its own output and would never send it.
 */
Given(
  'a billing MCP server over HTTP whose answers break its published output schema',
  async function (this: SemkerWorld) {
    const app = createMcpExpressApp();
    app.post('/billing/mcp', async (req, res) => {
      const server = new McpLowLevelServer(
        { name: 'broken-billing', version: '1.0.0' },
        { capabilities: { tools: {} } },
      );
      server.setRequestHandler(ListToolsRequestSchema, () => ({
        tools: [
          {
            name: 'get_billing_data',
            description: 'Monthly bill',
            inputSchema: { type: 'object', properties: { month: { type: 'string' } } },
            outputSchema: {
              type: 'object',
              properties: { total: { type: 'number' } },
              required: ['total'],
            },
          },
        ],
      }));
      server.setRequestHandler(CallToolRequestSchema, () => ({
        content: [{ type: 'text', text: 'a total' }],
        structuredContent: { total: 'a lot' },
      }));
      const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
      await server.connect(transport);
      await transport.handleRequest(req, res, req.body);
    });
    const server = app.listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => server.once('listening', resolve));
    const address = server.address();
    assert.ok(address && typeof address === 'object');
    this.onCleanup(() => new Promise<void>((resolve) => server.close(() => resolve())));
    await this.startApi({ MCP_BILLING_URL: `http://127.0.0.1:${address.port}/billing/mcp` });
  },
);

Given(
  'the API reaches it through the pass-through, with settings:',
  async function (this: SemkerWorld, table: DataTable) {
    const { proxy } = stateOf(this);
    await this.startApi({
      MCP_BILLING_URL: `http://127.0.0.1:${proxy!.port}/billing/mcp`,
      MCP_AUTH_TOKEN: PLATFORM.authToken,
      ...table.rowsHash(),
    });
  },
);

When(
  'the billing MCP server will be killed while the next tool call is on its way',
  function (this: SemkerWorld) {
    stateOf(this).proxy!.killOnNextToolCall = true;
  },
);

When('the billing MCP server is killed', async function (this: SemkerWorld) {
  const state = stateOf(this);
  await state.host?.close();
  state.host = undefined;
});

When('the billing MCP server is started again on the same port', async function (this: SemkerWorld) {
  const state = stateOf(this);
  state.host = await startMcpHttpHost({ host: '127.0.0.1', port: state.hostPort!, ...PLATFORM });
});

// --- deadlines and shutdown ------------------------------------------------------------------

Then('no message is left unfinished', async function (this: SemkerWorld) {
  const { messages } = await this.api!.services.messages.list({ page: 1, pageSize: 100_000 });
  const open = messages.filter((m) => !isFinal(m.status));
  assert.equal(open.length, 0, `${open.length} messages unfinished`);
});

When(
  '{int} messages are posted at once and the service shuts down after the first {int} are accepted',
  async function (this: SemkerWorld, total: number, before: number) {
    const api = this.api!;
    const load: NonNullable<FaultState['load']> = { accepted: [], refused: 0, other: [] };
    stateOf(this).load = load;
    let shutdown: Promise<void> | undefined;
    const post = async (i: number): Promise<void> => {
      const response = await fetch(`${api.baseUrl}/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-ms-conversation-id': `load-${i % 20}` },
        body: JSON.stringify({
          message: i % 2 ? 'Why was my bill so high last month?' : 'How much does roaming in Spain cost?',
        }),
      });
      const text = await response.text();
      if (response.status === 201) {
        load.accepted.push((JSON.parse(text) as { message_id: string }).message_id);
        if (load.accepted.length === before) shutdown = api.services.processor.shutdown();
      } else if (response.status === 503 && response.headers.get('retry-after')) {
        load.refused += 1;
      } else {
        load.other.push({ status: response.status, text });
      }
    };
    await Promise.all(Array.from({ length: total }, (_, i) => post(i)));
    assert.ok(shutdown, `only ${load.accepted.length} posts were accepted`);
    await shutdown;
  },
);

Then(
  'every accepted message ended completed or failed with the code "shutting_down", and the rest were refused with 503',
  async function (this: SemkerWorld) {
    const { accepted, refused, other } = stateOf(this).load!;
    assert.deepEqual(other, [], 'answers other than 201 and 503 + Retry-After');
    assert.ok(refused > 0, 'no post was refused after the shutdown began');
    const store = this.api!.services.messages;
    let completed = 0;
    let failed = 0;
    for (const id of accepted) {
      const message = await store.get(id);
      assert.ok(message, `accepted message ${id} was lost`);
      if (message.status === 'completed') completed += 1;
      else {
        assert.equal(message.status, 'failed', `message ${id} ended ${message.status}`);
        assert.equal(message.failureCode, 'shutting_down');
        assertSafeForCustomer(message.result ?? '');
        assert.equal(message.result, FAILURE_KINDS.shutting_down.customerText(undefined));
        failed += 1;
      }
    }
    assert.ok(failed > 0, `the shutdown failed no message (${completed} completed): the load was too light`);
  },
);

// --- HTTP server timeouts --------------------------------------------------------------------

Then("the API's default keep-alive timeout outlasts nginx's upstream keepalive_timeout", function () {
  const conf = readFileSync(new URL('../../nginx.conf', import.meta.url), 'utf8');
  const upstream = /upstream semker_api \{[^}]*?keepalive_timeout\s+(\d+)s;/s.exec(conf);
  assert.ok(upstream, 'no keepalive_timeout in the upstream block of nginx.conf');
  const nginxMs = Number(upstream[1]) * 1000;
  const { http } = loadConfig({});
  assert.ok(http.keepAliveTimeoutMs > nginxMs, `${http.keepAliveTimeoutMs} ms <= nginx's ${nginxMs} ms`);
  assert.ok(http.headersTimeoutMs <= http.requestTimeoutMs);
});

Then(
  'a keep-alive response from the API announces a timeout of {int} seconds',
  async function (this: SemkerWorld, seconds: number) {
    const api = this.api!;
    const header = await new Promise<string | undefined>((resolve, reject) => {
      const req = httpRequest(`${api.baseUrl}/health`, { headers: { connection: 'keep-alive' } }, (res) => {
        res.resume();
        resolve(res.headers['keep-alive'] as string | undefined);
      });
      req.on('error', reject);
      req.end();
    });
    assert.equal(header, `timeout=${seconds}`);
    assert.equal(api.server.requestTimeout, api.config.http.requestTimeoutMs);
    assert.equal(api.server.headersTimeout, api.config.http.headersTimeoutMs);
  },
);
