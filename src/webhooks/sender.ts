import type { Agent, request as undiciRequest } from 'undici';
import { checkLiteralHost, guardedLookup, UnsafeUrlError } from './address-guard.ts';
import type { SignedHeaders } from './signer.ts';

/** A receiver's answer is read up to this many bytes and dropped: only its status matters. */
const RESPONSE_BODY_LIMIT = 16 * 1024;

/** What one attempt came to. */
export type AttemptResult =
  | { kind: 'delivered'; status: number }
  /** Answered with a status that is not 2xx (410 included); Retry-After in milliseconds when sent. */
  | { kind: 'refused'; status: number; retryAfterMs: number | undefined }
  /** No answer: refused connection, DNS, timeout, an address that is not public. For the log only. */
  | { kind: 'unreachable'; reason: string };

/** Retry-After as delay-seconds or an HTTP-date (RFC 9110 §10.2.3), in milliseconds from now. */
export function retryAfterMs(header: string | string[] | undefined, now = Date.now()): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export interface SenderOptions {
  timeoutMs: number;
  allowPrivate: boolean;
  userAgent: string;
}

/** Makes signed attempts: never rejects, every failure is a result. */
export interface Sender {
  send(url: string, headers: SignedHeaders, body: string): Promise<AttemptResult>;
  /** Loads the HTTP client now rather than with the first attempt. */
  ready(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Posts signed bodies to receivers. Each attempt is bounded by `timeoutMs` as a whole (connect,
 * send, answer), follows no redirect (undici's `request` never does), reads at most a few KB of
 * the answer, and (unless private addresses are allowed) connects only to the public address its
 * own DNS lookup checked. Connections are kept alive and pooled per receiver, 16 at most.
 */
export function createSender(options: SenderOptions): Sender {
  // undici is loaded by ready() or the first attempt (its modules take a fifth of a second of CPU to
  // load): the delivery thread, started with a service's first delivery, loads it as it starts.
  let client: Promise<{ agent: Agent; request: typeof undiciRequest }> | undefined;
  const connect = () =>
    (client ??= import('undici').then(({ Agent, request }) => ({
      agent: new Agent({
        connections: 16,
        keepAliveTimeout: 4000,
        ...(options.allowPrivate ? {} : { connect: { lookup: guardedLookup } }),
      }),
      request,
    })));
  return {
    ready: async () => {
      await connect();
    },
    async send(url, headers, body) {
      try {
        const target = new URL(url);
        if (!options.allowPrivate) checkLiteralHost(target);
        const { agent, request } = await connect();
        const response = await request(target, {
          method: 'POST',
          dispatcher: agent,
          signal: AbortSignal.timeout(options.timeoutMs),
          headers: { ...headers, 'content-type': 'application/json', 'user-agent': options.userAgent },
          body,
        });
        await drain(response.body);
        const status = response.statusCode;
        if (status >= 200 && status < 300) return { kind: 'delivered', status };
        return { kind: 'refused', status, retryAfterMs: retryAfterMs(response.headers['retry-after']) };
      } catch (error) {
        return { kind: 'unreachable', reason: describe(error) };
      }
    },
    close: async () => {
      if (client) await (await client).agent.close();
    },
  };
}

/**
 * Reads the answer's body to its end, or drops the connection past the limit. Read here rather
 * than with undici's `dump()`, which closed the kept-alive connection of a fully read answer too.
 */
async function drain(body: AsyncIterable<Buffer> & { destroy(): unknown }): Promise<void> {
  let read = 0;
  try {
    for await (const chunk of body) {
      read += chunk.length;
      if (read > RESPONSE_BODY_LIMIT) {
        body.destroy();
        return;
      }
    }
  } catch {
    // A body cut short is no different from one read: the status has been read.
  }
}

/** A short reason for the log (never the secret: it is not in any error). */
function describe(error: unknown): string {
  if (error instanceof UnsafeUrlError) return error.message;
  if (error instanceof Error && error.name === 'TimeoutError') return 'timed out';
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  if (cause instanceof UnsafeUrlError) return cause.message;
  const code = (cause as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : error instanceof Error ? error.message : String(error);
}
