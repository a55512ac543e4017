import { perDomain, type Domain } from '../domains/registry.ts';
import { decorateToolClient, type ToolClient, type ToolResult } from '../mcp/tool-client.ts';

/**
 * The tools each domain's agent may call: its own MCP server's, and nothing else (each domain's
 * `tools`). A test checks these lists against what the servers publish, so a new tool is a
 * deliberate edit in its domain's index.ts.
 */
export const DOMAIN_TOOLS: Readonly<Record<Domain, readonly string[]>> = perDomain((domain) => domain.tools);

/**
 * Wraps a domain's ToolClient so that only `allowed` tools are listed and callable. A call to any
 * other name is refused before it reaches a server, as a tool error (data the agent can read), even
 * if a server were misconfigured to publish more than its domain's tools.
 */
export function restrictTools(tools: ToolClient, allowed: readonly string[], agentName: string): ToolClient {
  const permitted = new Set(allowed);
  return decorateToolClient(tools, {
    async listTools() {
      return (await tools.listTools()).filter((tool) => permitted.has(tool.name));
    },
    async callTool(name, args, signal): Promise<ToolResult> {
      if (!permitted.has(name)) {
        return {
          isError: true,
          text: `The tool '${name}' is not available to ${agentName}; its tools are: ${allowed.join(', ')}.`,
          structured: undefined,
        };
      }
      return tools.callTool(name, args, signal);
    },
  });
}
