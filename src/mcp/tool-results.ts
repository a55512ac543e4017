import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

/** Renders an EUR amount the way customers read it: always two decimals ("50.00"). */
export const eur = (amount: number): string => amount.toFixed(2);

/** A successful tool result: the structured data plus a readable rendering for text-only clients and models. */
export function toolResult(structured: Record<string, unknown>, text: string): CallToolResult {
  return { content: [{ type: 'text', text }], structuredContent: structured };
}

/**
 * A tool failure the caller can act on (no data, unknown country, bad input). No structuredContent:
 * clients validate it against the output schema even on errors, and there is no data to describe.
 */
export function toolError(text: string): CallToolResult {
  return { content: [{ type: 'text', text }], isError: true };
}
