import { decorateToolClient, type ToolClient, type ToolResult } from '../mcp/tool-client.ts';

const MAX_SHOWN = 300;
const shorten = (text: string): string => (text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}…` : text);

/**
 * Wraps an agent's ToolClient so that every tool call, and every tool error, becomes a readable step.
 * Both engines call tools through it, so the updates look the same whichever engine runs.
 */
export function recordToolCalls(tools: ToolClient, report: (text: string) => void): ToolClient {
  return decorateToolClient(tools, {
    async callTool(name, args, signal): Promise<ToolResult> {
      report(`Calling tool ${name} with ${JSON.stringify(args)}`);
      const result = await tools.callTool(name, args, signal);
      if (result.isError) report(`Tool ${name} could not answer: ${shorten(result.text)}`);
      return result;
    },
  });
}
