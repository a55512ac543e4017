import type { ServerOptions } from 'node:http';
import type { Config } from '../config/config.ts';

/**
 * The HTTP server's own timeouts, as `http.createServer` options (the app must be served by a server
 * created with them: `connectionsCheckingInterval` has no setter). `requestTimeout` and
 * `headersTimeout` bound how long a slow (or slowloris) client may hold a socket; Node enforces both
 * only when it checks its connections, every `connectionsCheckingInterval` (30 s by default, by
 * which a slow socket could outlive its timeout): checked every second at most here, a slow socket
 * is cut within a second of its timeout. `keepAliveTimeout`
 * must be longer than the upstream `keepalive_timeout` of the proxy in front (nginx.conf: 4 s), so
 * the proxy always closes an idle connection first and never sends a request down a socket Node is
 * closing (a spurious 502).
 */
export function serverTimeouts(settings: Config['http']): ServerOptions {
  const shortest = Math.min(settings.headersTimeoutMs, settings.requestTimeoutMs);
  return {
    requestTimeout: settings.requestTimeoutMs,
    headersTimeout: settings.headersTimeoutMs,
    keepAliveTimeout: settings.keepAliveTimeoutMs,
    connectionsCheckingInterval: Math.min(1000, Math.floor(shortest / 4)),
  };
}
