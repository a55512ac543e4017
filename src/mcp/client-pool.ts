import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { FetchLike } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { RequestOptions } from '@modelcontextprotocol/sdk/shared/protocol.js';
import { ErrorCode, McpError, ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { Logger } from 'pino';
import {
  createUpstreamBreaker,
  type BreakerSettings,
  type UpstreamBreaker,
} from '../core/circuit-breaker.ts';
import { ProcessingFailure, ToolUnavailableError } from '../core/failures.ts';
import type { ToolClient, ToolDefinition, ToolResult } from './tool-client.ts';
import { CUSTOMER_META_KEY } from './customer-context.ts';

/** A domain's MCP server factory, for the in-process link: a new server per session. */
export type McpServerFactory = (options: { now?: () => Date }) => McpServer;

/** How the agents reach the MCP servers. */
export interface ToolClientsOptions<D extends string = string> {
  /** Every domain's in-process server factory: the domains to make clients for. */
  servers: Readonly<Record<D, McpServerFactory>>;
  /** Streamable HTTP endpoint per domain; a domain without one is served in-process. */
  urls: Partial<Record<D, string>>;
  /** Deadline of one call (connecting included), in milliseconds. */
  timeoutMs: number;
  /** The clock of in-process servers; tests pin it. */
  now?: () => Date;
  logger?: Logger;
  /**
   * The fetch the HTTP transports use. This is the propagation hook: wrap fetch to add headers
   * (e.g. W3C `traceparent`) to every MCP request without touching the transport.
   */
  fetch?: FetchLike;
  /**
   * The platform's bearer token towards the standalone MCP host (MCP_AUTH_TOKEN), sent on every
   * Streamable HTTP request: the host serves named customers only to its holder.
   */
  authToken?: string;
  /**
   * A circuit breaker per domain: after `threshold` consecutive transport failures or timeouts,
   * calls fail at once (instead of each waiting out `timeoutMs`) until a probe after `halfOpenMs`
   * finds the server answering again. Without it every call tries the server.
   */
  breaker?: BreakerSettings;
}

const CLIENT_INFO = { name: 'semker', version: '1.0.0' };

/** An open MCP session and how to end it. */
interface Session {
  client: Client;
  close(): Promise<void>;
}

/** Runs `promise` but gives up (rejecting with the signal's reason) as soon as `signal` aborts. */
function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** Protocol errors the server sent deliberately: the session is fine, retrying will not help. */
const isProtocolError = (error: unknown): boolean =>
  error instanceof McpError &&
  error.code !== ErrorCode.ConnectionClosed &&
  error.code !== ErrorCode.RequestTimeout;

/** The error's message, with the network code behind a bare "fetch failed" (e.g. ECONNREFUSED). */
const describe = (error: unknown): string => {
  if (!(error instanceof Error)) return String(error);
  const code = error.cause instanceof Error && 'code' in error.cause ? error.cause.code : undefined;
  return typeof code === 'string' ? `${error.message} (${code})` : error.message;
};

/**
 * A ToolClient over one MCP session, opened on first use and reused for every call. A transport
 * failure drops the session; the call is retried once on a fresh session (the tools are read-only,
 * so a retry is safe) and later calls reconnect.
 */
class McpToolClient implements ToolClient {
  readonly domain: string;
  private readonly options: ToolClientsOptions;
  private session: Promise<Session> | undefined;
  /** The session once open: a call on it needs neither to wait for it nor a deadline of its own. */
  private ready: Session | undefined;
  private closed = false;
  private readonly breaker: UpstreamBreaker | undefined;
  /** Per session (one Client each): its tool list, once listed. */
  private readonly toolLists = new WeakMap<Client, Promise<ToolDefinition[]>>();

  constructor(domain: string, options: ToolClientsOptions) {
    this.domain = domain;
    this.options = options;
    this.breaker = options.breaker
      ? createUpstreamBreaker({
          name: `mcp:${domain}`,
          settings: options.breaker,
          logger: options.logger,
          // A tool server that is down or silent; not a protocol error it sent on purpose, not our abort.
          isFailure: (error) => error instanceof ToolUnavailableError,
          whenOpen: (retryInMs) =>
            new ToolUnavailableError(
              domain,
              `it failed ${options.breaker?.threshold} times in a row, so calls fail fast until it answers again (next check in ${Math.ceil(retryInMs / 1000)} s)`,
            ),
        })
      : undefined;
  }

  /**
   * The session's tools, listed once per session: they do not change within one (a server that
   * says they did, with `notifications/tools/list_changed`, has them listed again), and each listing
   * makes the SDK compile a validator for every tool's output schema — with a model, the agent lists
   * its tools for every message, and that compilation was a visible share of each message's CPU.
   */
  listTools(): Promise<ToolDefinition[]> {
    return this.withSession(undefined, (client, request) => {
      let tools = this.toolLists.get(client);
      if (!tools) {
        // Shared by every caller until it settles, so no one caller's abort may cancel it: only
        // the deadline bounds it; each caller still stops waiting at its own (below).
        const listing = client.listTools(undefined, { timeout: request.timeout }).then((result) =>
          result.tools.map((tool) => ({
            name: tool.name,
            description: tool.description ?? '',
            inputSchema: tool.inputSchema,
          })),
        );
        listing.catch(() => {
          if (this.toolLists.get(client) === listing) this.toolLists.delete(client);
        });
        this.toolLists.set(client, listing);
        tools = listing;
      }
      // A caller joining a listing already under way still gives up at its own deadline.
      return abortable(tools, request.signal!);
    });
  }

  async callTool(
    name: string,
    args: Record<string, unknown>,
    signal?: AbortSignal,
    customerId?: string,
  ): Promise<ToolResult> {
    const meta = customerId === undefined ? undefined : { [CUSTOMER_META_KEY]: customerId };
    const result = await this.withSession(signal, (client, request) =>
      client.callTool({ name, arguments: args, ...(meta && { _meta: meta }) }, undefined, request),
    );
    const content = 'content' in result && Array.isArray(result.content) ? result.content : [];
    const text = content.flatMap((part) => (part.type === 'text' ? [part.text] : [])).join('\n');
    const structured =
      'structuredContent' in result &&
      typeof result.structuredContent === 'object' &&
      result.structuredContent !== null
        ? (result.structuredContent as Record<string, unknown>)
        : undefined;
    return { isError: result.isError === true, text, structured };
  }

  /** A round trip to the server (MCP `ping`), for readiness; the cached tool list would prove nothing. */
  async ping(): Promise<void> {
    await this.withSession(undefined, (client, request) => client.ping(request));
  }

  async close(): Promise<void> {
    this.closed = true;
    const session = this.session;
    this.session = undefined;
    this.ready = undefined;
    if (session) await session.then((s) => s.close()).catch(() => undefined);
  }

  /** Runs one request through the domain's circuit breaker, when there is one. */
  private withSession<T>(
    callerSignal: AbortSignal | undefined,
    request: (client: Client, options: RequestOptions) => Promise<T>,
  ): Promise<T> {
    const call = (): Promise<T> => this.withRetry(callerSignal, request);
    return this.breaker ? this.breaker.run(call) : call();
  }

  /**
   * Runs one request under a deadline, retrying once after a transport failure. On an open session
   * (nearly every call) the request goes straight to the SDK, whose own `timeout` is the deadline;
   * otherwise `withDeadline` bounds connecting and the request together. Either way the SDK hears
   * the caller's abort through a signal of this call alone: the listener the SDK adds and never
   * removes must not stay on the caller's signal, where a later abort (a message failing after its
   * tool calls) would cancel requests long answered.
   */
  private async withRetry<T>(
    callerSignal: AbortSignal | undefined,
    request: (client: Client, options: RequestOptions) => Promise<T>,
  ): Promise<T> {
    const open = this.ready;
    if (!open || callerSignal?.aborted) return this.withDeadline(callerSignal, request, 1);
    const { timeoutMs } = this.options;
    const controller = callerSignal && new AbortController();
    const onCallerAbort = (): void => controller?.abort(callerSignal?.reason);
    callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
    try {
      return await request(open.client, { signal: controller?.signal, timeout: timeoutMs });
    } catch (error) {
      this.rethrowUnlessTransport(error, callerSignal, false);
      this.options.logger?.warn(
        { domain: this.domain, attempt: 1, err: error },
        'MCP transport failure; reconnecting',
      );
      if (this.ready === open) await this.drop(this.session!);
      return this.withDeadline(callerSignal, request, 2);
    } finally {
      callerSignal?.removeEventListener('abort', onCallerAbort);
    }
  }

  /** Runs one request under a single deadline (connect included), from attempt `first` of two. */
  private async withDeadline<T>(
    callerSignal: AbortSignal | undefined,
    request: (client: Client, options: RequestOptions) => Promise<T>,
    first: number,
  ): Promise<T> {
    const { timeoutMs } = this.options;
    // One controller per call, its timer and the caller's listener both removed when the call ends.
    // Not AbortSignal.timeout/any: the SDK adds an `abort` listener to the signal it is given and
    // never removes it, so those signals kept every finished message reachable until the timer
    // fired (MCP_TIMEOUT_MS later), several kB per message (docs/performance.md).
    const controller = new AbortController();
    const { signal } = controller;
    let timedOutByDeadline = false;
    const timer = setTimeout(() => {
      timedOutByDeadline = true;
      controller.abort(new DOMException(`no answer within ${timeoutMs} ms`, 'TimeoutError'));
    }, timeoutMs);
    const onCallerAbort = (): void => controller.abort(callerSignal?.reason);
    if (callerSignal?.aborted) onCallerAbort();
    else callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
    try {
      return await this.attempts(callerSignal, signal, () => timedOutByDeadline, request, first);
    } finally {
      clearTimeout(timer);
      callerSignal?.removeEventListener('abort', onCallerAbort);
    }
  }

  private async attempts<T>(
    callerSignal: AbortSignal | undefined,
    signal: AbortSignal,
    deadlinePassed: () => boolean,
    request: (client: Client, options: RequestOptions) => Promise<T>,
    first: number,
  ): Promise<T> {
    const { timeoutMs } = this.options;
    for (let attempt = first; ; attempt += 1) {
      if (this.closed) throw new ToolUnavailableError(this.domain, 'the client is closed');
      const pending = this.connect();
      try {
        const { client } = await abortable(pending, signal);
        return await request(client, { signal, timeout: timeoutMs });
      } catch (error) {
        this.rethrowUnlessTransport(error, callerSignal, deadlinePassed());
        this.options.logger?.warn(
          { domain: this.domain, attempt, err: error },
          'MCP transport failure; reconnecting',
        );
        await this.drop(pending);
        if (attempt >= 2) throw new ToolUnavailableError(this.domain, describe(error), { cause: error });
      }
    }
  }

  /**
   * Throws what a failed request means when it is not a transport failure (which is retried): the
   * caller's abort, the deadline (as ToolUnavailableError), or a protocol error the server sent on
   * purpose (as a `tool_contract` failure).
   */
  private rethrowUnlessTransport(
    error: unknown,
    callerSignal: AbortSignal | undefined,
    deadlinePassed: boolean,
  ): void {
    const { timeoutMs } = this.options;
    if (callerSignal?.aborted) throw callerSignal.reason;
    const timedOut = deadlinePassed || (error instanceof McpError && error.code === ErrorCode.RequestTimeout);
    if (timedOut)
      throw new ToolUnavailableError(this.domain, `no answer within ${timeoutMs} ms`, { cause: error });
    if (isProtocolError(error)) {
      throw new ProcessingFailure(
        'tool_contract',
        `The ${this.domain} tool server refused the request: ${describe(error)}`,
        this.domain,
        { cause: error },
      );
    }
  }

  /** The current session, opening one if there is none; concurrent callers share the same attempt. */
  private connect(): Promise<Session> {
    if (!this.session) {
      const opening = this.open();
      this.session = opening;
      opening.then(
        (session) => {
          if (this.session === opening) this.ready = session;
        },
        // A failed attempt must not stick: the next call tries again.
        () => {
          if (this.session === opening) this.session = undefined;
        },
      );
    }
    return this.session;
  }

  /** Forgets `pending` (if still current) and closes it, ignoring errors: it is already broken. */
  private async drop(pending: Promise<Session>): Promise<void> {
    if (this.session === pending) {
      this.session = undefined;
      this.ready = undefined;
    }
    await pending.then((s) => s.close()).catch(() => undefined);
  }

  private async open(): Promise<Session> {
    const client = new Client(CLIENT_INFO);
    const url = this.options.urls[this.domain];
    // Background errors (e.g. the SSE stream failing to reconnect) surface on the next call; just log them.
    client.onerror = (error) =>
      this.options.logger?.debug({ domain: this.domain, err: error }, 'MCP transport error');
    client.setNotificationHandler(ToolListChangedNotificationSchema, () => {
      this.toolLists.delete(client);
    });
    return url ? this.openHttp(client, url) : this.openInMemory(client);
  }

  private async openHttp(client: Client, url: string): Promise<Session> {
    const { authToken } = this.options;
    const transport = new StreamableHTTPClientTransport(new URL(url), {
      fetch: this.options.fetch,
      ...(authToken && { requestInit: { headers: { Authorization: `Bearer ${authToken}` } } }),
    });
    await client.connect(transport, { timeout: this.options.timeoutMs });
    this.options.logger?.debug(
      { domain: this.domain, url, sessionId: transport.sessionId },
      'MCP session opened',
    );
    return {
      client,
      close: async () => {
        // Ending the session politely frees it on the server; an unreachable server has nothing to free.
        await transport.terminateSession().catch(() => undefined);
        await client.close();
      },
    };
  }

  private async openInMemory(client: Client): Promise<Session> {
    const server = this.options.servers[this.domain]!({ now: this.options.now });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await server.connect(serverSide);
    await client.connect(clientSide, { timeout: this.options.timeoutMs });
    return {
      client,
      close: async () => {
        await client.close();
        await server.close();
      },
    };
  }
}

/**
 * One ToolClient per domain: in-process servers through the SDK's in-memory transport, or
 * Streamable HTTP for the domains with a URL. Sessions open lazily on first use.
 */
export function createToolClients<D extends string>(options: ToolClientsOptions<D>): Record<D, ToolClient> {
  const domains = Object.keys(options.servers) as D[];
  return Object.fromEntries(
    domains.map((domain) => [domain, new McpToolClient(domain, options as ToolClientsOptions)]),
  ) as unknown as Record<D, ToolClient>;
}
