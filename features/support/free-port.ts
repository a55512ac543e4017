import assert from 'node:assert/strict';
import { createServer } from 'node:net';

/** A loopback port that was free a moment ago, for a server that must be stopped and started again at one address. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  assert.ok(address && typeof address === 'object');
  return address.port;
}
