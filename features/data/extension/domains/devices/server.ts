import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { DomainServerOptions } from '../domain.ts';
import { toolResult } from '../../mcp/tool-results.ts';
import { createToolServer, defineTool, READ_ONLY } from '../../mcp/tool-server.ts';

/** structuredContent of `list_devices`. */
export const DevicesOutputSchema = z.object({
  devices: z.array(z.object({ model: z.string(), price_eur: z.number(), monthly_eur: z.number() })),
});

const DEVICES = [
  { model: 'Nimbus X2', price_eur: 649, monthly_eur: 27.05 },
  { model: 'Orbit Mini', price_eur: 299, monthly_eur: 12.46 },
];

/** The devices domain's MCP server: the handsets on sale. */
export function createDevicesMcpServer(_options: DomainServerOptions = {}): McpServer {
  const listDevices = defineTool({
    name: 'list_devices',
    title: 'List the handsets on sale',
    description:
      'The handsets the operator sells, with their price and their monthly instalment over 24 months.',
    inputSchema: {},
    outputSchema: DevicesOutputSchema,
    annotations: READ_ONLY,
    handler: () =>
      toolResult(
        { devices: DEVICES },
        DEVICES.map((d) => `${d.model}: ${d.price_eur} EUR or ${d.monthly_eur} EUR a month`).join('\n'),
      ),
  });
  return createToolServer('devices', [listDevices]);
}
