/**
 * An OpenAI-compatible Chat Completions server for the model-bound scenario: every answer comes
 * after a fixed delay (BENCH_MODEL_DELAY_MS, default 200), like a remote model would.
 *
 * Why not features/support/scripted-openai-server.ts: that server answers from one FIFO script,
 * which is exact for one message at a time but cannot serve WORKER_CONCURRENCY conversations at
 * once (their requests interleave, so message B's routing call would receive message A's tool
 * call). This one decides each reply from the request itself, with the same wire format:
 *  1. a request with `response_format` is a routing call → a delegate decision (agent by keyword);
 *  2. a request with `tools` whose last message is the user's → one call of the agent's first tool;
 *  3. a request whose last message is a tool result → the final answer.
 * So every message costs exactly 3 model round trips. Runs as a child process of bench/run.ts.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { failToParent, serveParent } from './lib/protocol.ts';

/** Model round trips per message with this server: route, tool call, answer. */
export const ROUND_TRIPS_PER_MESSAGE = 3;

interface ChatBody {
  model?: string;
  messages: { role: string; content?: string | null }[];
  tools?: {
    function: { name: string; parameters?: { properties?: Record<string, unknown>; required?: string[] } };
  }[];
  response_format?: unknown;
}

const AGENT_BY_KEYWORD: [RegExp, string][] = [
  [/bill|charge|invoice/i, 'billing'],
  [/roam|abroad|spain|romania|belgium/i, 'roaming'],
  [/plan|tariff|upgrade/i, 'tariff'],
];

function lastMonth(): string {
  const now = new Date();
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  return d.toISOString().slice(0, 7);
}

/** Plausible arguments for the agents' tools, by parameter name. */
function argumentsFor(
  tool: NonNullable<ChatBody['tools']>[number],
  question: string,
): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  for (const name of tool.function.parameters?.required ?? []) {
    if (name === 'month') args[name] = lastMonth();
    else if (name === 'country') args[name] = 'Spain';
    else if (name === 'query') args[name] = question;
    else if (name === 'pricing_structure') args[name] = 'prepaid';
    else args[name] = 'x';
  }
  return args;
}

let calls = 0;

function reply(body: ChatBody): unknown {
  calls++;
  const messages = body.messages;
  const last = messages[messages.length - 1];
  const question = [...messages].reverse().find((m) => m.role === 'user')?.content ?? '';
  let message: Record<string, unknown>;
  let finish = 'stop';
  if (body.response_format) {
    const agent = AGENT_BY_KEYWORD.find(([re]) => re.test(question))?.[1] ?? 'faq';
    message = {
      role: 'assistant',
      content: JSON.stringify({ action: 'delegate', agent, reason: 'Matched by keyword.', reply: null }),
    };
  } else if (body.tools?.length && last?.role === 'user') {
    const tool = body.tools[0]!;
    finish = 'tool_calls';
    message = {
      role: 'assistant',
      content: null,
      tool_calls: [
        {
          id: `call_${calls}`,
          type: 'function',
          function: { name: tool.function.name, arguments: JSON.stringify(argumentsFor(tool, question)) },
        },
      ],
    };
  } else {
    message = { role: 'assistant', content: `Here is what I found (answer ${calls}).` };
  }
  return {
    id: `chatcmpl-bench-${calls}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: body.model ?? 'bench',
    choices: [{ index: 0, message: { refusal: null, ...message }, finish_reason: finish, logprobs: null }],
    usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 },
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function handle(req: IncomingMessage, res: ServerResponse, delayMs: number): Promise<void> {
  const body = JSON.parse((await readBody(req)) || '{}') as ChatBody;
  await sleep(delayMs);
  const text = JSON.stringify(reply(body));
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function main(): Promise<void> {
  const delayMs = Number(process.env.BENCH_MODEL_DELAY_MS ?? '200');
  const server = createServer((req, res) => {
    handle(req, res, delayMs).catch((error: unknown) => {
      res.writeHead(500, { 'content-type': 'application/json', 'x-should-retry': 'false' });
      res.end(JSON.stringify({ error: { message: String(error), type: 'bench_model_error' } }));
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  serveParent(
    () => ({ accepted: calls, completed: 0, failed: 0, updates: 0, queries: 0 }),
    () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  process.send?.({ type: 'ready', port: (server.address() as AddressInfo).port });
}

if (import.meta.main) main().catch(failToParent);
