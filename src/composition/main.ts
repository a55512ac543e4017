import 'dotenv/config';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { createApp } from '../http/app.ts';
import { ConfigError, loadConfig, type Config } from '../config/config.ts';
import { createLogger } from '../telemetry/logger.ts';
import { appDependencies, createServices } from './services.ts';
import { telemetryRuntime } from '../telemetry/runtime.ts';
import { serverTimeouts } from '../http/server-timeouts.ts';

const { version } = createRequire(import.meta.url)('../../package.json') as { version: string };

function readConfig(): Config {
  try {
    return loadConfig(process.env, version);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`semker: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
}

/** Where a browser on this machine reaches an address the server is bound to. */
function browsable(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

/** Composition root: config → logger → services → app → listen; SIGTERM/SIGINT → drain → close. */
async function main(): Promise<void> {
  const config = readConfig();
  const logger = createLogger(config);
  const services = await createServices(config, logger);
  // Started by the preload (`--import ./src/telemetry/preload.ts`), if at all; here only read.
  const telemetry = telemetryRuntime();
  const deps = appDependencies(config, services);
  const { streams } = deps;
  const app = createApp({ config, logger, ...deps, metrics: telemetry.metricsHandler });

  const server = createServer(serverTimeouts(config.http), app).listen(config.port, config.host);
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const url = `http://${browsable(config.host)}:${port}`;
  logger.info(
    { host: config.host, port, engine: services.engineName, backend: services.backend, version },
    `Semker listening on ${config.host}:${port}: console at ${url}/console, API docs at ${url}/docs`,
  );

  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal, graceMs: config.worker.shutdownGraceMs }, 'shutting down: draining messages');
    await services.processor.shutdown();
    // After the drain, so open streams got the final updates of the drained messages; then each ends
    // cleanly (a client reconnects, to another replica) and the server can close.
    streams.close();
    server.closeIdleConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await services.close();
    // Last, so the spans of the drained messages are exported before the process exits.
    await telemetry
      .shutdown()
      .catch((error: unknown) => logger.warn({ err: error }, 'telemetry did not flush'));
    logger.info('stopped');
    // The destination is asynchronous: exit once the last lines are written (pino also flushes
    // synchronously on exit, should the callback never come).
    logger.flush(() => process.exit(0));
  };
  process.on('SIGTERM', (signal) => void stop(signal));
  process.on('SIGINT', (signal) => void stop(signal));
}

void main();
