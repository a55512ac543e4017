import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import cors from 'cors';
import express, { type Express } from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import type { Config } from '../config/config.ts';
import { HTTP_SERIALIZERS } from '../telemetry/logger.ts';
import { buildOpenApiDocument } from './openapi.ts';
import { notFound, problemHandler } from './problem.ts';
import { docsRouter } from './routes/docs.ts';
import { consoleRouter } from './routes/console.ts';
import { healthRouter, type ReadinessProbe } from './routes/health.ts';
import { messagesRouter } from './routes/messages.ts';
import { eventsRouter } from './routes/events.ts';
import type { EventStreams } from './event-streams.ts';
import type { UpdateReader } from './live-updates.ts';
import { ticketsRouter } from './routes/tickets.ts';
import { conversationsRouter } from './routes/conversations.ts';
import type { TicketStore } from '../store/ticket-store.ts';
import { identify, requireKey } from './auth.ts';
import { InMemoryIdempotencyStore, type IdempotencyStore } from '../store/idempotency-store.ts';
import type { RateLimitStore } from '../store/rate-limit-store.ts';
import { createRateLimiter } from './rate-limit.ts';
import type { MessageProcessor } from '../processing/message-processor.ts';
import { customersRouter } from './routes/customers.ts';
import type { AccountStore } from '../store/accounts.ts';
import type { ActionDesk } from '../actions/action-desk.ts';
import { identifyCustomer } from './customer-identity.ts';
import { webhooksRouter } from './routes/webhooks.ts';
import type { Webhooks } from '../webhooks/webhooks.ts';

/** A sane incoming request id is echoed; anything else is replaced by a fresh one. */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The HTML pages (Swagger UI, ReDoc) get helmet's full set for documents. The upgrade of the pages'
 * own scripts to https is off: the API is served over plain HTTP too (localhost, behind nginx on a
 * private network), where it would break Swagger UI. TLS is the proxy's business.
 */
const PAGE_HEADERS = helmet({ contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } });

/**
 * JSON responses get the set OWASP's REST Security Cheat Sheet lists for APIs (the same nginx.conf
 * sends): nothing may be loaded or framed by a response (`default-src 'none'; frame-ancestors
 * 'none'`, `X-Frame-Options: DENY`), no MIME sniffing, no referrer, HSTS. The headers meant for
 * documents (cross-origin isolation, origin-agent clustering, IE download and DNS-prefetch switches)
 * do nothing for JSON, so they are not sent.
 */
const API_HEADERS = helmet({
  contentSecurityPolicy: {
    useDefaults: false,
    directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
  },
  crossOriginOpenerPolicy: false,
  crossOriginResourcePolicy: false,
  originAgentCluster: false,
  xDnsPrefetchControl: false,
  xDownloadOptions: false,
  xFrameOptions: { action: 'deny' },
  xPermittedCrossDomainPolicies: false,
  xXssProtection: false,
});

export interface AppDeps {
  config: Config;
  logger: Logger;
  processor: MessageProcessor;
  /** The message store, which the routes read directly. */
  messages: UpdateReader;
  readiness: ReadinessProbe;
  /** Idempotency-Keys; in memory unless given (services.ts gives the PostgreSQL one with DATABASE_URL). */
  idempotency?: IdempotencyStore;
  /** Where the rate limiter counts; express-rate-limit's own memory store unless given. */
  rateLimitStore?: RateLimitStore;
  /** The open event streams and long-polls (createEventStreams over the services' update feed). */
  streams: EventStreams;
  /** Where the built console is (console/dist by default). */
  consoleDir?: string;
  /** Support tickets, for GET /tickets. */
  tickets: TicketStore;
  /** The operator's customer accounts, for GET /customers/me. */
  accounts: AccountStore;
  /** Actions with consent, for the audit routes. */
  actions: ActionDesk;
  /** Webhook endpoints and their deliveries, for /webhooks. */
  webhooks: Webhooks;
  startedAt?: number;
  /** Answers a Prometheus scrape (the telemetry's exporter); without it there is no /metrics. */
  metrics?: (req: IncomingMessage, res: ServerResponse) => void;
}

/** Builds the Express app from its dependencies. It never listens: main.ts and the tests do. */
export function createApp(deps: AppDeps): Express {
  const { config, logger, processor } = deps;
  const app = express();
  app.disable('x-powered-by');
  // A hop count, never `true`: only the configured proxies may set the client address.
  app.set('trust proxy', config.trustProxy);

  app.use(
    pinoHttp({
      logger,
      genReqId: (req, res) => {
        const incoming = req.headers['x-request-id'];
        const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
        res.setHeader('x-request-id', id);
        return id;
      },
      customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : 'info'),
      // The allowlist serializers get the request and response themselves (also when the logger
      // passed in lacks them). Wrapped (pino-http's default), each request first went through pino's
      // standard ones, which copy every header of both and parse the query string, for this line to
      // keep four fields of it.
      wrapSerializers: false,
      serializers: HTTP_SERIALIZERS,
    }),
  );
  const corsHeaders = cors({
    origin: config.cors.origins.includes('*') ? true : config.cors.origins,
    credentials: config.cors.credentials,
    // Omitted (not `undefined`) for "*": cors reads an explicit undefined as the list and every
    // preflight failed with a 500 (found by features/fuzz.feature). Omitted means cors's default list.
    ...(config.cors.methods.includes('*') ? {} : { methods: config.cors.methods }),
    allowedHeaders: config.cors.headers.includes('*') ? undefined : config.cors.headers,
    exposedHeaders: [
      'Location',
      'Retry-After',
      'x-request-id',
      'RateLimit',
      'RateLimit-Policy',
      'Idempotent-Replayed',
    ],
  });
  // CORS headers are for browsers, which send Origin on every cross-origin request. A request without
  // one (curl, a service, a same-origin page) gets only `Vary: Origin`, so a cache never hands its
  // response to a page of another origin; the rest of cors's headers would be ~200 bytes for nothing.
  app.use((req, res, next) => {
    if (req.headers.origin !== undefined) return corsHeaders(req, res, next);
    res.vary('Origin');
    next();
  });

  const document = (): object =>
    buildOpenApiDocument({
      title: config.apiTitle,
      version: config.apiVersion,
      maxMessageLength: config.limits.maxMessageLength,
      idempotencyTtlMs: config.idempotency.ttlMs,
      serverUrl: config.publicUrl,
    });
  app.use(docsRouter(document, config.apiTitle, PAGE_HEADERS));
  // The web console: open like the docs, with its own strict policy (no inline script, no eval).
  app.use(consoleRouter(deps.consoleDir));
  app.use(API_HEADERS);
  app.use(
    healthRouter({
      version: config.apiVersion,
      startedAt: deps.startedAt ?? Date.now(),
      readiness: deps.readiness,
      liveChecks: () => ({
        worker: processor.isAccepting ? 'accepting' : 'draining',
        queue_depth: String(processor.queueDepth),
        in_flight: String(processor.inFlightCount),
      }),
    }),
  );
  const { metrics } = deps;
  // Open like /health, for scrapers; counts and durations only, never message text.
  if (metrics) app.get('/metrics', (req, res) => metrics(req, res));
  // Everything below the open routes (health, docs) needs a key when keys are configured. The rate
  // limiter runs between identifying and refusing, so guessing keys is limited per address too.
  app.use(
    identify(config.auth.keys),
    createRateLimiter(config.rateLimit, deps.rateLimitStore),
    requireKey,
    identifyCustomer(config.customers, { anyTrusted: config.auth.keys.some((key) => key.trusted) }),
  );
  // Before the messages router: it takes the long-poll form of GET /messages/{id}/updates (`wait`).
  app.use(eventsRouter({ reader: deps.messages, streams: deps.streams }));
  app.use(
    messagesRouter({
      processor,
      messages: deps.messages,
      limits: config.limits,
      idempotencyTtlMs: config.idempotency.ttlMs,
      idempotency: deps.idempotency ?? new InMemoryIdempotencyStore(config.idempotency),
    }),
  );
  app.use(ticketsRouter({ tickets: deps.tickets }));
  app.use(
    conversationsRouter({
      processor,
      messages: deps.messages,
      tickets: deps.tickets,
      actions: deps.actions,
      logger,
    }),
  );
  app.use(customersRouter({ accounts: deps.accounts, actions: deps.actions }));
  app.use(webhooksRouter({ webhooks: deps.webhooks, bodyLimitBytes: config.limits.bodyLimitBytes }));
  app.use(notFound);
  app.use(problemHandler);
  return app;
}
