/** A tool as an MCP server lists it: what a model (or the offline engine) may call. */
export interface ToolDefinition {
  name: string;
  description: string;
  /** JSON Schema of the tool's arguments, as the server published it. */
  inputSchema: Record<string, unknown>;
}

/**
 * The outcome of one tool call. A tool that rejects its input or has no data answers with
 * `isError: true` and a readable `text`: a tool failure is data for the agent, not an exception.
 */
export interface ToolResult {
  isError: boolean;
  /** The text content the server returned, joined. */
  text: string;
  /** The server's `structuredContent`, when it sent one. */
  structured: Record<string, unknown> | undefined;
}

/**
 * One domain's MCP tools, reached through a client session that is opened once and reused.
 * Transport failures (server gone, timeout) reject with ToolUnavailableError; tool errors resolve.
 */
export interface ToolClient {
  /** The domain whose MCP server this reaches ("billing", …). */
  readonly domain: string;
  listTools(): Promise<ToolDefinition[]>;
  /**
   * Calls a tool. `customerId` names the customer the call is for, sent in the request's `_meta`
   * (customer-context.ts), never among the arguments: only the platform sets it (agents/conversation-tools.ts).
   */
  callTool(
    name: string,
    args: Record<string, unknown>,
    signal?: AbortSignal,
    customerId?: string,
  ): Promise<ToolResult>;
  /** Connects (or reconnects) and lists the tools; rejects when the server does not answer. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A ToolClient that forwards everything to `inner` but what `overrides` replaces: the one way to
 * wrap a client (an allowlist, recorded steps, tracing), so no wrapper hand-forwards the rest.
 */
export function decorateToolClient(
  inner: ToolClient,
  overrides: Partial<Pick<ToolClient, 'listTools' | 'callTool'>>,
): ToolClient {
  return {
    domain: inner.domain,
    listTools: overrides.listTools ?? (() => inner.listTools()),
    callTool:
      overrides.callTool ??
      ((name, args, signal, customerId) => inner.callTool(name, args, signal, customerId)),
    ping: () => inner.ping(),
    close: () => inner.close(),
  };
}
