/**
 * The real Semker API in a child process, built exactly as src/composition/main.ts builds it (loadConfig →
 * createLogger → createServices → createApp), with production logging: pino JSON at info to
 * stdout, which bench/lib/child.ts points at /dev/null.
 *
 * It runs what `npm start` runs: the compiled dist/ (`npm run bench` builds it first) on plain Node,
 * with no loader — this file itself is erasable TypeScript, which Node runs as is. With
 * BENCH_SOURCE=1 it runs the TypeScript sources under tsx instead, as `npm run dev` does.
 *
 * Two bench-only additions, outside the app and never seen by it:
 *  - counters of accepted and finished messages, from the processor's `update` events, for the
 *    orchestrator's samples;
 *  - `GET /__bench/wait/<id>`, a long poll answered when the message finishes, so closed-loop
 *    clients can wait for their answer without the noise of a polling interval.
 *
 * Settings come from the BENCH_SEMKER_ENV variable (a JSON object of environment overrides).
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import type * as AppModule from '../src/http/app.ts';
import type * as ConfigModule from '../src/config/config.ts';
import type * as LoggerModule from '../src/telemetry/logger.ts';
import type * as ServicesModule from '../src/composition/services.ts';
import type * as MessageStoreModule from '../src/store/message-store.ts';
import type * as ServerTimeoutsModule from '../src/http/server-timeouts.ts';
import { failToParent, serveParent } from './lib/protocol.ts';

/** One of the service's modules, from the build or (BENCH_SOURCE=1) from the sources. */
function load<T>(module: string): Promise<T> {
  const file = process.env.BENCH_SOURCE === '1' ? `../src/${module}.ts` : `../dist/${module}.js`;
  return import(new URL(file, import.meta.url).href) as Promise<T>;
}

/** The production defaults main.ts would use, bound to loopback on a free port. */
const BASE_ENV: Record<string, string> = {
  NODE_ENV: 'production',
  LOG_LEVEL: 'info',
  HOST: '127.0.0.1',
  PORT: '0',
  LLM_PROVIDER: 'offline',
  // All bench clients share one address; the per-client limit (1200/min by default) would answer
  // 429 to nearly everything. A limit no run reaches keeps the limiter's cost in the figures.
  RATE_LIMIT_MAX: '1000000',
};

const WAIT_PREFIX = '/__bench/wait/';
/** Ended messages remembered for a late wait (a closed-loop client waits right after its POST). */
const ENDED_KEPT = 100_000;

async function main(): Promise<void> {
  const [
    { createApp },
    { loadConfig },
    { createLogger },
    { appDependencies, createServices },
    { isFinal },
    { serverTimeouts },
  ] = await Promise.all([
    load<typeof AppModule>('http/app'),
    load<typeof ConfigModule>('config/config'),
    load<typeof LoggerModule>('telemetry/logger'),
    load<typeof ServicesModule>('composition/services'),
    load<typeof MessageStoreModule>('store/message-store'),
    load<typeof ServerTimeoutsModule>('http/server-timeouts'),
  ]);
  const {
    BENCH_WEBHOOK_URL: webhookUrl,
    BENCH_WEBHOOK_COUNT: webhookCount,
    ...overrides
  } = JSON.parse(process.env.BENCH_SEMKER_ENV ?? '{}') as Record<string, string>;
  const threads = process.env.WORKER_THREADS ? { WORKER_THREADS: process.env.WORKER_THREADS } : {};
  const config = loadConfig({ ...BASE_ENV, ...threads, ...overrides });
  const logger = createLogger(config);
  const services = await createServices(config, logger);
  const { processor } = services;
  const app = createApp({ config, logger, ...appDependencies(config, services) });
  await services.started;
  // The webhooks scenario: endpoints registered before the load, all pointing at its receiver.
  for (let i = 0; webhookUrl && i < Number(webhookCount ?? 1); i++) {
    await services.webhooks.register(undefined, {
      url: `${webhookUrl}/${i}`,
      events: ['message.completed', 'message.failed'],
    });
  }

  const counts = { accepted: 0, completed: 0, failed: 0, updates: 0, queries: 0 };
  // Every statement node-postgres sends (the pool's, pg-boss's, the listener's) goes through
  // Client#query: counted here, bench-only, for the round trips per message.
  const query = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    counts.queries++;
    return (query as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof query;
  const waiters = new Map<string, ServerResponse[]>();
  // The messages that ended here lately, for a wait that comes after the end: known from the
  // processor's events, so waiting sends no query of its own (it would count as a round trip).
  const ended = new Map<string, string>();
  /** Accepted here and not ended yet. */
  const open = new Set<string>();
  processor.on('update', (id, update) => {
    counts.updates++;
    if (update.status === 'received') {
      counts.accepted++;
      open.add(id);
    } else if (update.status === 'completed') counts.completed++;
    else if (update.status === 'failed') counts.failed++;
    if (!isFinal(update.status)) return;
    open.delete(id);
    const responses = waiters.get(id);
    if (!responses) {
      ended.set(id, update.status);
      if (ended.size > ENDED_KEPT) ended.delete(ended.keys().next().value!);
      return;
    }
    waiters.delete(id);
    for (const res of responses) finish(res, 200, update.status);
  });

  // The server options main.ts gives its server (timeouts, how often connections are checked).
  const server = createServer(serverTimeouts(config.http), (req: IncomingMessage, res: ServerResponse) => {
    if (req.url?.startsWith(WAIT_PREFIX)) {
      // Every message of a bench run is accepted and finished by this process: one that has not
      // ended here has not ended.
      const id = req.url.slice(WAIT_PREFIX.length);
      const status = ended.get(id);
      if (status) {
        ended.delete(id);
        return finish(res, 200, status);
      }
      if (!open.has(id)) return finish(res, 404, 'unknown');
      const list = waiters.get(id);
      if (list) list.push(res);
      else waiters.set(id, [res]);
      return;
    }
    app(req, res);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  serveParent(
    () => counts,
    async () => {
      await processor.shutdown(0);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await services.close();
      logger.flush();
    },
  );
  process.send?.({ type: 'ready', port: (server.address() as AddressInfo).port });
}

function finish(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

main().catch(failToParent);
