import pg from 'pg';
import type { Logger } from 'pino';
import { z } from 'zod';
import { fanOut, type UpdateFeed, type UpdateSignal } from '../update-feed.ts';

/** The channel the semker_updates trigger notifies on (migrations/001_initial.sql). */
export const UPDATES_CHANNEL = 'semker_updates';

const signalSchema = z.object({
  messageId: z.string(),
  conversationId: z.string(),
  sequence: z.number().int().positive(),
  final: z.boolean(),
});

/** The feed, and whether its LISTEN connection is up (for /ready). */
export interface PgUpdateFeed extends UpdateFeed {
  readonly listening: boolean;
  /** Opens the LISTEN connection, reopening it with backoff whenever it drops, until close(). */
  start(): void;
}

/**
 * Live updates from every replica over PostgreSQL LISTEN/NOTIFY: one dedicated connection per
 * replica, however many streams it serves (each subscriber is a function call, never a query).
 * Notifications sent while the connection was down are lost, so a stream re-reads from the store
 * after a gap (its `after` sequence), as it does on resume. Hand-written because the connection
 * handling is ~60 lines over node-postgres, and pg-listen, the package for it, is unmaintained.
 * A session-pinned connection: through PgBouncer only in session mode (docs/deployment.md).
 */
export function createPgUpdateFeed(options: { url: string; logger: Logger }): PgUpdateFeed {
  const listeners = new Set<(signal: UpdateSignal) => void>();
  const { logger } = options;
  let client: pg.Client | undefined;
  let listening = false;
  let closed = false;
  let attempt = 0;
  let retryTimer: NodeJS.Timeout | undefined;

  const onNotification = (message: pg.Notification): void => {
    if (message.channel !== UPDATES_CHANNEL || !message.payload) return;
    let payload: unknown;
    try {
      payload = JSON.parse(message.payload);
    } catch {
      payload = undefined;
    }
    const parsed = signalSchema.safeParse(payload);
    if (!parsed.success) {
      logger.warn({ payload: message.payload }, 'an update notification of an unknown shape was ignored');
      return;
    }
    fanOut(listeners, parsed.data, (error) => logger.error({ err: error }, 'an update listener failed'));
  };

  const reconnectLater = (): void => {
    listening = false;
    if (closed || retryTimer) return;
    const delay = Math.min(10_000, 250 * 2 ** attempt++);
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      void connect();
    }, delay);
    retryTimer.unref();
  };

  const connect = async (): Promise<void> => {
    const next = new pg.Client({
      connectionString: options.url,
      application_name: 'semker-listen',
      keepAlive: true,
      connectionTimeoutMillis: 5000,
    });
    next.on('notification', onNotification);
    next.on('error', (error) => {
      logger.warn({ err: error }, 'the update feed lost its database connection');
      next.end().catch(() => {});
      if (client === next) reconnectLater();
    });
    next.on('end', () => {
      if (client === next) reconnectLater();
    });
    client = next;
    try {
      await next.connect();
      await next.query(`LISTEN ${UPDATES_CHANNEL}`);
      if (closed) {
        await next.end();
        return;
      }
      listening = true;
      attempt = 0;
    } catch (error) {
      logger.warn({ err: error }, 'the update feed could not listen; retrying');
      next.end().catch(() => {});
      reconnectLater();
    }
  };

  return {
    get listening() {
      return listening;
    },
    start() {
      void connect();
    },
    subscribe(listener) {
      const entry = (signal: UpdateSignal): void => listener(signal);
      listeners.add(entry);
      return () => listeners.delete(entry);
    },
    async close() {
      closed = true;
      clearTimeout(retryTimer);
      listeners.clear();
      const last = client;
      client = undefined;
      listening = false;
      await last?.end().catch(() => {});
    },
  };
}
