import assert from 'node:assert/strict';
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { After, Before, Given, Then, When, type DataTable } from '@cucumber/cucumber';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { getDefaultEnvironment, StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { createMcpExpressApp } from '@modelcontextprotocol/sdk/server/express.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { FetchLike, Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { z } from 'zod';
import { DOMAIN_SERVERS, DOMAINS, domainModule, perDomain, type Domain } from '../../src/domains/registry.ts';
import { InMemoryAccountStore } from '../../src/store/accounts.ts';
import { demoAccounts } from '../../src/domains/accounts.ts';
import { CUSTOMER_META_KEY } from '../../src/mcp/customer-context.ts';
import { formatYearMonth, monthsAgo } from '../../src/domains/slots.ts';
import { createToolClients } from '../../src/mcp/client-pool.ts';
import { startMcpHttpHost, type McpHttpHost } from '../../src/composition/mcp-host.ts';
import type { ToolClient, ToolDefinition, ToolResult } from '../../src/mcp/tool-client.ts';
import { CHILD_ENV } from '../support/child-env.ts';

const CLIENT_INFO = { name: 'semker-mcp-tests', version: '1.0.0' };

/** Everything one MCP scenario starts; reset before and torn down after each @mcp scenario. */
interface McpTestState {
  today: Date;
  host?: McpHttpHost;
  /** Port of the last host, so a restarted host comes back where clients expect it. */
  hostPort?: number;
  clients: Client[];
  pool?: Record<Domain, ToolClient>;
  /** `mcp-session-id` of every billing request the pool sent (undefined before a session exists). */
  billingSessionIds: (string | undefined)[];
  silentServer?: { server: Server; release: () => void };
  listed: Partial<Record<Domain, (ToolDefinition & { outputSchema?: unknown })[]>>;
  result?: ToolResult;
  failure?: { error: unknown; elapsedMs: number };
}

let state: McpTestState = { today: new Date(), clients: [], billingSessionIds: [], listed: {} };

Before({ tags: '@mcp' }, () => {
  state = { today: new Date(), clients: [], billingSessionIds: [], listed: {} };
});

After({ tags: '@mcp' }, async () => {
  const { pool, clients, host, silentServer } = state;
  await Promise.allSettled([
    ...(pool ? Object.values(pool).map((client) => client.close()) : []),
    ...clients.map((client) => client.close()),
  ]);
  silentServer?.release();
  if (silentServer) {
    silentServer.server.closeAllConnections();
    silentServer.server.close();
  }
  await host?.close();
});

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const date = (iso: string): Date => new Date(`${iso}T12:00:00Z`);

const toResult = (result: Awaited<ReturnType<Client['callTool']>>): ToolResult => {
  const content = Array.isArray(result.content) ? result.content : [];
  const text = content.flatMap((part: { type: string; text?: string }) =>
    part.type === 'text' && part.text ? [part.text] : [],
  );
  const structured = result.structuredContent as Record<string, unknown> | undefined;
  return { isError: result.isError === true, text: text.join('\n'), structured };
};

/** The platform's token the test hosts require (MCP_AUTH_TOKEN), and the demo customer the calls name. */
const PLATFORM_TOKEN = 'platform-token-for-the-mcp-tests';
const AS_DEMO = { [CUSTOMER_META_KEY]: 'demo' };
const withToken = { requestInit: { headers: { Authorization: `Bearer ${PLATFORM_TOKEN}` } } };

async function startHost(port: number): Promise<McpHttpHost> {
  const today = state.today;
  const host = await startMcpHttpHost({
    host: '127.0.0.1',
    port,
    now: () => today,
    authToken: PLATFORM_TOKEN,
    accounts: new InMemoryAccountStore(demoAccounts(10)),
  });
  state.host = host;
  state.hostPort = host.port;
  return host;
}

async function connectClient(transport: Transport): Promise<Client> {
  const client = new Client(CLIENT_INFO);
  await client.connect(transport);
  state.clients.push(client);
  return client;
}

function endpoint(domain: string): URL {
  assert.ok(state.host, 'the MCP host is not running');
  return new URL(`${state.host.url}/${domain}/mcp`);
}

/** A fetch that records the session each billing request travels in: the pool's propagation hook. */
const recordingFetch: FetchLike = (url, init) => {
  const target = String(url);
  if (target.includes('/billing/mcp') && (init?.method ?? 'GET') === 'POST') {
    state.billingSessionIds.push(new Headers(init?.headers).get('mcp-session-id') ?? undefined);
  }
  return fetch(url, init);
};

// ---------------------------------------------------------------------------------------------
// Streamable HTTP host, raw SDK clients

Given('the MCP host is serving over Streamable HTTP with today being {word}', async (iso: string) => {
  state.today = date(iso);
  await startHost(0);
});

When('an MCP client lists the tools of each MCP domain endpoint', async () => {
  for (const domain of DOMAINS) {
    const client = await connectClient(new StreamableHTTPClientTransport(endpoint(domain), withToken));
    const { tools } = await client.listTools();
    state.listed[domain] = tools.map((t) => ({
      name: t.name,
      description: t.description ?? '',
      inputSchema: t.inputSchema,
      outputSchema: t.outputSchema,
    }));
  }
});

Then('the MCP domain endpoints list these tools:', (table: DataTable) => {
  // Every registered domain has its row, so a new domain's tools are written down here too.
  assert.deepEqual(
    table.hashes().map((row) => row['domain']),
    [...DOMAINS],
    'the table has one row per registered domain, in the registry order',
  );
  for (const row of table.hashes()) {
    const names = (state.listed[row['domain'] as Domain] ?? []).map((t) => t.name).sort();
    assert.deepEqual(
      names,
      (row['tools'] ?? '')
        .split(',')
        .map((s) => s.trim())
        .sort(),
      `tools of ${row['domain']}`,
    );
  }
});

Then("each MCP domain endpoint lists exactly the tools its domain's agent may call", () => {
  for (const domain of DOMAINS) {
    const listed = (state.listed[domain] ?? []).map((tool) => tool.name).sort();
    assert.deepEqual(listed, [...domainModule(domain).tools].sort(), `tools of ${domain}`);
  }
});

Then('every listed MCP tool has a description and an output schema', () => {
  const tools = Object.values(state.listed).flat();
  assert.equal(tools.length, DOMAINS.flatMap((domain) => domainModule(domain).tools).length);
  for (const tool of tools) {
    assert.ok(tool.description.length > 40, `${tool.name} has a useful description`);
    assert.ok(tool.outputSchema, `${tool.name} publishes an output schema`);
  }
});

When(
  /^an MCP client calls the MCP tool "([^"]+)" of "([^"]+)" with (\{.*\})$/,
  async (tool: string, domain: string, json: string) => {
    const client = await connectClient(new StreamableHTTPClientTransport(endpoint(domain), withToken));
    state.result = toResult(
      await client.callTool({
        name: tool,
        arguments: JSON.parse(json) as Record<string, unknown>,
        _meta: AS_DEMO,
      }),
    );
  },
);

// ---------------------------------------------------------------------------------------------
// stdio

Given('the MCP billing server is running over stdio', async () => {
  const bin = path.resolve('node_modules/.bin');
  const env = {
    ...getDefaultEnvironment(),
    NODE_COMPILE_CACHE: CHILD_ENV.NODE_COMPILE_CACHE!,
    PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}`,
    LOG_LEVEL: 'silent',
  };
  const transport = new StdioClientTransport({
    command: path.join(bin, 'tsx'),
    args: ['src/composition/mcp-host.ts', '--stdio', 'billing'],
    env,
    stderr: 'inherit',
  });
  await connectClient(transport);
});

When('the stdio MCP client calls {string} for last month', async (tool: string) => {
  const [client] = state.clients;
  assert.ok(client, 'no stdio client');
  const month = formatYearMonth(monthsAgo(new Date(), 1));
  state.result = toResult(await client.callTool({ name: tool, arguments: { month }, _meta: AS_DEMO }));
});

// ---------------------------------------------------------------------------------------------
// The client pool

Given(
  'an MCP client pool pointing every domain at the MCP host with a timeout of {int} ms',
  (timeoutMs: number) => {
    assert.ok(state.host, 'the MCP host is not running');
    const base = state.host.url;
    state.pool = createToolClients({
      servers: DOMAIN_SERVERS,
      authToken: PLATFORM_TOKEN,
      urls: {
        billing: `${base}/billing/mcp`,
        roaming: `${base}/roaming/mcp`,
        tariff: `${base}/tariff/mcp`,
        faq: `${base}/faq/mcp`,
      },
      timeoutMs,
      fetch: recordingFetch,
    });
  },
);

Given('an in-process MCP client pool with today being {word}', (iso: string) => {
  const today = date(iso);
  const accounts = new InMemoryAccountStore(demoAccounts(10));
  state.pool = createToolClients({
    servers: perDomain((domain) => (options) => domain.createServer({ ...options, accounts })),
    urls: {},
    timeoutMs: 5000,
    now: () => today,
  });
});

Given('an MCP billing server whose tools never answer', async () => {
  let release = (): void => undefined;
  const released = new Promise<void>((resolve) => (release = resolve));
  const app = createMcpExpressApp();
  app.post('/billing/mcp', async (req, res) => {
    // Stateless: a fresh server per request is enough to answer initialize and then hang on the tool.
    const server = new McpServer({ name: 'silent-billing', version: '1.0.0' });
    server.registerTool('get_billing_data', { inputSchema: { month: z.string() } }, async () => {
      await released;
      return { content: [{ type: 'text', text: 'too late' }] };
    });
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    await server.connect(transport);
    await transport.handleRequest(req, res, req.body);
  });
  const server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  state.silentServer = { server, release };
});

Given(
  'an MCP client pool pointing billing at that silent MCP server with a timeout of {int} ms',
  (timeoutMs: number) => {
    assert.ok(state.silentServer);
    const { port } = state.silentServer.server.address() as AddressInfo;
    state.pool = createToolClients({
      servers: DOMAIN_SERVERS,
      urls: { billing: `http://127.0.0.1:${port}/billing/mcp` },
      timeoutMs,
    });
  },
);

const poolCall = (tool: string, json: string): Promise<ToolResult> => {
  assert.ok(state.pool, 'no MCP client pool');
  return state.pool.billing.callTool(tool, JSON.parse(json) as Record<string, unknown>, undefined, 'demo');
};

When(/^the MCP client pool calls "([^"]+)" with (\{.*\})$/, async (tool: string, json: string) => {
  state.result = await poolCall(tool, json);
});

When(
  /^the MCP client pool calls "([^"]+)" with (\{.*\}) and it fails$/,
  async (tool: string, json: string) => {
    const started = performance.now();
    await assert.rejects(poolCall(tool, json), (error: unknown) => {
      state.failure = { error, elapsedMs: performance.now() - started };
      return true;
    });
  },
);

Then(
  /^the MCP client pool call "([^"]+)" with (\{.*\}) fails with "([^"]+)"$/,
  async (tool: string, json: string, message: string) => {
    await assert.rejects(poolCall(tool, json), (error: unknown) => {
      assert.ok(error instanceof Error);
      assert.equal(error.name, 'ToolUnavailableError');
      assert.match(error.message, new RegExp(escapeRegExp(message)));
      return true;
    });
  },
);

Then('the MCP client pool failure says {string}', (message: string) => {
  const error = state.failure?.error;
  assert.ok(error instanceof Error, 'the call did not fail');
  assert.equal(error.name, 'ToolUnavailableError');
  assert.equal(error.message, message);
});

Then('the MCP client pool failed within {int} ms', (bound: number) => {
  assert.ok(state.failure, 'the call did not fail');
  assert.ok(state.failure.elapsedMs < bound, `failed after ${Math.round(state.failure.elapsedMs)} ms`);
});

When('the MCP host is stopped', async () => {
  await state.host?.close();
  state.host = undefined;
});

When('the MCP host is started again on the same port', async () => {
  assert.ok(state.hostPort, 'the MCP host never ran');
  await startHost(state.hostPort);
});

Then('the MCP host has {int} open session(s)', (count: number) => {
  assert.equal(state.host?.sessions.size, count);
});

Then('the MCP client pool sent every billing request in {int} MCP session(s)', (count: number) => {
  // Initialize requests carry no session id yet; every request after them carries theirs.
  const sessions = new Set(state.billingSessionIds.filter((id) => id !== undefined));
  assert.equal(sessions.size, count, `sessions seen: ${[...sessions].join(', ')}`);
});

// ---------------------------------------------------------------------------------------------
// What the tools answered

const BillSchema = z.object({
  month: z.string(),
  currency: z.literal('EUR'),
  items: z.array(z.object({ description: z.string(), amount: z.number(), note: z.string().optional() })),
  total: z.number(),
});

function answered(): ToolResult {
  assert.ok(state.result, 'no MCP tool was called');
  assert.equal(state.result.isError, false, `the tool answered an error: ${state.result.text}`);
  return state.result;
}

Then('the MCP tool answers a bill totalling {float} EUR', (total: number) => {
  const bill = BillSchema.parse(answered().structured);
  assert.equal(bill.total.toFixed(2), total.toFixed(2));
  assert.match(answered().text, new RegExp(`Total: ${escapeRegExp(total.toFixed(2))}`));
});

Then(
  'the MCP tool answers the bill for {string} with total {float} EUR and these items:',
  (month: string, total: number, table: DataTable) => {
    const bill = BillSchema.parse(answered().structured);
    assert.equal(bill.month, month);
    assert.equal(bill.total.toFixed(2), total.toFixed(2));
    assert.deepEqual(
      bill.items.map((i) => ({
        description: i.description,
        amount: i.amount.toFixed(2),
        note: i.note ?? '',
      })),
      table.hashes(),
    );
  },
);

Then("the MCP tool's text shows {string}", (text: string) => {
  assert.ok(state.result, 'no MCP tool was called');
  assert.ok(state.result.text.includes(text), `"${text}" not in: ${state.result.text}`);
});

Then(/^the MCP tool answers (data|an error) showing "([^"]*)"$/, (outcome: string, text: string) => {
  assert.ok(state.result, 'no MCP tool was called');
  assert.equal(state.result.isError, outcome === 'an error', `the tool answered: ${state.result.text}`);
  assert.ok(state.result.text.includes(text), `"${text}" not in: ${state.result.text}`);
});

/** The JSON Schema of one argument of a listed tool, as an MCP client (or a model) reads it. */
function listedArgument(tool: string, argument: string): { anyOf?: Array<Record<string, unknown>> } {
  const listed = Object.values(state.listed)
    .flat()
    .find((candidate) => candidate.name === tool);
  assert.ok(listed, `${tool} was not listed`);
  const properties = (listed.inputSchema as { properties?: Record<string, unknown> }).properties ?? {};
  const schema = properties[argument];
  assert.ok(schema, `${tool} has no argument ${argument}`);
  return schema as { anyOf?: Array<Record<string, unknown>> };
}

Then(
  /^the input schema of "([^"]+)" accepts "([^"]+)" as a string or an integer from (\d+) to (\d+)$/,
  (tool: string, argument: string, min: string, max: string) => {
    const forms = listedArgument(tool, argument).anyOf ?? [];
    assert.ok(
      forms.some((form) => form.type === 'string'),
      `${argument} takes a string: ${JSON.stringify(forms)}`,
    );
    assert.ok(
      forms.some(
        (form) => form.type === 'integer' && form.minimum === Number(min) && form.maximum === Number(max),
      ),
      `${argument} takes an integer ${min}–${max}: ${JSON.stringify(forms)}`,
    );
  },
);

Then(
  /^the input schema of "([^"]+)" accepts "([^"]+)" as a string or a number$/,
  (tool: string, argument: string) => {
    const types = (listedArgument(tool, argument).anyOf ?? []).map((form) => form.type);
    assert.ok(types.includes('string') && types.includes('number'), `${argument} forms: ${types.join(', ')}`);
  },
);

Then('the MCP tool answers an error saying {string}', (text: string) => {
  assert.ok(state.result, 'no MCP tool was called');
  assert.equal(state.result.isError, true, `expected an error, got: ${state.result.text}`);
  assert.ok(state.result.text.includes(text), `"${text}" not in: ${state.result.text}`);
  assert.doesNotMatch(state.result.text, /\n\s+at /, 'no stack trace');
});

Then('the MCP tool answers the roaming charges for {string}:', (month: string, table: DataTable) => {
  const roaming = z
    .object({
      month: z.string(),
      charges: z.array(z.object({ country: z.string(), data_gb: z.number(), price: z.number() })),
    })
    .parse(answered().structured);
  assert.equal(roaming.month, month);
  assert.deepEqual(
    roaming.charges.map((c) => ({
      country: c.country,
      data_gb: String(c.data_gb),
      price: c.price.toFixed(2),
    })),
    table.hashes(),
  );
});

Then('the MCP tool answers these tariff plans:', (table: DataTable) => {
  const plan = z.object({
    name: z.string(),
    pricing_structure: z.string(),
    price: z.number(),
    validity: z.string(),
    minutes: z.string(),
    data: z.string(),
    sms: z.string(),
    add_ons: z.array(z.object({ name: z.string(), price: z.number(), validity: z.string().optional() })),
  });
  const structured = answered().structured ?? {};
  const plans =
    'plan' in structured ? [plan.parse(structured['plan'])] : z.array(plan).parse(structured['plans']);
  assert.deepEqual(
    plans.map((p) => ({
      ...p,
      price: p.price.toFixed(2),
      add_ons: p.add_ons
        .map((a) => `${a.name} ${a.price.toFixed(2)}${a.validity ? ` (${a.validity})` : ''}`)
        .join('; '),
    })),
    table.hashes(),
  );
});

const FaqSchema = z.object({
  results: z.array(z.object({ id: z.string(), question: z.string(), answer: z.string(), score: z.number() })),
  categories: z.array(z.string()),
});

Then('the MCP FAQ search answers {string} first, with a positive score', (id: string) => {
  const { results } = FaqSchema.parse(answered().structured);
  assert.equal(results[0]?.id, id);
  assert.ok((results[0]?.score ?? 0) > 0);
  assert.ok(results.length <= 2, 'the limit is honoured');
});

Then('the MCP FAQ search answers no matches', () => {
  const { results, categories } = FaqSchema.parse(answered().structured);
  assert.deepEqual(results, []);
  assert.ok(categories.includes('roaming'));
});
