import 'dotenv/config';
import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createMcpExpressApp } from '@modelcontextprotocol/sdk/server/express.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { requireBearerAuth } from '@modelcontextprotocol/sdk/server/auth/middleware/bearerAuth.js';
import { InvalidTokenError } from '@modelcontextprotocol/sdk/server/auth/errors.js';
import type { AccountStore } from '../store/accounts.ts';
import { openAccounts } from './open-accounts.ts';
import type { ErrorRequestHandler, Express, Request, RequestHandler, Response } from 'express';
import { pino, type Logger } from 'pino';
import { loadConfig } from '../config/config.ts';
import { DOMAIN_SERVERS, DOMAINS, type Domain } from '../domains/registry.ts';
import { createLogger } from '../telemetry/logger.ts';
import { telemetryRuntime } from '../telemetry/runtime.ts';

/** Sessions idle longer than this are closed: clients that vanish must not hold memory forever. */
const SESSION_IDLE_MS = 30 * 60_000;
/** More open sessions than this are refused (503) rather than exhausting memory. */
const MAX_SESSIONS = 1000;

interface HostedSession {
  domain: Domain;
  transport: StreamableHTTPServerTransport;
  lastActive: number;
}

/** The open Streamable HTTP sessions of a host, across its four domains. */
export class McpSessions {
  private readonly sessions = new Map<string, HostedSession>();

  get size(): number {
    return this.sessions.size;
  }

  get(id: string): HostedSession | undefined {
    const session = this.sessions.get(id);
    if (session) session.lastActive = Date.now();
    return session;
  }

  add(id: string, session: HostedSession): void {
    this.sessions.set(id, session);
  }

  delete(id: string): void {
    this.sessions.delete(id);
  }

  /** Closes sessions idle since before `cutoff` (epoch ms). */
  async closeIdle(cutoff: number): Promise<void> {
    const idle = [...this.sessions.values()].filter((s) => s.lastActive < cutoff);
    await Promise.allSettled(idle.map((s) => s.transport.close()));
  }

  /** Closes every session; their transports remove themselves on close. */
  async closeAll(): Promise<void> {
    await Promise.allSettled([...this.sessions.values()].map((s) => s.transport.close()));
    this.sessions.clear();
  }
}

/** How to build the MCP HTTP app. */
export interface McpHttpAppOptions {
  /** The clock of the domain servers; tests pin it. */
  now?: () => Date;
  /** The interface the app will be bound to; localhost enables the SDK's DNS-rebinding protection. */
  host?: string;
  /** Host header values to accept, when bound to all interfaces behind a known name. */
  allowedHosts?: string[];
  /** Session registry; pass one to observe or close the sessions. */
  sessions?: McpSessions;
  logger?: Logger;
  /**
   * The platform's bearer token (MCP_AUTH_TOKEN). With it, every MCP request must present it
   * (`Authorization: Bearer`, per MCP's authorization; 401 otherwise) and the customer-data tools
   * read `accounts` for the customer a call names. Without it the host names no customer: those
   * tools answer with a tool error, so reaching the port is never enough to read an account.
   */
  authToken?: string;
  accounts?: AccountStore;
}

const rpcError = (res: Response, status: number, code: number, message: string): void => {
  res.status(status).json({ jsonrpc: '2.0', error: { code, message }, id: null });
};

/** Serves one domain at `/<domain>/mcp`: POST (requests), GET (server stream), DELETE (end session). */
function domainHandler(domain: Domain, sessions: McpSessions, options: McpHttpAppOptions): RequestHandler {
  return async (req: Request, res: Response) => {
    const sessionId = req.header('mcp-session-id');
    if (sessionId) {
      const session = sessions.get(sessionId);
      // A session of another domain is as unknown here as an expired one: the client must re-initialize.
      if (!session || session.domain !== domain) return rpcError(res, 404, -32001, 'Session not found');
      return session.transport.handleRequest(req, res, req.body);
    }
    if (req.method !== 'POST' || !isInitializeRequest(req.body)) {
      return rpcError(res, 400, -32000, 'Bad Request: No valid session ID provided');
    }
    if (sessions.size >= MAX_SESSIONS) return rpcError(res, 503, -32000, 'Too many open sessions');
    const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      // Registered only once initialized, so no request can reach a half-built session.
      onsessioninitialized: (id) => {
        sessions.add(id, { domain, transport, lastActive: Date.now() });
        options.logger?.debug({ domain, sessionId: id }, 'MCP session opened');
      },
    });
    // Set before connect: the server chains its own close handling onto this one.
    transport.onclose = () => {
      if (transport.sessionId) sessions.delete(transport.sessionId);
      options.logger?.debug({ domain, sessionId: transport.sessionId }, 'MCP session closed');
    };
    const accounts = options.authToken ? options.accounts : undefined;
    await DOMAIN_SERVERS[domain]({ now: options.now, accounts }).connect(transport);
    return transport.handleRequest(req, res, req.body);
  };
}

const sha256 = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/**
 * The SDK's bearer-token middleware, checking the one platform token (compared as SHA-256 digests
 * with timingSafeEqual). The token has no expiry of its own (it is revoked by changing
 * MCP_AUTH_TOKEN), but the SDK requires one: each verification is good for the request it admits.
 */
function platformBearer(token: string): RequestHandler {
  const expected = sha256(token);
  return requireBearerAuth({
    verifier: {
      verifyAccessToken: (presented) => {
        if (!timingSafeEqual(sha256(presented), expected)) {
          return Promise.reject(new InvalidTokenError('The token is not the platform’s.'));
        }
        return Promise.resolve({
          token: presented,
          clientId: 'semker-platform',
          scopes: [],
          expiresAt: Math.floor(Date.now() / 1000) + 60,
        });
      },
    },
  });
}

/**
 * The MCP host as an Express app (it never listens): the four domain servers over Streamable
 * HTTP at `/billing/mcp`, `/roaming/mcp`, `/tariff/mcp`, `/faq/mcp` with stateful sessions, and
 * `GET /health`.
 */
export function createMcpHttpApp(options: McpHttpAppOptions = {}): Express {
  const sessions = options.sessions ?? new McpSessions();
  const app = createMcpExpressApp({ host: options.host ?? '127.0.0.1', allowedHosts: options.allowedHosts });
  app.get('/health', (_req, res) => {
    res.json({ status: 'ok', domains: DOMAINS, sessions: sessions.size });
  });
  const guard: RequestHandler[] = options.authToken ? [platformBearer(options.authToken)] : [];
  for (const domain of DOMAINS) app.all(`/${domain}/mcp`, ...guard, domainHandler(domain, sessions, options));
  const onError: ErrorRequestHandler = (err: unknown, _req, res, next) => {
    options.logger?.error({ err }, 'MCP request failed');
    if (res.headersSent) return next(err);
    rpcError(res, 500, -32603, 'Internal server error');
  };
  app.use(onError);
  return app;
}

/** A listening MCP host. */
export interface McpHttpHost {
  /** Base URL, e.g. `http://127.0.0.1:8001`; domain endpoints are `${url}/<domain>/mcp`. */
  url: string;
  port: number;
  sessions: McpSessions;
  /** Closes every session, then the listener. */
  close(): Promise<void>;
}

/** Starts the MCP host on `host:port` (port 0 picks a free one) and resolves once it listens. */
export async function startMcpHttpHost(
  options: McpHttpAppOptions & { host: string; port: number },
): Promise<McpHttpHost> {
  const sessions = options.sessions ?? new McpSessions();
  const app = createMcpHttpApp({ ...options, sessions });
  const server = await new Promise<Server>((resolve, reject) => {
    const listening = app.listen(options.port, options.host, (error?: Error) =>
      error ? reject(error) : resolve(listening),
    );
  });
  const sweeper = setInterval(() => void sessions.closeIdle(Date.now() - SESSION_IDLE_MS), 60_000);
  sweeper.unref();
  const { port } = server.address() as AddressInfo;
  const shownHost = options.host === '0.0.0.0' || options.host === '::' ? '127.0.0.1' : options.host;
  return {
    url: `http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${port}`,
    port,
    sessions,
    async close() {
      clearInterval(sweeper);
      await sessions.closeAll();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Open server-sent-event streams would otherwise keep close() waiting.
        server.closeAllConnections();
      });
    },
  };
}

/** Serves one domain over stdio for desktop MCP clients. stdout carries the protocol only. */
async function serveStdio(
  domain: Domain,
  logger: Logger,
  accounts: AccountStore,
): Promise<() => Promise<void>> {
  const server = DOMAIN_SERVERS[domain]({ accounts });
  await server.connect(new StdioServerTransport());
  logger.info({ domain }, 'MCP server serving over stdio');
  return () => server.close();
}

const isDomain = (value: string | undefined): value is Domain => DOMAINS.some((d) => d === value);

/** Entry point of `npm run mcp` (all domains over HTTP) and `npm run mcp -- --stdio <domain>`. */
async function main(argv: readonly string[]): Promise<void> {
  const config = loadConfig(process.env);
  const stdioAt = argv.indexOf('--stdio');
  let logger: Logger;
  let stop: () => Promise<void>;
  if (stdioAt >= 0) {
    const domain = argv[stdioAt + 1];
    if (!isDomain(domain)) throw new Error(`--stdio needs a domain: one of ${DOMAINS.join(', ')}`);
    // stdout belongs to the protocol: plain JSON logs to stderr (fd 2), never a pretty-printer on stdout.
    logger = pino({ level: config.logLevel, base: { service: 'semker-mcp' } }, pino.destination(2));
    // A process of its own, spawned by whoever holds this machine's configuration: no port to reach,
    // so its accounts need no token (a call must still name its customer in _meta).
    const opened = await openAccounts(config, logger);
    const close = await serveStdio(domain, logger, opened.accounts);
    stop = async () => {
      await close();
      await opened.close();
    };
  } else {
    logger = createLogger(config).child({ component: 'mcp-host' });
    const { authToken } = config.mcp;
    // Accounts only for a host that authenticates its caller: without MCP_AUTH_TOKEN none are read.
    const opened = authToken ? await openAccounts(config, logger) : undefined;
    if (!authToken) logger.warn('MCP_AUTH_TOKEN is not set: the customer-data tools answer no customer');
    const host = await startMcpHttpHost({
      host: config.mcp.host,
      port: config.mcp.port,
      logger,
      authToken,
      accounts: opened?.accounts,
    });
    logger.info({ url: host.url, domains: DOMAINS.map((d) => `/${d}/mcp`) }, 'MCP host listening');
    stop = async () => {
      await host.close();
      await opened?.close();
    };
  }
  const shutdown = (signal: NodeJS.Signals): void => {
    logger.info({ signal }, 'MCP host shutting down');
    // The telemetry (started by the `--import` preload, if at all) is flushed last.
    stop()
      .then(() => telemetryRuntime().shutdown())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, 'MCP host did not shut down cleanly');
          process.exit(1);
        },
      );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

if (import.meta.main) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
