import { context, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import type { FetchLike } from '@modelcontextprotocol/sdk/shared/transport.js';
import { decorateToolClient, type ToolClient, type ToolResult } from '../mcp/tool-client.ts';
import { ATTR, failSpan, tracer } from './tracing.ts';

/**
 * Wraps a domain's ToolClient so that each tool call is one CLIENT span named after the MCP method
 * and tool (`tools/call get_billing_data`, as the MCP semantic conventions name it), with the tool's
 * name and outcome. Arguments are not recorded: a FAQ query, for one, is the customer's own words.
 * Over Streamable HTTP the undici instrumentation adds the HTTP client span under it and sends W3C
 * `traceparent`, so the MCP host's server span continues the same trace.
 */
export function traceToolCalls(tools: ToolClient): ToolClient {
  return decorateToolClient(tools, {
    callTool(name, args, signal, customerId): Promise<ToolResult> {
      return tracer.startActiveSpan(
        `tools/call ${name}`,
        {
          kind: SpanKind.CLIENT,
          attributes: {
            'mcp.method.name': 'tools/call',
            'gen_ai.operation.name': 'execute_tool',
            'gen_ai.tool.name': name,
            [ATTR.mcpDomain]: tools.domain,
          },
        },
        async (span) => {
          try {
            const result = await tools.callTool(name, args, signal, customerId);
            span.setAttribute(ATTR.toolOutcome, result.isError ? 'tool_error' : 'ok');
            if (result.isError) {
              // A tool error is data for the agent (it answers from it), but the call did fail.
              span.setAttribute(ATTR.errorType, 'tool_error');
              span.setStatus({
                code: SpanStatusCode.ERROR,
                message: `the tool ${name} returned an error result`,
              });
            }
            return result;
          } catch (error) {
            span.setAttribute(ATTR.toolOutcome, 'unavailable');
            failSpan(span, error);
            throw error;
          } finally {
            span.end();
          }
        },
      );
    },
  });
}

/** Wraps every domain's ToolClient with traceToolCalls. */
export function traceAllToolCalls<D extends string>(tools: Record<D, ToolClient>): Record<D, ToolClient> {
  return Object.fromEntries(
    Object.entries<ToolClient>(tools).map(([domain, client]) => [domain, traceToolCalls(client)]),
  ) as Record<D, ToolClient>;
}

/**
 * The fetch the MCP HTTP transports use. The session's server-sent-event stream (a GET that stays open
 * as long as the session) is opened by whichever tool call first connects; traced, it would hang a
 * session-long span under that one message. It is sent with tracing suppressed instead (no span, no
 * `traceparent`); the POSTs that carry the calls stay traced.
 */
export const mcpFetch: FetchLike = (url, init) =>
  (init?.method ?? 'GET').toUpperCase() === 'GET'
    ? context.with(suppressTracing(context.active()), () => fetch(url, init))
    : fetch(url, init);
