import { Agent, request } from 'node:http';
import autocannon from 'autocannon';

/** The load every scenario uses: autocannon, 50 connections, no pipelining. */
export const CONNECTIONS = 50;

/** What the clients ask; the four domains in turn, so the worker exercises every agent. */
export const QUESTIONS = [
  'Why was my bill so high last month?',
  'How much is roaming in Spain?',
  'Which tariff plans do you have?',
  'How do I activate an eSIM?',
];
const BODIES = QUESTIONS.map((message) => JSON.stringify({ message }));

/** The figures of one autocannon run that the scenarios use. */
export interface LoadResult {
  durationS: number;
  /** 2xx responses per second. */
  okPerSecond: number;
  ok: number;
  non2xx: number;
  errors: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  /**
   * Closed loop with `answerLatency`: from sending a POST to receiving its answer (the long poll's
   * end), per completed message.
   */
  answerMs?: { count: number; p50: number; p99: number };
}

/** Headers added to every POST, or made per request from its sequence number. */
export type ExtraHeaders = Record<string, string> | ((n: number) => Record<string, string>);

/**
 * Customers' conversations: a bounded pool, so per-conversation state (history) stays bounded too.
 * 500, the pool the original's design was measured with, so our figures and the FastAPI
 * reference's come from the same requests.
 */
export const CONVERSATIONS = 500;
let sequence = 0;

interface ClientContext {
  messageId?: string;
  /** When the POST of messageId was set up (performance.now()). */
  postedAt?: number;
}

/**
 * One POST /messages: conversations and questions in turn across all clients (autocannon resets a
 * client's context after each loop, so a per-client id cannot be kept). With 500 conversations and
 * at most 50 messages in flight, messages rarely wait behind their own conversation. Built by
 * setupRequest without reading the response: an onResponse handler makes autocannon keep every
 * body, which halves what one client process can send. Both references get exactly these requests.
 */
function postRequest(keepId: boolean, extraHeaders: ExtraHeaders = {}): autocannon.Request {
  return {
    method: 'POST',
    path: '/messages',
    setupRequest: (request, raw) => {
      const n = sequence++;
      if (keepId) (raw as ClientContext).postedAt = performance.now();
      return {
        ...request,
        headers: {
          'content-type': 'application/json',
          'x-ms-conversation-id': `bench-${n % CONVERSATIONS}`,
          ...(typeof extraHeaders === 'function' ? extraHeaders(n) : extraHeaders),
        },
        body: BODIES[n % BODIES.length],
      };
    },
    ...(keepId
      ? {
          onResponse: (status: number, body: string, raw: object) => {
            const context = raw as ClientContext;
            context.messageId =
              status === 201 ? (JSON.parse(body) as { message_id: string }).message_id : undefined;
          },
        }
      : {}),
  };
}

/**
 * GET /__bench/wait/<id> (bench/semker-server.ts): answered when the message just posted has
 * finished. With `answers`, the time from its POST to here is added for every completed message
 * (an onResponse handler, so only where asked: autocannon then keeps the bodies).
 */
function waitRequest(answers?: number[]): autocannon.Request {
  return {
    method: 'GET',
    setupRequest: (request, raw) => {
      const context = raw as ClientContext;
      return {
        ...request,
        method: 'GET',
        path: `/__bench/wait/${context.messageId ?? 'none'}`,
        headers: {},
        body: undefined,
      };
    },
    ...(answers
      ? {
          onResponse: (status: number, body: string, raw: object) => {
            const { postedAt } = raw as ClientContext;
            if (status === 200 && body === 'completed' && postedAt !== undefined)
              answers.push(performance.now() - postedAt);
          },
        }
      : {}),
  };
}

/**
 * Open load: every connection posts messages back to back for `durationS` seconds (the clients do not
 * wait for answers). Measures the front door.
 */
export function postLoad(
  url: string,
  durationS: number,
  headers: Record<string, string> = {},
): Promise<LoadResult> {
  return run({
    url,
    duration: durationS,
    connections: CONNECTIONS,
    pipelining: 1,
    requests: [postRequest(false, headers)],
  });
}

/**
 * Closed loop: every connection posts a message, waits for its answer (long poll), and posts the next.
 * 50 customers each with one question in flight. Needs bench/semker-server.ts. `headers` go with
 * every POST; `answerLatency` adds each answer's time from POST to answer (LoadResult.answerMs).
 */
export async function conversationLoad(
  url: string,
  durationS: number,
  options: { headers?: ExtraHeaders; answerLatency?: boolean } = {},
): Promise<LoadResult> {
  const answers = options.answerLatency ? [] : undefined;
  const result = await run({
    url,
    duration: durationS,
    connections: CONNECTIONS,
    pipelining: 1,
    // A long poll waits for the model: give it the time the message has, not autocannon's 10 s.
    timeout: 60,
    requests: [postRequest(true, options.headers), waitRequest(answers)],
  });
  if (!answers) return result;
  answers.sort((a, b) => a - b);
  const at = (q: number): number =>
    answers[Math.min(answers.length - 1, Math.floor(q * answers.length))] ?? NaN;
  return { ...result, answerMs: { count: answers.length, p50: at(0.5), p99: at(0.99) } };
}

/** What 50 waiting clients saw (answerLoad): answers received in the window, and how long each took. */
export interface AnswerResult {
  durationS: number;
  /** Answers (`completed`) the clients received within the window. */
  answers: number;
  answersPerSecond: number;
  /** Messages that ended `failed`, or POSTs not answered 201. */
  failed: number;
  /** Requests that got no HTTP answer at all (connection refused or reset). */
  errors: number;
  /** From sending a message's POST to receiving its answer, in milliseconds. */
  answerMs: { p50: number; p90: number; p99: number; max: number };
}

interface Exchange {
  status: number;
  body: string;
}

/**
 * Closed loop measured as the clients see it: each of 50 clients posts a question, waits for that
 * message's answer (GET /__bench/wait/<id>, bench/semker-server.ts), then posts the next. Counted
 * here, by the clients: an answer counts when it is received within the `durationS` window, and its
 * time runs from the POST being sent to the answer being received. Plain node:http with one
 * keep-alive connection per client, because autocannon times each request on its own and cannot
 * time a POST and the wait that follows it as one answer.
 */
export async function answerLoad(url: string, durationS: number): Promise<AnswerResult> {
  const { hostname, port } = new URL(url);
  const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const exchange = (method: string, path: string, headers: Record<string, string>, body?: string) =>
    new Promise<Exchange>((resolve, reject) => {
      const req = request({ agent, hostname, port, method, path, headers }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(body);
    });
  const times: number[] = [];
  let failed = 0;
  let errors = 0;
  const start = performance.now();
  const end = start + durationS * 1000;
  const client = async (): Promise<void> => {
    while (performance.now() < end) {
      const n = sequence++;
      const sent = performance.now();
      try {
        const body = BODIES[n % BODIES.length]!;
        const posted = await exchange(
          'POST',
          '/messages',
          {
            'content-type': 'application/json',
            'content-length': String(Buffer.byteLength(body)),
            'x-ms-conversation-id': `bench-${n % CONVERSATIONS}`,
          },
          body,
        );
        if (posted.status !== 201) {
          failed++;
          continue;
        }
        const { message_id: id } = JSON.parse(posted.body) as { message_id: string };
        const answer = await exchange('GET', `/__bench/wait/${id}`, {});
        const received = performance.now();
        if (received > end) break;
        if (answer.status === 200 && answer.body === 'completed') times.push(received - sent);
        else failed++;
      } catch {
        errors++;
        // Not a busy loop against a server that refuses connections.
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    }
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, client));
  agent.destroy();
  times.sort((a, b) => a - b);
  const at = (q: number): number => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0;
  return {
    durationS,
    answers: times.length,
    answersPerSecond: times.length / durationS,
    failed,
    errors,
    answerMs: { p50: at(0.5), p90: at(0.9), p99: at(0.99), max: times.at(-1) ?? 0 },
  };
}

async function run(options: autocannon.Options): Promise<LoadResult> {
  const result = await autocannon(options);
  return {
    durationS: result.duration,
    ok: result['2xx'],
    okPerSecond: result['2xx'] / result.duration,
    non2xx: result.non2xx,
    errors: result.errors,
    latencyMs: {
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      max: result.latency.max,
    },
  };
}
