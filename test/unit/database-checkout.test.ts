import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { test } from 'node:test';
import type pg from 'pg';
import { pino } from 'pino';
import { checkOut } from '../../src/store/postgres/database.ts';

/**
 * A pool whose new connection is ended by the server in the same read that made it ready (a fast
 * shutdown as it connects): pg emits the termination right after the pool's callback returns.
 */
function poolEndingItsConnection(): { pool: pg.Pool; released: unknown[] } {
  const released: unknown[] = [];
  const client = Object.assign(new EventEmitter(), { release: (broken?: unknown) => released.push(broken) });
  const pool = {
    connect(callback: (error: Error | undefined, client: unknown) => void) {
      callback(undefined, client);
      client.emit('error', new Error('terminating connection due to administrator command'));
    },
  };
  return { pool: pool as unknown as pg.Pool, released };
}

test('a connection ended as the pool hands it over is a failed connection, not an unhandled error', async () => {
  const { pool, released } = poolEndingItsConnection();
  const { release } = await checkOut(pool, pino({ level: 'silent' }));
  release();
  assert.deepEqual(released, [true], 'released as broken, so the pool destroys it');
});
