import pg from 'pg';
import type { Logger } from 'pino';
import { ServiceError, StoreUnavailableError } from '../../core/errors.ts';

/** SQLSTATE classes that say the server cannot do the work now, not that the statement is wrong. */
const UNAVAILABLE_CLASSES = ['08', '53', '57', '58'];

/**
 * True when an error means "the database is not reachable or not serving": a server refusal of the
 * classes above, or what node-postgres raises without a SQLSTATE — socket errors, a connection
 * timeout, a dropped connection — which are plain Errors with no class of their own. Anything else
 * the server reports is a statement error, and a TypeError or RangeError is ours: both are bugs.
 */
export function isUnavailable(error: unknown): boolean {
  if (error instanceof pg.DatabaseError) {
    return UNAVAILABLE_CLASSES.some((prefix) => error.code?.startsWith(prefix) === true);
  }
  return (
    error instanceof Error &&
    !(error instanceof ServiceError) &&
    !(error instanceof TypeError) &&
    !(error instanceof RangeError) &&
    !(error instanceof SyntaxError)
  );
}

/**
 * Names for the statements a replica runs again and again, so that each connection parses and plans
 * them once (a prepared statement) rather than at every execution (docs/performance.md). Only a statement with parameters (one command, as the protocol requires)
 * is named, once it has run HOT_AFTER times, and at most MAX_NAMED texts are: a text that carries
 * changing values inline is never seen that often, so prepared statements cannot pile up on a
 * connection. (Behind PgBouncer in transaction mode prepared statements need its
 * max_prepared_statements; docs/deployment.md.)
 */
class StatementNames {
  private static readonly HOT_AFTER = 3;
  private static readonly MAX_NAMED = 200;
  private readonly seen = new Map<string, number>();
  private readonly names = new Map<string, string>();

  /** The statement as node-postgres runs it: named once it is hot. */
  statement(text: string, values: unknown[] | undefined): pg.QueryConfig {
    // Without parameters the plan would be made once and kept as the tables grow; a statement with
    // parameters is replanned while that pays.
    if (!values?.length) return { text };
    const name = this.names.get(text);
    if (name) return { name, text, values };
    if (this.names.size < StatementNames.MAX_NAMED) {
      const count = (this.seen.get(text) ?? 0) + 1;
      if (count >= StatementNames.HOT_AFTER) {
        this.seen.delete(text);
        const named = `semker_${this.names.size + 1}`;
        this.names.set(text, named);
        return { name: named, text, values };
      }
      // Bounded like the names: past that many texts, the counting stops too.
      if (this.seen.size < StatementNames.MAX_NAMED * 10) this.seen.set(text, count);
    }
    return { text, values };
  }
}

/** One replica's connections to PostgreSQL: a bounded pool, and queries whose outages are 503s. */
export interface Database {
  readonly pool: pg.Pool;
  /** A statement as `query` runs it (named once it runs often), for a transaction's client and pg-boss. */
  statement(text: string, values?: unknown[]): pg.QueryConfig;
  /** Runs a statement; an outage becomes StoreUnavailableError. */
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(
    text: string,
    values?: unknown[],
  ): Promise<pg.QueryResult<R>>;
  /** Runs `work` in one transaction on one connection; rolled back when it throws. */
  transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** A connection checked out of the pool, and how to give it back. */
export interface CheckedOut {
  readonly client: pg.PoolClient;
  /** Returns it to the pool, or destroys it when `broken` or when it failed while out. */
  release(broken?: boolean): void;
}

/**
 * Checks a connection out for several statements in a row. pg-pool listens for a connection's
 * 'error' only while it is idle in the pool; while it is checked out nobody does, and a server that
 * ends it then (a fast shutdown, pg_terminate_backend, a reset socket) emits an 'error' event that
 * nothing handles, which ends the process. Listened to here, that is an event like any other: the
 * statement in progress (or the next) fails and becomes a 503, and the connection is destroyed at
 * release instead of going back to the pool.
 */
export function checkOut(pool: pg.Pool, logger: Logger): Promise<CheckedOut> {
  // The callback form, not `await pool.connect()`: the listener must be on before pg reads the next
  // message of the same chunk. A new connection's ReadyForQuery and a termination (a fast shutdown)
  // can arrive together, and a promise would resume this function only after the parser emitted the
  // termination to nobody.
  return new Promise((resolve, reject) => {
    pool.connect((error, client) => {
      if (error || !client) return reject(error ?? new Error('The pool gave no connection.'));
      let failed = false;
      const onError = (connectionError: Error): void => {
        failed = true;
        logger.warn({ err: connectionError }, 'a database connection in use failed');
      };
      client.on('error', onError);
      resolve({
        client,
        release(broken = false) {
          client.off('error', onError);
          client.release(broken || failed);
        },
      });
    });
  });
}

const translate = (error: unknown): never => {
  throw isUnavailable(error) ? new StoreUnavailableError() : error;
};

/** A pool of at most `poolSize` connections; waits for one at most 5 s, then the request is a 503. */
export function createDatabase(options: { url: string; poolSize: number; logger: Logger }): Database {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize,
    connectionTimeoutMillis: 5000,
    idleTimeoutMillis: 30_000,
    application_name: 'semker',
  });
  // An idle connection the server dropped (restart, failover) is an event, not a crash: the pool
  // opens a new one for the next query.
  pool.on('error', (error) => options.logger.warn({ err: error }, 'an idle database connection failed'));
  const names = new StatementNames();
  return {
    pool,
    statement: (text, values) => names.statement(text, values),
    query: (text, values) => pool.query(names.statement(text, values)).catch(translate),
    async transaction(work) {
      const { client, release } = await checkOut(pool, options.logger).catch(translate);
      try {
        await client.query('BEGIN');
        const result = await work(client);
        await client.query('COMMIT');
        release();
        return result;
      } catch (error) {
        // A connection whose rollback fails is broken: destroy it rather than return it to the pool.
        const rolledBack = await client.query('ROLLBACK').then(
          () => true,
          () => false,
        );
        release(!rolledBack);
        return translate(error);
      }
    },
    close: () => pool.end(),
  };
}
