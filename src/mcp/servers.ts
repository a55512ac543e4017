import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { Domain } from '../config.ts';
import { createBillingMcpServer } from '../domains/billing/server.ts';
import { createFaqMcpServer } from '../domains/faq/server.ts';
import { createRoamingMcpServer } from '../domains/roaming/server.ts';
import { createTariffMcpServer } from '../domains/tariff/server.ts';

/** Options shared by every domain server factory. */
export interface DomainServerOptions {
  /** The clock months are relative to; injectable so tests can pin "today". */
  now?: () => Date;
}

const FACTORIES: Record<Domain, (options: DomainServerOptions) => McpServer> = {
  billing: createBillingMcpServer,
  roaming: createRoamingMcpServer,
  tariff: createTariffMcpServer,
  faq: createFaqMcpServer,
};

/**
 * A new MCP server for `domain`. An McpServer serves one transport at a time, so callers create
 * one per connection (per in-memory link, per HTTP session, per stdio process).
 */
export function createMcpServer(domain: Domain, options: DomainServerOptions = {}): McpServer {
  return FACTORIES[domain](options);
}
