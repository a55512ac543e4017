import type { Server } from 'node:http';
import type { Config } from '../config/config.ts';

/**
 * The HTTP server's own timeouts. `requestTimeout` and `headersTimeout` bound how long a slow (or
 * slowloris) client may hold a socket; `keepAliveTimeout` must be longer than the upstream
 * `keepalive_timeout` of the proxy in front (nginx.conf: 4 s), so the proxy always closes an idle
 * connection first and never sends a request down a socket Node is closing (a spurious 502).
 */
export function applyServerTimeouts(server: Server, settings: Config['http']): void {
  server.requestTimeout = settings.requestTimeoutMs;
  server.keepAliveTimeout = settings.keepAliveTimeoutMs;
  server.headersTimeout = settings.headersTimeoutMs;
}
