import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** One tool call the scripted model makes; `arguments` is sent verbatim when a string (to script malformed JSON). */
export interface ScriptedToolCall {
  name: string;
  arguments: string | Record<string, unknown>;
}

/** What the scripted model answers to the next Chat Completions request, in order. */
export type ScriptedReply = {
  delayMs?: number;
  /** The reply waits for this (a gate the test opens), so a test can see what happens meanwhile. */
  until?: Promise<unknown>;
} & (
  | { content: string }
  | { json: unknown }
  | { toolCalls: ScriptedToolCall[]; content?: string }
  | { status: number; body?: unknown; headers?: Record<string, string> }
  /** A body sent as it is (a cut or non-JSON body), as `application/json` unless the headers say otherwise. */
  | { status: number; raw: string | Buffer; headers?: Record<string, string> }
);

/** A request the server received, as the engine sent it. */
export interface RecordedRequest {
  method: string;
  /** The path without the query string, e.g. "/v1/chat/completions". */
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  /** The parsed JSON body (a Chat Completions request). */
  body: ChatRequestBody;
}

/** The parts of a Chat Completions request the tests look at. */
export interface ChatRequestBody {
  model?: string;
  messages: { role: string; content?: string | null; tool_call_id?: string; tool_calls?: unknown[] }[];
  tools?: {
    type: string;
    function: { name: string; description?: string; parameters?: unknown; strict?: boolean };
  }[];
  response_format?: { type: string; json_schema?: { name: string; strict?: boolean; schema?: unknown } };
  stream?: boolean;
  [key: string]: unknown;
}

/**
 * A real HTTP server speaking the OpenAI Chat Completions wire format (non-streaming), driven by a
 * script: each request takes the next reply from the queue. It records every request so tests can
 * check what the engine sent. This is the one stand-in the tests use, because no model is
 * reachable here; the openai client library itself runs for real against it.
 */
export class ScriptedOpenAiServer {
  /** Every request received, oldest first, including the ones answered with an error. */
  readonly requests: RecordedRequest[] = [];
  private readonly script: ScriptedReply[] = [];
  private calls = 0;
  private active = 0;
  /** The most chat requests the server was answering at one time. */
  maxConcurrent = 0;
  private readonly server: Server;

  private constructor(server: Server) {
    this.server = server;
  }

  /** Starts a server on 127.0.0.1 at a free port. */
  static async start(): Promise<ScriptedOpenAiServer> {
    const server = createServer();
    const instance = new ScriptedOpenAiServer(server);
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      instance.handle(req, res).catch((error: unknown) => {
        if (!res.headersSent)
          send(res, 500, { error: { message: String(error), type: 'scripted_server_error' } });
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return instance;
  }

  /** The server's origin, e.g. "http://127.0.0.1:41234" (append "/v1" for an OpenAI base URL). */
  get url(): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  /**
   * Answers every request from here on with `answer(request)` instead of the script: for many
   * messages at once, whose requests interleave in no fixed order.
   */
  answerWith(answer: (request: ChatRequestBody) => ScriptedReply): void {
    this.answerer = answer;
  }

  private answerer: ((request: ChatRequestBody) => ScriptedReply) | undefined;

  /** Appends replies to the script. */
  enqueue(...replies: ScriptedReply[]): void {
    this.script.push(...replies);
  }

  /** Replies not consumed yet: a finished scenario should have used them all. */
  get remaining(): number {
    return this.script.length;
  }

  /** The Chat Completions requests only (what the model was asked), oldest first. */
  get chatRequests(): RecordedRequest[] {
    return this.requests.filter((r) => r.path.endsWith('/chat/completions'));
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://scripted');
    const text = await readBody(req);
    const body = (text ? JSON.parse(text) : {}) as ChatRequestBody;
    this.requests.push({
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body,
    });

    if (req.method !== 'POST' || !url.pathname.endsWith('/chat/completions')) {
      send(res, 404, {
        error: { message: `No route ${req.method} ${url.pathname}`, type: 'invalid_request_error' },
      });
      return;
    }
    if (body.stream) {
      send(res, 400, {
        error: { message: 'The scripted model does not stream', type: 'invalid_request_error' },
      });
      return;
    }
    const reply = this.answerer ? this.answerer(body) : this.script.shift();
    if (!reply) {
      // x-should-retry: false keeps the client from retrying a script that ran out: the test fails fast.
      send(
        res,
        500,
        { error: { message: 'The scripted model has no reply left', type: 'script_exhausted' } },
        {
          'x-should-retry': 'false',
        },
      );
      return;
    }
    this.active++;
    this.maxConcurrent = Math.max(this.maxConcurrent, this.active);
    try {
      if (reply.until) await reply.until;
      if (reply.delayMs) await sleep(reply.delayMs);
    } finally {
      this.active--;
    }
    if ('raw' in reply) {
      res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
      res.end(reply.raw);
      return;
    }
    if ('status' in reply) {
      // retry-after-ms keeps the client's retry back-off short in tests; the client honours it.
      send(res, reply.status, reply.body ?? { error: { message: 'scripted error' } }, {
        'retry-after-ms': '10',
        ...reply.headers,
      });
      return;
    }
    this.calls += 1;
    send(res, 200, chatCompletion(reply, `${this.calls}`, body.model ?? 'scripted'));
  }
}

/**
 * The Chat Completions response that carries `reply`, its ids numbered `n`: what the server sends,
 * and what a test that sends one large body many times serialises once (as a `raw` reply).
 */
export function chatCompletion(
  reply: Exclude<ScriptedReply, { status: number }>,
  n = '1',
  model = 'scripted',
): unknown {
  const toolCalls =
    'toolCalls' in reply
      ? reply.toolCalls.map((call, i) => ({
          id: `call_${n}_${i + 1}`,
          type: 'function',
          function: {
            name: call.name,
            arguments: typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments),
          },
        }))
      : undefined;
  const content = 'json' in reply ? JSON.stringify(reply.json) : (reply.content ?? null);
  return {
    id: `chatcmpl-scripted-${n}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content,
          refusal: null,
          ...(toolCalls ? { tool_calls: toolCalls } : {}),
        },
        finish_reason: toolCalls ? 'tool_calls' : 'stop',
        logprobs: null,
      },
    ],
    usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 },
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}
