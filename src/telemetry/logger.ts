import type { IncomingMessage, ServerResponse } from 'node:http';
import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';

/**
 * What a line shows of a request and of a response, wherever one is logged (the access log, or a
 * `req` / `res` handed to any logger): an allowlist, so their headers, cookies and bodies never reach
 * a line and need no redaction. The request id is pino-http's (the `x-request-id`).
 */
export const HTTP_SERIALIZERS = {
  req: (req: IncomingMessage & { id?: unknown; originalUrl?: string }) => ({
    id: req.id,
    method: req.method,
    url: req.originalUrl ?? req.url,
  }),
  res: (res: ServerResponse) => ({ statusCode: res.statusCode }),
};

/**
 * What never reaches a log line: credentials (API keys in either header, cookies, the model's key,
 * configured keys) and the customers' message text (personal data). Requests and responses are not
 * listed: HTTP_SERIALIZERS lets only their method, URL, id and status through.
 */
export const REDACTED_PATHS: readonly string[] = [
  '*.headers.authorization',
  '*.headers["x-api-key"]',
  'headers.authorization',
  'headers["x-api-key"]',
  'authorization',
  'apiKey',
  '*.apiKey',
  'api_key',
  '*.api_key',
  'secret',
  '*.secret',
  'keys',
  '*.keys',
  'content',
  '*.content',
  'message_text',
  'messages',
  '*.messages',
];

/**
 * Top-level keys whose values pino serializers reshape first: the wildcards' own check skips them.
 * `req` and `res` are allowlisted by HTTP_SERIALIZERS; an error's serializer copies its properties,
 * so the wildcards are expanded into explicit paths under `err`.
 */
const SERIALIZED_KEYS = ['req', 'res', 'err'] as const;
const EXPANDED_KEYS = ['err'] as const;

/**
 * The redaction of REDACTED_PATHS, compiled so that an ordinary log line pays almost nothing.
 *
 * pino applies a wildcard path (`*.content`) by running its generic redactor — a selective clone
 * and a JSON.stringify — on every top-level value of every line, numbers and strings included,
 * several times the cost of a line without the wildcards (figures in docs/performance.md). So
 * the explicit paths stay pino's (a top-level key costs a lookup), the wildcards are expanded into
 * explicit paths under `err` (`err.apiKey`, …), and for every other key they are
 * checked here: only an object value is looked at, and it is copied (never mutated) only when it
 * holds something to hide. Same protection, same censor.
 */
function compileRedaction(paths: readonly string[]): {
  paths: string[];
  censorNested: (object: Record<string, unknown>) => Record<string, unknown>;
} {
  const nested = paths.filter((p) => p.startsWith('*.')).map((p) => p.slice(2));
  const explicit = paths.filter((p) => !p.startsWith('*.'));
  for (const key of EXPANDED_KEYS) for (const rest of nested) explicit.push(`${key}.${rest}`);
  // `headers.authorization` / `headers["x-api-key"]` → parent "headers", child key; others are one key.
  const direct: string[] = [];
  const inHeaders: string[] = [];
  for (const rest of nested) {
    const match = /^headers(?:\.([\w-]+)|\["([^"]+)"\])$/.exec(rest);
    if (match) inHeaders.push((match[1] ?? match[2])!);
    else direct.push(rest);
  }
  const sensitive = (value: Record<string, unknown>): boolean => {
    for (const key of direct) if (key in value) return true;
    const headers = value.headers;
    if (typeof headers === 'object' && headers !== null) {
      for (const key of inHeaders) if (key in headers) return true;
    }
    return false;
  };
  const censor = (value: Record<string, unknown>): Record<string, unknown> => {
    const copy: Record<string, unknown> = { ...value };
    for (const key of direct) if (key in copy) copy[key] = CENSOR;
    const headers = copy.headers;
    if (typeof headers === 'object' && headers !== null) {
      const censored: Record<string, unknown> = { ...(headers as Record<string, unknown>) };
      for (const key of inHeaders) if (key in censored) censored[key] = CENSOR;
      copy.headers = censored;
    }
    return copy;
  };
  const censorNested = (object: Record<string, unknown>): Record<string, unknown> => {
    let result = object;
    for (const key in object) {
      if ((SERIALIZED_KEYS as readonly string[]).includes(key)) continue;
      const value = object[key];
      if (typeof value !== 'object' || value === null || !sensitive(value as Record<string, unknown>))
        continue;
      if (result === object) result = { ...object };
      result[key] = censor(value as Record<string, unknown>);
    }
    return result;
  };
  return { paths: explicit, censorNested };
}

const CENSOR = '[redacted]';

/** The LOG_LEVEL and LOG_FORMAT settings. */
export interface LogSettings {
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  logFormat: 'json' | 'pretty';
}

/**
 * The service's pino logger. JSON by default, written to stdout asynchronously (sonic-boom: a line
 * never blocks the event loop; lines that arrive while a write is in flight go out together); pino
 * flushes it synchronously at exit, and main.ts flushes it before exiting. Readable (pino-pretty)
 * when LOG_FORMAT=pretty or in development. Secrets and message text are redacted wherever they
 * might be logged by accident.
 */
export function createLogger(
  config: LogSettings,
  /** Where JSON lines go instead of stdout (tests read them). */
  destination?: DestinationStream,
): Logger {
  const redaction = compileRedaction(REDACTED_PATHS);
  const options = {
    level: config.logLevel,
    base: { service: 'semker' },
    timestamp: pino.stdTimeFunctions.isoTime,
    serializers: HTTP_SERIALIZERS,
    redact: { paths: redaction.paths, censor: CENSOR },
    formatters: { log: redaction.censorNested, bindings: redaction.censorNested },
  };
  const logger = destination ? pino(options, destination) : createPino(config, options);
  // pino applies the bindings formatter to the root's bindings only; children's (`logger.child({…})`,
  // pino-http's per-request child) get the same check here. Children are created from their parent
  // with Object.create, so this own property is what every descendant's `child` resolves to.
  const child = logger.child;
  Object.defineProperty(logger, 'child', {
    value: function (this: Logger, bindings: Record<string, unknown>, childOptions?: object) {
      return child.call(this, redaction.censorNested(bindings), childOptions);
    },
  });
  return logger;
}

function createPino(config: Pick<LogSettings, 'logFormat'>, options: LoggerOptions): Logger {
  if (config.logFormat === 'pretty') {
    return pino({
      ...options,
      transport: {
        target: 'pino-pretty',
        options: { translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' },
      },
    });
  }
  // No minLength: lines are not held back waiting for a buffer to fill (a quiet service would show
  // its logs late and tests read them as they come); batching happens naturally under load.
  return pino(options, pino.destination({ dest: 1, sync: false }));
}
