import { Given, Then, When, type DataTable } from '@cucumber/cucumber';
import assert from 'node:assert/strict';
import type { Domain } from '../../src/domains/registry.ts';
import type { ToolDefinition } from '../../src/mcp/tool-client.ts';
import { formatYearMonth, monthsAgo } from '../../src/domains/slots.ts';
import {
  ScriptedOpenAiServer,
  type ChatRequestBody,
  type ScriptedReply,
} from '../support/scripted-openai-server.ts';
import type { SemkerWorld } from '../support/world.ts';

/** Each scenario's scripted model; kept beside the world because the world belongs to the common support. */
const servers = new WeakMap<SemkerWorld, ScriptedOpenAiServer>();

async function scriptedModel(world: SemkerWorld): Promise<ScriptedOpenAiServer> {
  let server = servers.get(world);
  if (!server) {
    server = await ScriptedOpenAiServer.start();
    servers.set(world, server);
    const started = server;
    world.onCleanup(() => started.close());
  }
  return server;
}

/** Replaces "<last month>" and "<N months ago>" with "YYYY-MM", so scripts stay true whatever today is. */
function withMonths(text: string): string {
  const now = new Date();
  return text
    .replaceAll('<last month>', formatYearMonth(monthsAgo(now, 1)))
    .replace(/<(\d+) months ago>/g, (_, n: string) => formatYearMonth(monthsAgo(now, Number(n))));
}

const routeTo = (agent: string): ScriptedReply => ({
  json: { action: 'delegate', agent, reason: `The message is about ${agent}.`, reply: null },
});

const callTool = (name: string, args: string, content?: string): ScriptedReply => ({
  toolCalls: [{ name, arguments: withMonths(args) }],
  ...(content === undefined ? {} : { content }),
});

async function enqueue(world: SemkerWorld, ...replies: ScriptedReply[]): Promise<void> {
  (await scriptedModel(world)).enqueue(...replies);
}

// --- the script ------------------------------------------------------------------------------

Given(
  'a scripted model that routes to {string}, with the part {string} for {string}',
  async function (this: SemkerWorld, agent: string, question: string, other: string) {
    await enqueue(this, {
      json: {
        action: 'delegate',
        agent,
        reason: `The message is about ${agent} first.`,
        reply: null,
        also: [{ agent: other, question, reason: `The message also asks ${other}.` }],
      },
    });
  },
);

/** True when some request gave `agentName` a system prompt containing `text`. */
const wasTold = (server: Parameters<typeof bodies>[0], agentName: string, text: string): boolean =>
  bodies(server).some((body) =>
    body.messages.some(
      (m) => m.role === 'system' && m.content?.startsWith(`You are ${agentName}`) && m.content.includes(text),
    ),
  );

Then(
  'the scripted model was told, as {string}, to answer only the part {string}',
  async function (this: SemkerWorld, agentName: string, question: string) {
    const told = wasTold(await settled(this), agentName, `Answer only this part: ${question}`);
    assert.ok(told, `${agentName} was not told to answer only "${question}"`);
  },
);

Then(
  'the scripted model was told, as {string}, to write in {string}',
  async function (this: SemkerWorld, agentName: string, language: string) {
    const told = wasTold(
      await settled(this),
      agentName,
      `The customer writes in ${language}: write your whole answer in ${language}`,
    );
    assert.ok(told, `${agentName} was not told to write in ${language}`);
  },
);

Given('a scripted model with an empty script', async function (this: SemkerWorld) {
  await scriptedModel(this);
});

Given(
  /^(?:a scripted model that|the scripted model then) routes to "([^"]*)" and then calls "([^"]*)" with '([^']*)'$/,
  async function (this: SemkerWorld, agent: string, tool: string, args: string) {
    await enqueue(this, routeTo(agent), callTool(tool, args));
  },
);

Given(
  /^(?:a scripted model that|the scripted model then) routes to "([^"]*)"$/,
  async function (this: SemkerWorld, agent: string) {
    await enqueue(this, routeTo(agent));
  },
);

Given(
  'a scripted model that replies to the customer itself with {string}',
  async function (this: SemkerWorld, reply: string) {
    await enqueue(this, { json: { action: 'reply', agent: null, reason: 'A greeting.', reply } });
  },
);

Given(
  'a scripted model that replies to the customer itself {int} times, with {int} kB each time',
  async function (this: SemkerWorld, times: number, kilobytes: number) {
    for (let i = 0; i < times; i++) {
      const reply = `Answer ${i + 1}: ${'x'.repeat(kilobytes * 1000)}`;
      await enqueue(this, { json: { action: 'reply', agent: null, reason: 'A long answer.', reply } });
    }
  },
);

Given(
  'a scripted model that first sends {string} instead of a routing decision',
  async function (this: SemkerWorld, content: string) {
    await enqueue(this, { content });
  },
);

Given(
  'a scripted model that first answers only after {int} ms',
  async function (this: SemkerWorld, delayMs: number) {
    await enqueue(this, { ...routeTo('billing'), delayMs });
  },
);

Given('the scripted model then sends {string}', async function (this: SemkerWorld, content: string) {
  await enqueue(this, { content });
});

Given(
  'the scripted model then calls {string} with {string}',
  async function (this: SemkerWorld, tool: string, args: string) {
    await enqueue(this, callTool(tool, args));
  },
);

Given(
  'the scripted model then says {string} and calls {string} with {string}',
  async function (this: SemkerWorld, content: string, tool: string, args: string) {
    await enqueue(this, callTool(tool, args, content));
  },
);

Given('the scripted model then answers {string}', async function (this: SemkerWorld, content: string) {
  await enqueue(this, { content });
});

Given('the scripted model then answers:', async function (this: SemkerWorld, content: string) {
  await enqueue(this, { content });
});

/** Per scenario: opens the gate the held replies wait for. */
const gates = new WeakMap<SemkerWorld, () => void>();

/** The scenario's gate: one promise every held reply waits for, opened by "the scripted model is released". */
function gate(world: SemkerWorld): Promise<void> {
  const opened = new Promise<void>((resolve) => gates.set(world, resolve));
  // Opened at the end of the scenario too, so no reply is left waiting.
  world.onCleanup(() => gates.get(world)?.());
  return opened;
}

Given(
  'the scripted model then answers {string} once released',
  async function (this: SemkerWorld, content: string) {
    await enqueue(this, { content, until: gate(this) });
  },
);

Given('the scripted model then answers, once released:', async function (this: SemkerWorld, content: string) {
  await enqueue(this, { content, until: gate(this) });
});

When('the scripted model is released', function (this: SemkerWorld) {
  const release = gates.get(this);
  assert.ok(release, 'no scripted reply waits to be released');
  release();
});

Given(
  /^(?:a scripted model that first|the scripted model then) fails with status (\d+)$/,
  async function (this: SemkerWorld, status: string) {
    await enqueue(this, {
      status: Number(status),
      body: { error: { message: `Scripted failure ${status}`, type: 'server_error' } },
    });
  },
);

Given(
  'a scripted model that first fails with status {int} and the body:',
  async function (this: SemkerWorld, status: number, body: string) {
    await enqueue(this, { status, body: JSON.parse(body) as unknown });
  },
);

// --- the API pointed at it -------------------------------------------------------------------

export async function startAgainstScriptedModel(
  world: SemkerWorld,
  extra: Record<string, string> = {},
): Promise<void> {
  const server = await scriptedModel(world);
  await world.startApi({
    LLM_PROVIDER: 'openai',
    OPENAI_API_KEY: 'test-key',
    OPENAI_BASE_URL: `${server.url}/v1`,
    OPENAI_MODEL: 'scripted-model',
    // Retries back off for ~10 ms (the scripted server sends retry-after-ms); keep them in unless a scenario says.
    LLM_MAX_RETRIES: '0',
    ...extra,
  });
}

Given('the API is running against the scripted model', async function (this: SemkerWorld) {
  await startAgainstScriptedModel(this);
});

Given(
  'the API is running against the scripted model with settings:',
  async function (this: SemkerWorld, table: DataTable) {
    await startAgainstScriptedModel(this, table.rowsHash());
  },
);

Given(
  'the API is running against a scripted model that has stopped listening',
  async function (this: SemkerWorld) {
    const server = await ScriptedOpenAiServer.start();
    const url = server.url;
    await server.close();
    await this.startApi({
      LLM_PROVIDER: 'openai',
      OPENAI_API_KEY: 'test-key',
      OPENAI_BASE_URL: `${url}/v1`,
      LLM_MAX_RETRIES: '0',
    });
  },
);

Given(
  'the API is running against the scripted model as the Azure deployment {string}',
  async function (this: SemkerWorld, deployment: string) {
    const server = await scriptedModel(this);
    await this.startApi({
      LLM_PROVIDER: 'azure',
      AZURE_OPENAI_ENDPOINT: server.url,
      AZURE_OPENAI_API_KEY: 'test-azure-key',
      AZURE_OPENAI_DEPLOYMENT_NAME: deployment,
      AZURE_OPENAI_API_VERSION: '2024-10-21',
      LLM_MAX_RETRIES: '0',
    });
  },
);

// --- what the model was sent -----------------------------------------------------------------

export function serverOf(world: SemkerWorld): ScriptedOpenAiServer {
  const server = servers.get(world);
  assert.ok(server, 'no scripted model in this scenario');
  return server;
}

/** Waits for the scenario's last message to finish, so every model request has been made. */
async function settled(world: SemkerWorld): Promise<ScriptedOpenAiServer> {
  if (world.lastMessageId) await world.waitUntilFinished(world.lastMessageId);
  return serverOf(world);
}

const bodies = (server: ScriptedOpenAiServer): ChatRequestBody[] => server.chatRequests.map((r) => r.body);

const lastUserMessage = (body: ChatRequestBody): string | null | undefined =>
  body.messages.findLast((m) => m.role === 'user')?.content;

Then('the scripted model received {int} chat request(s)', async function (this: SemkerWorld, count: number) {
  const server = await settled(this);
  assert.equal(
    server.chatRequests.length,
    count,
    `requests: ${server.chatRequests.map((r) => r.path).join(', ')}`,
  );
});

Then('the scripted model used every scripted reply', async function (this: SemkerWorld) {
  const server = await settled(this);
  assert.equal(server.remaining, 0, `${server.remaining} scripted replies were never requested`);
});

Then(
  'the scripted model was asked to route with a strict JSON schema naming the agents {string}',
  async function (this: SemkerWorld, agents: string) {
    const server = await settled(this);
    const routing = bodies(server).find((b) => b.response_format);
    assert.ok(routing, 'no request asked for structured output');
    assert.equal(routing.tools, undefined, 'the routing request offered tools');
    const format = routing.response_format!;
    assert.equal(format.type, 'json_schema');
    assert.equal(format.json_schema?.strict, true);
    const schema = format.json_schema?.schema as { properties: { agent: { anyOf: { enum?: string[] }[] } } };
    const names = schema.properties.agent.anyOf.find((s) => s.enum)?.enum;
    assert.deepEqual(
      names,
      agents.split(',').map((a) => a.trim()),
    );
    const system = routing.messages[0];
    assert.equal(system?.role, 'system');
    for (const agent of ['BillingAgent', 'RoamingAgent', 'TariffAgent', 'FaqAgent']) {
      assert.ok(system.content?.includes(agent), `the routing prompt does not describe ${agent}`);
    }
  },
);

Then(
  'the scripted model was offered the {word} MCP tools as function tools',
  async function (this: SemkerWorld, domain: string) {
    const server = await settled(this);
    const offeredTools = bodies(server).find((b) => b.tools)?.tools ?? [];
    assert.ok(offeredTools.length > 0, 'no request offered tools');
    const mcpTools: ToolDefinition[] = await this.api!.services.tools[domain as Domain].listTools();
    assert.deepEqual(
      offeredTools.map((t) => t.function.name),
      mcpTools.map((t) => t.name),
    );
    for (const tool of mcpTools) {
      const offered = offeredTools.find((t) => t.function.name === tool.name);
      assert.ok(offered, `${tool.name} was not offered`);
      assert.equal(offered.type, 'function');
      assert.equal(offered.function.description, tool.description);
      const { $schema: _dialect, ...parameters } = tool.inputSchema;
      assert.deepEqual(offered.function.parameters, { type: 'object', properties: {}, ...parameters });
      const strictAllowed =
        parameters.additionalProperties === false &&
        Object.keys((parameters.properties ?? {}) as object).every((p) =>
          ((parameters.required ?? []) as string[]).includes(p),
        );
      assert.equal(offered.function.strict, strictAllowed, `strict mode of ${tool.name}`);
    }
  },
);

Then(
  'the scripted model received a tool result containing {string}',
  async function (this: SemkerWorld, text: string) {
    const server = await settled(this);
    const results = bodies(server).flatMap((b) =>
      b.messages.filter((m) => m.role === 'tool').map((m) => String(m.content)),
    );
    assert.ok(
      results.some((r) => r.includes(text)),
      `no tool result contains "${text}":\n${results.join('\n---\n')}`,
    );
  },
);

Then('the scripted model was corrected once with {string}', async function (this: SemkerWorld, text: string) {
  const server = await settled(this);
  // A call repeats its conversation so far, so the call that holds the most corrections holds them all.
  const counts = bodies(server).map(
    (body) =>
      body.messages.filter((m) => (m.role === 'user' || m.role === 'tool') && m.content?.includes(text))
        .length,
  );
  const corrections = Math.max(0, ...counts);
  assert.equal(corrections, 1, `corrections with "${text}": ${corrections}`);
});

Then(
  'every request to the scripted model about {string} included the earlier question {string} and its answer {string}',
  async function (this: SemkerWorld, followUp: string, question: string, answer: string) {
    const server = await settled(this);
    const about = bodies(server).filter((b) =>
      b.messages.some((m) => m.role === 'user' && m.content === followUp),
    );
    assert.ok(
      about.length >= 2,
      `expected a routing and an answering request about "${followUp}", got ${about.length}`,
    );
    for (const body of about) {
      const history = body.messages.map((m) => `${m.role}: ${m.content ?? ''}`);
      const q = history.indexOf(`user: ${question}`);
      const a = history.indexOf(`assistant: ${answer}`);
      const f = history.indexOf(`user: ${followUp}`);
      assert.ok(
        q > 0 && a > q && f > a,
        `the history is not question, answer, follow-up:\n${history.join('\n')}`,
      );
    }
    assert.equal(lastUserMessage(about.at(-1)!), followUp);
  },
);

Then(
  'every request to the scripted model went to {string} with api-version {string} and an api-key header',
  async function (this: SemkerWorld, path: string, apiVersion: string) {
    const server = await settled(this);
    assert.ok(server.requests.length > 0, 'the scripted model received no request');
    for (const request of server.requests) {
      assert.equal(request.path, path);
      assert.equal(request.query.get('api-version'), apiVersion);
      assert.equal(request.headers['api-key'], 'test-azure-key');
      assert.equal(request.headers.authorization, undefined, 'Azure key auth sends no bearer token');
    }
  },
);

// --- what the customer saw -------------------------------------------------------------------

async function updatesOf(
  world: SemkerWorld,
): Promise<{ status: string; result: string; agent_name: string | null }[]> {
  assert.ok(world.lastMessageId, 'no message was sent in this scenario');
  await world.waitUntilFinished(world.lastMessageId);
  const response = await world.request('GET', `/messages/${world.lastMessageId}/updates`);
  return response.body as { status: string; result: string; agent_name: string | null }[];
}

Then("the updates show the scripted model's step {string}", async function (this: SemkerWorld, step: string) {
  const updates = await updatesOf(this);
  assert.ok(
    updates.some((u) => u.status === 'inprogress' && u.result === step),
    `no step "${step}" among:\n${updates.map((u) => `- ${u.result}`).join('\n')}`,
  );
});

Then("the failure reason does not reveal the scripted model's API key", async function (this: SemkerWorld) {
  const updates = await updatesOf(this);
  const failed = updates.at(-1);
  assert.equal(failed?.status, 'failed');
  const key = this.api!.config.llm.openai.apiKey!;
  assert.ok(!failed.result.includes(key), `the reason reveals the key: ${failed.result}`);
  const status = await this.request('GET', `/messages/${this.lastMessageId}/status`);
  assert.ok(!status.text.includes(key), 'the status reveals the key');
});

// --- a slow model, for the worker's limits ---------------------------------------------------

Given(
  'a slow scripted model that replies to the customer itself after {int} ms, {int} times',
  async function (this: SemkerWorld, delayMs: number, times: number) {
    for (let n = 1; n <= times; n++) {
      await enqueue(this, {
        delayMs,
        json: { action: 'reply', agent: null, reason: 'A greeting.', reply: `Answer number ${n}` },
      });
    }
  },
);

Then(
  'the scripted model never had more than {int} request(s) at once',
  function (this: SemkerWorld, count: number) {
    assert.ok(serverOf(this).maxConcurrent <= count, `it had ${serverOf(this).maxConcurrent} at once`);
  },
);

Then('the scripted model had {int} requests at once', function (this: SemkerWorld, count: number) {
  assert.equal(serverOf(this).maxConcurrent, count);
});

Then(
  'each request to the scripted model carried the answer given just before it',
  function (this: SemkerWorld) {
    const requests = bodies(serverOf(this));
    assert.ok(requests.length > 1);
    requests.slice(1).forEach((body, i) => {
      const seen = body.messages.map((m) => m.content ?? '').join('\n');
      assert.ok(
        seen.includes(`Answer number ${i + 1}`),
        `request ${i + 2} lacks the answer before it:\n${seen}`,
      );
    });
  },
);
