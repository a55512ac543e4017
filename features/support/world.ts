import { After, setDefaultTimeout, setWorldConstructor, World, type IWorldOptions } from '@cucumber/cucumber';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import { pino } from 'pino';
import { createApp } from '../../src/http/app.ts';
import { loadConfig, type Config } from '../../src/config/config.ts';
import type { StoredMessage } from '../../src/store/message-store.ts';
import { isFinal } from '../../src/store/message-store.ts';
import { appDependencies, createServices, type Services } from '../../src/composition/services.ts';
import { migratedDatabase, sharedPostgres } from './postgres.ts';
import type { EventStreams } from '../../src/http/event-streams.ts';
import { serverTimeouts } from '../../src/http/server-timeouts.ts';

setDefaultTimeout(30_000);

/** The settings every test API starts from: offline engine, in-process MCP. */
const TEST_ENV: Record<string, string> = {
  NODE_ENV: 'test',
  HOST: '127.0.0.1',
  PORT: '0',
};

/**
 * What the test API logs: warnings and errors are kept for the steps to read (a failed message's
 * technical reason is in its log line, never in what the customer reads); TEST_LOG_LEVEL also
 * prints the log, from that level.
 */
const CAPTURED_LEVEL = 'warn';
const PRINTED_LEVEL = process.env.TEST_LOG_LEVEL;

export interface RunningApi {
  baseUrl: string;
  config: Config;
  services: Services;
  streams: EventStreams;
  server: Server;
}

/** One scenario's state: the API it started, its conversation, and what it last sent and received. */
export class SemkerWorld extends World<{ backend?: 'memory' | 'postgres' }> {
  api: RunningApi | undefined;
  /**
   * Which backend the in-process API runs on: the world parameter `backend` (npm run bdd:postgres
   * runs the @contract scenarios again with `postgres`), in memory by default.
   */
  readonly backend: 'memory' | 'postgres';
  /** The scenario's own database on the run's PostgreSQL server, once one was asked for. */
  databaseUrl: string | undefined;
  /** Each scenario talks in its own conversation unless a step names one. */
  readonly conversationId = `conv-${Math.random().toString(36).slice(2, 10)}`;
  lastMessageId: string | undefined;
  lastResponse: { status: number; headers: Record<string, string>; body: unknown; text: string } | undefined;
  /** Named values steps share, e.g. message ids by label. */
  readonly memory = new Map<string, string>();
  /** The test API's log lines at `warn` and above (all of them at TEST_LOG_LEVEL), parsed. */
  readonly logLines: Array<Record<string, unknown>> = [];
  private readonly cleanups: Array<() => Promise<void> | void> = [];
  /** Set when the scenario's cleanup has begun. */
  private ended = false;

  constructor(options: IWorldOptions<{ backend?: 'memory' | 'postgres' }>) {
    super(options);
    this.backend = options.parameters.backend ?? 'memory';
  }

  /**
   * A fresh database for this scenario on the run's PostgreSQL server (created on first use): empty,
   * or with `migrated` already at the current schema (for the in-process API, whose scenarios are
   * about what it does with the database, not about migrating it). The first call decides.
   */
  database(options: { migrated?: boolean } = {}): Promise<string> {
    this.creatingDatabase ??= (
      options.migrated ? migratedDatabase() : sharedPostgres().then((server) => server.freshDatabase())
    ).then((url) => (this.databaseUrl = url));
    return this.creatingDatabase;
  }

  private creatingDatabase: Promise<string> | undefined;

  get baseUrl(): string {
    if (!this.api) throw new Error('The API is not running: start it with "Given the API is running".');
    return this.api.baseUrl;
  }

  /** Builds the real app from the real services with these environment overrides and listens on loopback. */
  async startApi(env: Record<string, string> = {}, options: { now?: () => Date } = {}): Promise<RunningApi> {
    if (this.api) await this.stopApi();
    const database =
      this.backend === 'postgres' ? { DATABASE_URL: await this.database({ migrated: true }) } : {};
    const config = loadConfig({
      LOG_LEVEL: PRINTED_LEVEL ?? CAPTURED_LEVEL,
      ...TEST_ENV,
      ...database,
      ...env,
    });
    const capturedLevel = pino.levels.values[CAPTURED_LEVEL]!;
    const logger = pino(
      { level: config.logLevel },
      {
        write: (line: string) => {
          const entry = JSON.parse(line) as Record<string, unknown>;
          if ((entry.level as number) >= capturedLevel) this.logLines.push(entry);
          if (PRINTED_LEVEL) process.stdout.write(line);
        },
      },
    );
    const services = await createServices(config, logger, options);
    const deps = appDependencies(config, services);
    const { streams } = deps;
    const app = createApp({ config, logger, ...deps });
    await services.started;
    // Served as main.ts serves it: by a server created with the configured timeouts.
    const server = createServer(serverTimeouts(config.http), app).listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    this.api = { baseUrl: `http://127.0.0.1:${port}`, config, services, streams, server };
    if (this.ended) {
      // The scenario ended (its step timed out) while this API was starting: stopped now, it does not
      // go on polling its queue for the rest of the run.
      await this.stopApi();
      throw new Error('The scenario ended while its API was starting.');
    }
    return this.api;
  }

  /**
   * Restarts the API's HTTP server on the same port: every connection is cut at once, as when the
   * process dies, and a new server over the same services listens again. The services (the messages,
   * the worker) survive, as they do across a restart when their state is in PostgreSQL.
   */
  async restartHttpServer(): Promise<void> {
    const api = this.api;
    if (!api) throw new Error('The API is not running.');
    const { port } = api.server.address() as AddressInfo;
    api.server.closeAllConnections();
    api.streams.close();
    await new Promise<void>((resolve) => api.server.close(() => resolve()));
    const logger = pino({ level: api.config.logLevel });
    const deps = appDependencies(api.config, api.services);
    const { streams } = deps;
    const app = createApp({ config: api.config, logger, ...deps });
    const server = createServer(serverTimeouts(api.config.http), app).listen(port, '127.0.0.1');
    await once(server, 'listening');
    this.api = { ...api, streams, server };
  }

  async stopApi(): Promise<void> {
    const api = this.api;
    if (!api) return;
    this.api = undefined;
    await api.services.processor.shutdown(0);
    api.streams.close();
    api.server.closeAllConnections();
    await new Promise<void>((resolve) => api.server.close(() => resolve()));
    await api.services.close();
  }

  /** Registers work to undo after the scenario (servers, processes), run in reverse order. */
  onCleanup(cleanup: () => Promise<void> | void): void {
    this.cleanups.push(cleanup);
  }

  async cleanup(): Promise<void> {
    this.ended = true;
    await this.stopApi();
    for (const cleanup of this.cleanups.reverse()) await cleanup();
  }

  /** Sends a request to the API and keeps the response for the Then steps. */
  async request(
    method: string,
    path: string,
    options: { headers?: Record<string, string>; body?: string } = {},
  ): Promise<NonNullable<SemkerWorld['lastResponse']>> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: options.headers,
      body: options.body,
      redirect: 'manual',
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // Not JSON (HTML docs, empty body): keep the text.
    }
    this.lastResponse = {
      status: response.status,
      headers: Object.fromEntries(response.headers),
      body,
      text,
    };
    return this.lastResponse;
  }

  /** Posts a customer message in a conversation and remembers its id. */
  async postMessage(message: string, conversationId = this.conversationId): Promise<string> {
    const response = await this.request('POST', '/messages', {
      headers: { 'content-type': 'application/json', 'x-ms-conversation-id': conversationId },
      body: JSON.stringify({ message }),
    });
    if (response.status !== 201) {
      throw new Error(`POST /messages answered ${response.status}: ${response.text}`);
    }
    this.lastMessageId = (response.body as { message_id: string }).message_id;
    return this.lastMessageId;
  }

  /**
   * Waits until the message has finished, by listening to the service's update feed (no sleeping),
   * bounded by `timeoutMs`; returns the stored message.
   */
  async waitUntilFinished(messageId: string, timeoutMs = 15_000): Promise<StoredMessage> {
    const services = this.api?.services;
    if (!services) throw new Error('The API is not running.');
    let unsubscribe = (): void => {};
    let timer: NodeJS.Timeout | undefined;
    const finished = new Promise<void>((resolve, reject) => {
      timer = setTimeout(() => {
        unsubscribe();
        reject(new Error(`Message ${messageId} did not finish within ${timeoutMs} ms`));
      }, timeoutMs);
      unsubscribe = services.updates.subscribe((signal) => {
        if (signal.messageId !== messageId || !signal.final) return;
        clearTimeout(timer);
        unsubscribe();
        resolve();
      });
    });
    // Subscribed before reading, so a final update recorded in between is not missed.
    const now = await services.messages.get(messageId);
    if (now && isFinal(now.status)) {
      clearTimeout(timer);
      unsubscribe();
      return now;
    }
    await finished;
    const message = await services.messages.get(messageId);
    if (!message) throw new Error(`Message ${messageId} is gone`);
    return message;
  }
}

setWorldConstructor(SemkerWorld);

After(async function (this: SemkerWorld) {
  await this.cleanup();
});
