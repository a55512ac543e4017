import { pino, type Logger } from 'pino';
import type { Config } from './config.ts';

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
      paths: [
        'req.headers.authorization',
        'req.headers["x-api-key"]',
        'req.headers.cookie',
        'content',
        'message_text',
        '*.apiKey',
      ],
      censor: '[redacted]',
    },
    ...(config.logFormat === 'pretty'
      ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' } } }
      : {}),
  });
}
