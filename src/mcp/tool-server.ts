import { McpServer, type ToolCallback } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { AnySchema, ZodRawShapeCompat } from '@modelcontextprotocol/sdk/server/zod-compat.js';
import type { ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';

/**
 * A tool that changes nothing: it reads the operator's own data, or it proposes a change that the
 * platform makes only on the customer's yes.
 */
export const READ_ONLY: ToolAnnotations = { readOnlyHint: true, openWorldHint: false };

/** One tool as `McpServer.registerTool` takes it (name, config, handler), in one object. */
export interface ToolDeclaration<Input extends ZodRawShapeCompat | undefined> {
  name: string;
  title: string;
  description: string;
  inputSchema?: Input;
  outputSchema: AnySchema;
  annotations: ToolAnnotations;
  handler: ToolCallback<Input>;
}

/** A declared tool, which registers itself on the server it is given. */
export type Tool = (server: McpServer) => void;

/**
 * Declares a tool: its handler's arguments are typed from its input schema here, so that a server's
 * tools, each with its own input, make one list.
 */
export function defineTool<Input extends ZodRawShapeCompat | undefined = undefined>({
  name,
  handler,
  ...config
}: ToolDeclaration<Input>): Tool {
  return (server) => {
    server.registerTool(name, config, handler);
  };
}

/** A domain's MCP server (`semker-<domain>`) with its tools registered through the SDK. */
export function createToolServer(domain: string, tools: readonly Tool[]): McpServer {
  const server = new McpServer({ name: `semker-${domain}`, version: '1.0.0' });
  for (const register of tools) register(server);
  return server;
}
