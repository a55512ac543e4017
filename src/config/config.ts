import { createPublicKey } from 'node:crypto';
import ms from 'ms';
import { z } from 'zod';
import type { BreakerSettings } from '../core/circuit-breaker.ts';
import type { LogSettings } from '../telemetry/logger.ts';
import { DOMAINS, perDomain, type Domain } from '../domains/registry.ts';
import { TEXT_BOUNDS } from '../core/text-bounds.ts';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const int = (min: number, max: number) =>
  z.coerce
    .number({ error: 'must be a whole number' })
    .int({ error: 'must be a whole number' })
    .min(min, { error: `must be at least ${min}` })
    .max(max, { error: `must be at most ${max}` });

const list = z.string().transform((v) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0),
);

/**
 * Comma-separated durations (`0`, `500ms`, `5s`, `5m`, `2h`), read by `ms`: the delay before each
 * attempt of a webhook delivery, the first included.
 */
const durations = z.string().transform((value, ctx) => {
  const parts = value.split(',').map((s) => s.trim());
  const delays = parts.map((part) =>
    /^\d+(\.\d+)?\s*(ms|s|m|h|d)?$/.test(part) ? ms(part as ms.StringValue) : NaN,
  );
  if (parts.length === 0 || delays.some((d) => !Number.isFinite(d) || d < 0)) {
    ctx.addIssue({ code: 'custom', message: 'must be comma-separated durations such as 0,5s,5m,2h' });
    return z.NEVER;
  }
  return delays;
});

/** The Standard Webhooks retry schedule: immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h. */
export const STANDARD_RETRY_SCHEDULE = '0,5s,5m,30m,2h,5h,10h,10h';

const url = z.url({ error: 'must be an absolute http(s) URL' }).optional();

/** The variable that points a domain's agent at its MCP server over Streamable HTTP: MCP_BILLING_URL, … */
export const mcpUrlVariable = (domain: Domain): string => `MCP_${domain.toUpperCase()}_URL`;

/** One API key: the owner's name (what messages are filed under) and the secret itself. */
export interface ApiKey {
  name: string;
  key: string;
  admin: boolean;
  /**
   * A server-side channel that authenticated the customer itself (TRUSTED_API_KEYS): only its
   * requests may name the customer in `x-customer-id`.
   */
  trusted: boolean;
}

/**
 * `name:key` pairs, comma-separated. Names are 1–64 of `A–Z a–z 0–9 . _ -`; keys at least 16
 * non-space characters without commas (a short key can be guessed). An error never echoes a key.
 */
const apiKeys = z.string().transform((value, ctx) => {
  const keys: Pick<ApiKey, 'name' | 'key'>[] = [];
  const entries = value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  for (const [index, entry] of entries.entries()) {
    const colon = entry.indexOf(':');
    const name = colon > 0 ? entry.slice(0, colon) : '';
    const key = colon > 0 ? entry.slice(colon + 1) : '';
    if (!/^[A-Za-z0-9._-]{1,64}$/.test(name) || !/^\S{16,}$/.test(key)) {
      ctx.addIssue({
        code: 'custom',
        message: `entry ${index + 1} must be name:key, the name 1–64 of A–Z a–z 0–9 . _ - and the key at least 16 non-space characters`,
      });
      return z.NEVER;
    }
    keys.push({ name, key });
  }
  return keys;
});

/** Variables whose value must never appear in an error message. */
const SECRET_VARIABLES = new Set([
  'API_KEYS',
  'ADMIN_API_KEYS',
  'OPENAI_API_KEY',
  'AZURE_OPENAI_API_KEY',
  'DATABASE_URL',
  'TRUSTED_API_KEYS',
  'CUSTOMER_JWT_SECRET',
  'MCP_AUTH_TOKEN',
]);

/**
 * A PEM public key (SPKI) the identity provider signs customer tokens with: RSA (RS256), EC P-256
 * (ES256) or Ed25519 (EdDSA). Line breaks may be written as `\n` (one-line environment values).
 */
const publicKeyPem = z
  .string()
  .transform((value) => value.replace(/\\n/g, '\n'))
  .refine(
    (pem) => {
      try {
        const key = createPublicKey(pem);
        return ['rsa', 'ec', 'ed25519'].includes(key.asymmetricKeyType ?? '');
      } catch {
        return false;
      }
    },
    { error: 'must be a PEM public key (RSA, EC P-256 or Ed25519)' },
  )
  .optional();

/** A PostgreSQL connection URL; its password is never echoed (DATABASE_URL is a secret variable). */
const databaseUrl = z
  .string()
  .refine((value) => URL.canParse(value) && /^postgres(ql)?:$/.test(new URL(value).protocol), {
    error: 'must be a postgres:// or postgresql:// URL',
  })
  .optional();

/** Empty strings in the environment (e.g. `OPENAI_API_KEY=` in .env) mean "not set". */
const blankToUndefined = (env: NodeJS.ProcessEnv): Record<string, string> =>
  Object.fromEntries(
    Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ''),
  );

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
  // Loopback unless set: nothing is open to the network by default (the image and compose set 0.0.0.0).
  HOST: z.string().default('127.0.0.1'),
  PORT: int(0, 65535).default(8000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
  API_TITLE: z.string().default('Semker Async Message Processing API'),
  PUBLIC_URL: url,

  CORS_ORIGINS: list.default(['http://localhost:3000', 'http://127.0.0.1:3000']),
  CORS_ALLOW_CREDENTIALS: bool.default(true),
  CORS_ALLOW_METHODS: list.default(['*']),
  CORS_ALLOW_HEADERS: list.default(['*']),
  TRUST_PROXY: int(0, 10).default(0),

  MAX_MESSAGE_LENGTH: int(1, 1_000_000).default(10_000),
  BODY_LIMIT_BYTES: int(1024, 10_485_760).default(65_536),
  QUEUE_CAPACITY: int(1, 1_000_000).default(1000),
  QUEUE_OWNER_SHARE: int(1, 1_000_000).optional(),
  WORKER_CONCURRENCY: int(1, 1000).default(16),
  WORKER_THREADS: int(0, 64).default(0),
  MESSAGE_TIMEOUT_MS: int(100, 3_600_000).default(60_000),
  ANSWER_MAX_CHARS: int(1000, 10_000_000).default(TEXT_BOUNDS.answerChars),
  MESSAGE_RETENTION: int(1, 10_000_000).default(100_000),
  SHUTDOWN_GRACE_MS: int(0, 600_000).default(10_000),
  CONVERSATION_MAX_TURNS: int(1, 1000).default(20),
  CONVERSATION_TTL_MS: int(1000, 604_800_000).default(3_600_000),
  CONVERSATION_CAPACITY: int(1, 10_000_000).default(100_000),

  LLM_PROVIDER: z.enum(['offline', 'openai', 'azure']).optional(),
  OPENAI_API_KEY: z.string().optional(),
  OPENAI_BASE_URL: url,
  OPENAI_MODEL: z.string().default('gpt-4o-mini'),
  AZURE_OPENAI_ENDPOINT: url,
  AZURE_OPENAI_API_KEY: z.string().optional(),
  AZURE_OPENAI_DEPLOYMENT_NAME: z.string().optional(),
  AZURE_OPENAI_API_VERSION: z.string().default('2024-10-21'),
  LLM_TIMEOUT_MS: int(100, 600_000).default(30_000),
  LLM_MAX_RETRIES: int(0, 10).default(2),
  LLM_MAX_TOOL_ROUNDS: int(1, 20).default(5),
  LLM_MAX_OUTPUT_TOKENS: int(16, 1_000_000).default(4096),
  LLM_GUARDRAIL_CHECK: bool.default(false),

  ...Object.fromEntries(DOMAINS.map((domain) => [mcpUrlVariable(domain), url])),
  MCP_TIMEOUT_MS: int(100, 600_000).default(10_000),
  MCP_HOST: z.string().default('127.0.0.1'),
  MCP_PORT: int(0, 65535).default(8001),

  MCP_AUTH_TOKEN: z
    .string()
    .regex(/^\S{16,}$/, { error: 'must be at least 16 non-space characters' })
    .optional(),

  API_KEYS: apiKeys.optional(),
  ADMIN_API_KEYS: apiKeys.optional(),
  TRUSTED_API_KEYS: apiKeys.optional(),
  CUSTOMER_IDENTITY: z.enum(['optional', 'required']).default('optional'),
  CUSTOMER_JWT_SECRET: z
    .string()
    .min(32, { error: 'must be at least 32 characters (HS256 needs a 256-bit secret)' })
    .optional(),
  CUSTOMER_JWT_PUBLIC_KEY: publicKeyPem,
  CUSTOMER_JWKS_URL: url,
  CUSTOMER_JWT_ISSUER: z.string().min(1).optional(),
  CUSTOMER_JWT_AUDIENCE: z.string().min(1).optional(),
  DEMO_CUSTOMERS: int(0, 1_000_000).default(1000),
  ACTION_CONFIRM_TTL_MS: int(1000, 86_400_000).default(900_000),
  RATE_LIMIT_WINDOW_MS: int(1000, 86_400_000).default(60_000),
  RATE_LIMIT_MAX: int(0, 1_000_000).default(1200),
  HTTP_REQUEST_TIMEOUT_MS: int(1000, 3_600_000).default(30_000),
  HTTP_HEADERS_TIMEOUT_MS: int(1000, 3_600_000).default(10_000),
  HTTP_KEEP_ALIVE_TIMEOUT_MS: int(1000, 600_000).default(5_000),
  IDEMPOTENCY_TTL_MS: int(1000, 604_800_000).default(86_400_000),
  IDEMPOTENCY_CAPACITY: int(1, 10_000_000).default(100_000),
  CIRCUIT_BREAKER_THRESHOLD: int(1, 1000).default(5),
  CIRCUIT_BREAKER_HALF_OPEN_MS: int(100, 3_600_000).default(10_000),

  DATABASE_URL: databaseUrl,
  DATABASE_POOL_SIZE: int(1, 1000).default(10),
  MESSAGE_TAKEOVER_MS: int(12_000, 3_600_000).default(30_000),
  MESSAGE_RETENTION_MS: int(60_000, 31_536_000_000).default(604_800_000),
  RETENTION_CRON: z
    .string()
    // pg-boss schedules by the minute (an occurrence is due for 60 s and makes one job), so a field
    // for seconds would promise what it does not do.
    .regex(/^\S+( \S+){4}$/, { error: 'must be a cron expression of 5 fields (minute resolution)' })
    .default('* * * * *'),
  RETENTION_INTERVAL_SECONDS: int(1, 86_400).optional(),
  STREAM_HEARTBEAT_MS: int(10, 300_000).default(15_000),
  STREAM_MAX_OPEN: int(1, 1_000_000).default(5_000),
  STREAM_MAX_PER_CLIENT: int(1, 1_000_000).default(20),
  STREAM_SLOW_READER_MS: int(100, 600_000).default(30_000),

  WEBHOOK_TIMEOUT_MS: int(100, 600_000).default(10_000),
  WEBHOOK_RETRY_SCHEDULE: durations.default(durations.parse(STANDARD_RETRY_SCHEDULE)),
  WEBHOOK_ALLOW_PRIVATE: bool.default(false),
  WEBHOOK_CONCURRENCY: int(1, 1000).default(64),
  WEBHOOK_MAX_ENDPOINTS: int(1, 10_000).default(20),
  // A fault for the durability scenario, honoured only with NODE_ENV=test (WebhookConfig.killBeforeRelay).
  WEBHOOK_TEST_KILL_BEFORE_RELAY: bool.default(false),
});

/** Rules between variables, reported with every other bad variable. */
function crossChecks(e: z.infer<typeof schema>): string[] {
  const problems: string[] = [];
  if (e.HTTP_HEADERS_TIMEOUT_MS > e.HTTP_REQUEST_TIMEOUT_MS) {
    problems.push(
      `HTTP_HEADERS_TIMEOUT_MS: must not exceed HTTP_REQUEST_TIMEOUT_MS (${e.HTTP_REQUEST_TIMEOUT_MS})`,
    );
  }
  const names = [...(e.API_KEYS ?? []), ...(e.ADMIN_API_KEYS ?? []), ...(e.TRUSTED_API_KEYS ?? [])].map(
    (k) => k.name,
  );
  const twice = [...new Set(names.filter((name, i) => names.indexOf(name) !== i))];
  if (twice.length > 0) {
    problems.push(
      `API_KEYS: names must be unique across API_KEYS, ADMIN_API_KEYS and TRUSTED_API_KEYS (repeated: ${twice.join(', ')})`,
    );
  }
  const verifiers = [e.CUSTOMER_JWT_SECRET, e.CUSTOMER_JWT_PUBLIC_KEY, e.CUSTOMER_JWKS_URL].filter(
    (v) => v !== undefined,
  );
  if (verifiers.length > 1) {
    problems.push(
      'CUSTOMER_JWT_SECRET: set only one of CUSTOMER_JWT_SECRET, CUSTOMER_JWT_PUBLIC_KEY and CUSTOMER_JWKS_URL',
    );
  }
  if (e.CUSTOMER_IDENTITY === 'required' && verifiers.length === 0 && !e.TRUSTED_API_KEYS?.length) {
    problems.push(
      'CUSTOMER_IDENTITY: required needs a way to name the customer: CUSTOMER_JWT_SECRET, CUSTOMER_JWT_PUBLIC_KEY, CUSTOMER_JWKS_URL or TRUSTED_API_KEYS',
    );
  }
  return problems;
}

type Env = z.infer<typeof schema>;

/** The engine in force: LLM_PROVIDER, else openai when a key is set, else the offline engine. */
const providerOf = <P extends string>(env: {
  LLM_PROVIDER?: P;
  OPENAI_API_KEY?: string;
}): P | 'openai' | 'offline' => env.LLM_PROVIDER ?? (env.OPENAI_API_KEY ? 'openai' : 'offline');

/**
 * Settings that are required only together with others. Checked on the raw environment, apart from the
 * schema, so they are reported alongside every other bad variable rather than only once the rest parse.
 */
function missingCompanions(env: Record<string, string | undefined>): string[] {
  const provider = providerOf(env);
  const required =
    provider === 'openai'
      ? ['OPENAI_API_KEY']
      : provider === 'azure'
        ? ['AZURE_OPENAI_ENDPOINT', 'AZURE_OPENAI_API_KEY', 'AZURE_OPENAI_DEPLOYMENT_NAME']
        : [];
  return required
    .filter((name) => !env[name])
    .map((name) => `${name}: is required when LLM_PROVIDER=${provider}`);
}

/** Everything the service reads from its environment, parsed and checked once at start-up. */
export interface Config {
  env: Env['NODE_ENV'];
  host: string;
  port: number;
  logLevel: LogSettings['logLevel'];
  logFormat: LogSettings['logFormat'];
  apiTitle: string;
  apiVersion: string;
  publicUrl: string | undefined;
  cors: { origins: string[]; credentials: boolean; methods: string[]; headers: string[] };
  trustProxy: number;
  limits: { maxMessageLength: number; bodyLimitBytes: number };
  worker: {
    queueCapacity: number;
    /** Messages one owner may have waiting at once (QUEUE_OWNER_SHARE; by default the whole capacity). */
    queueOwnerShare: number;
    concurrency: number;
    /** Worker threads running the planner pipeline; 0 runs it on the main thread. */
    threads: number;
    messageTimeoutMs: number;
    /** The longest answer a message keeps and serves (ANSWER_MAX_CHARS); longer ones are cut with a marker. */
    answerMaxChars: number;
    retention: number;
    shutdownGraceMs: number;
  };
  conversations: { maxTurns: number; ttlMs: number; capacity: number };
  llm: {
    provider: 'offline' | 'openai' | 'azure';
    openai: { apiKey: string | undefined; baseUrl: string | undefined; model: string };
    azure: {
      endpoint: string | undefined;
      apiKey: string | undefined;
      deployment: string | undefined;
      apiVersion: string;
    };
    timeoutMs: number;
    maxRetries: number;
    maxToolRounds: number;
    /** `max_tokens` of every model call: a bound on what one answer may cost and hold. */
    maxOutputTokens: number;
    /** One structured classification call (relevance, jailbreak) before routing, after the rules. */
    guardrailCheck: boolean;
  };
  mcp: {
    urls: Partial<Record<Domain, string>>;
    timeoutMs: number;
    host: string;
    port: number;
    /**
     * The platform's bearer token towards the standalone MCP host: the host accepts a named
     * customer only from a caller presenting it, and the API's clients send it.
     */
    authToken: string | undefined;
  };
  /** API keys; none means the API is open, as the original was. */
  auth: { keys: ApiKey[] };
  /** Who the customer of a request is (docs/customers.md), and the demo customers' data. */
  customers: CustomersConfig;
  /** Requests per client (API key owner, else address) per window; `max` 0 turns the limit off. */
  rateLimit: { windowMs: number; max: number };
  /** The HTTP server's timeouts (main.ts); keep-alive must outlast nginx's upstream keepalive_timeout. */
  http: { requestTimeoutMs: number; headersTimeoutMs: number; keepAliveTimeoutMs: number };
  /** How long an Idempotency-Key is remembered, and how many at most. */
  idempotency: { ttlMs: number; capacity: number };
  /** Per upstream (the model, each MCP server): consecutive failures that open it, and when it probes again. */
  breaker: BreakerSettings;
  /** PostgreSQL (DATABASE_URL); undefined: every store and the queue in memory. */
  database: DatabaseConfig | undefined;
  /**
   * Event streams and long-polls: the heartbeat comment's period; how many may be open in this
   * process and per client (API key owner, else address); how long a reader may stay unable to take
   * more before its stream is closed.
   */
  streams: { heartbeatMs: number; maxOpen: number; maxPerClient: number; slowReaderMs: number };
  webhooks: WebhookConfig;
}

/** Webhook delivery (src/webhooks/). */
export interface WebhookConfig {
  /** One attempt's bound: connecting, sending and reading the answer. */
  timeoutMs: number;
  /** The delay before each attempt, the first included (milliseconds); its length is the number of attempts. */
  retrySchedule: number[];
  /** Whether endpoints may resolve to loopback, private, link-local or metadata addresses (development, tests). */
  allowPrivate: boolean;
  /** Attempts running at once in this process. */
  concurrency: number;
  /** Endpoints per owner. */
  maxEndpoints: number;
  /**
   * Tests only (NODE_ENV=test): the process kills itself with SIGKILL when it is about to turn an
   * owed event into deliveries, as a replica dying between a final update and its event's queueing.
   */
  killBeforeRelay: boolean;
}

/** How a request names its customer (src/http/customer-identity.ts), and the demo accounts. */
export interface CustomersConfig {
  /** Without a token or a trusted `x-customer-id`: act for the demo customer, or answer 401. */
  identity: 'optional' | 'required';
  /** How customer tokens (`x-customer-token`) are verified; all undefined: tokens are refused. */
  jwt: {
    /** HS256 shared secret (a secret: never logged). */
    secret: string | undefined;
    /** PEM public key: RS256, ES256 or EdDSA by its type. */
    publicKey: string | undefined;
    /** The identity provider's JSON Web Key Set. */
    jwksUrl: string | undefined;
    issuer: string | undefined;
    audience: string | undefined;
  };
  /** Generated demo customers (`cust-00001` …) besides `demo`. */
  demoCustomers: number;
  /** How long a proposed action waits for the customer's yes before it expires (src/actions/). */
  actionConfirmTtlMs: number;
}

/** The PostgreSQL backend's settings (src/store/postgres/). */
export interface DatabaseConfig {
  /** The connection URL: a secret (it may hold the password), never logged or returned. */
  url: string;
  /** Connections per replica for queries and the queue (one more holds LISTEN). */
  poolSize: number;
  /** A message whose replica died is taken over by another within this time. */
  takeoverMs: number;
  /** Finished messages older than this are deleted (MESSAGE_RETENTION still bounds their number). */
  retentionMs: number;
  /** When the retention job runs (cron, UTC); one replica runs each occurrence. */
  retentionCron: string;
  /** When set, retention runs every this many seconds instead of on `retentionCron` (still one pass at a time). */
  retentionIntervalSeconds: number | undefined;
}

/** Raised when the environment does not describe a runnable service; lists every bad variable. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment (already merged with `.env` by the caller) into a Config, or throws ConfigError. */
export function loadConfig(env: NodeJS.ProcessEnv, apiVersion = '1.0.0'): Config {
  const present = blankToUndefined(env);
  const parsed = schema.safeParse(present);
  const problems = [
    ...(parsed.error?.issues ?? []).map((issue) => {
      const name = issue.path.join('.') || '(environment)';
      const variable = typeof issue.path[0] === 'string' ? issue.path[0] : undefined;
      const got = variable && !SECRET_VARIABLES.has(variable) ? env[variable] : undefined;
      return `${name}: ${issue.message}${got === undefined ? '' : ` (got ${JSON.stringify(got)})`}`;
    }),
    ...missingCompanions(present),
    ...(parsed.success ? crossChecks(parsed.data) : []),
  ];
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  const e = parsed.data;
  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT ?? (e.NODE_ENV === 'development' ? 'pretty' : 'json'),
    apiTitle: e.API_TITLE,
    apiVersion,
    publicUrl: e.PUBLIC_URL,
    cors: {
      origins: e.CORS_ORIGINS,
      credentials: e.CORS_ALLOW_CREDENTIALS,
      methods: e.CORS_ALLOW_METHODS,
      headers: e.CORS_ALLOW_HEADERS,
    },
    trustProxy: e.TRUST_PROXY,
    limits: { maxMessageLength: e.MAX_MESSAGE_LENGTH, bodyLimitBytes: e.BODY_LIMIT_BYTES },
    worker: {
      queueCapacity: e.QUEUE_CAPACITY,
      queueOwnerShare: Math.min(e.QUEUE_OWNER_SHARE ?? e.QUEUE_CAPACITY, e.QUEUE_CAPACITY),
      concurrency: e.WORKER_CONCURRENCY,
      threads: e.WORKER_THREADS,
      messageTimeoutMs: e.MESSAGE_TIMEOUT_MS,
      answerMaxChars: e.ANSWER_MAX_CHARS,
      retention: e.MESSAGE_RETENTION,
      shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    },
    conversations: {
      maxTurns: e.CONVERSATION_MAX_TURNS,
      ttlMs: e.CONVERSATION_TTL_MS,
      capacity: e.CONVERSATION_CAPACITY,
    },
    llm: {
      provider: providerOf(e),
      openai: { apiKey: e.OPENAI_API_KEY, baseUrl: e.OPENAI_BASE_URL, model: e.OPENAI_MODEL },
      azure: {
        endpoint: e.AZURE_OPENAI_ENDPOINT,
        apiKey: e.AZURE_OPENAI_API_KEY,
        deployment: e.AZURE_OPENAI_DEPLOYMENT_NAME,
        apiVersion: e.AZURE_OPENAI_API_VERSION,
      },
      timeoutMs: e.LLM_TIMEOUT_MS,
      maxRetries: e.LLM_MAX_RETRIES,
      maxToolRounds: e.LLM_MAX_TOOL_ROUNDS,
      maxOutputTokens: e.LLM_MAX_OUTPUT_TOKENS,
      guardrailCheck: e.LLM_GUARDRAIL_CHECK,
    },
    mcp: {
      urls: perDomain(
        ({ name }) => (e as Record<string, unknown>)[mcpUrlVariable(name)] as string | undefined,
      ),
      timeoutMs: e.MCP_TIMEOUT_MS,
      host: e.MCP_HOST,
      port: e.MCP_PORT,
      authToken: e.MCP_AUTH_TOKEN,
    },
    auth: {
      keys: [
        ...(e.API_KEYS ?? []).map((k) => ({ ...k, admin: false, trusted: false })),
        ...(e.ADMIN_API_KEYS ?? []).map((k) => ({ ...k, admin: true, trusted: false })),
        ...(e.TRUSTED_API_KEYS ?? []).map((k) => ({ ...k, admin: false, trusted: true })),
      ],
    },
    customers: {
      identity: e.CUSTOMER_IDENTITY,
      jwt: {
        secret: e.CUSTOMER_JWT_SECRET,
        publicKey: e.CUSTOMER_JWT_PUBLIC_KEY,
        jwksUrl: e.CUSTOMER_JWKS_URL,
        issuer: e.CUSTOMER_JWT_ISSUER,
        audience: e.CUSTOMER_JWT_AUDIENCE,
      },
      demoCustomers: e.DEMO_CUSTOMERS,
      actionConfirmTtlMs: e.ACTION_CONFIRM_TTL_MS,
    },
    rateLimit: { windowMs: e.RATE_LIMIT_WINDOW_MS, max: e.RATE_LIMIT_MAX },
    http: {
      requestTimeoutMs: e.HTTP_REQUEST_TIMEOUT_MS,
      headersTimeoutMs: e.HTTP_HEADERS_TIMEOUT_MS,
      keepAliveTimeoutMs: e.HTTP_KEEP_ALIVE_TIMEOUT_MS,
    },
    idempotency: { ttlMs: e.IDEMPOTENCY_TTL_MS, capacity: e.IDEMPOTENCY_CAPACITY },
    breaker: { threshold: e.CIRCUIT_BREAKER_THRESHOLD, halfOpenMs: e.CIRCUIT_BREAKER_HALF_OPEN_MS },
    database: e.DATABASE_URL
      ? {
          url: e.DATABASE_URL,
          poolSize: e.DATABASE_POOL_SIZE,
          takeoverMs: e.MESSAGE_TAKEOVER_MS,
          retentionMs: e.MESSAGE_RETENTION_MS,
          retentionCron: e.RETENTION_CRON,
          retentionIntervalSeconds: e.RETENTION_INTERVAL_SECONDS,
        }
      : undefined,
    streams: {
      heartbeatMs: e.STREAM_HEARTBEAT_MS,
      maxOpen: e.STREAM_MAX_OPEN,
      maxPerClient: e.STREAM_MAX_PER_CLIENT,
      slowReaderMs: e.STREAM_SLOW_READER_MS,
    },
    webhooks: {
      timeoutMs: e.WEBHOOK_TIMEOUT_MS,
      retrySchedule: e.WEBHOOK_RETRY_SCHEDULE,
      allowPrivate: e.WEBHOOK_ALLOW_PRIVATE,
      concurrency: e.WEBHOOK_CONCURRENCY,
      maxEndpoints: e.WEBHOOK_MAX_ENDPOINTS,
      killBeforeRelay: e.NODE_ENV === 'test' && e.WEBHOOK_TEST_KILL_BEFORE_RELAY,
    },
  };
}
