import { pino, type Logger } from 'pino';
import type { Config } from './config.ts';

/**
 * What never reaches a log line: credentials (API keys in either header, cookies, the model's key,
 * configured keys) and the customers' message text (personal data).
 */
export const REDACTED_PATHS: readonly string[] = [
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'req.headers["proxy-authorization"]',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
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
 * The service's pino logger. JSON by default; readable (pino-pretty) when LOG_FORMAT=pretty or in
 * development. Secrets and message text are redacted wherever they might be logged by accident.
 */
export function createLogger(config: Pick<Config, 'logLevel' | 'logFormat'>): Logger {
  return pino({
    level: config.logLevel,
    base: { service: 'semker' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: [...REDACTED_PATHS],
      censor: '[redacted]',
    },
    ...(config.logFormat === 'pretty'
      ? {
          transport: {
            target: 'pino-pretty',
            options: { translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' },
          },
        }
      : {}),
  });
}
