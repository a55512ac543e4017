import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { proposalSummary, type ActionChange } from '../actions/action.ts';
import { toolResult } from '../mcp/tool-results.ts';

/** What every proposal tool's description tells a model about what it may say of a proposal. */
export const PROPOSAL_NOTE =
  'It changes nothing: it returns a proposal with its question ending "(yes/no)", which you show the customer word ' +
  'for word. The platform executes it only when the customer answers yes in their next message; you cannot ' +
  'execute, confirm or complete it yourself, and you must not say it is done.';

/** A proposal tool's answer: the change and its question; the platform records it, nothing changes. */
export const proposed = (change: ActionChange): CallToolResult => {
  const summary = proposalSummary(change);
  return toolResult({ proposal: { ...change, summary } }, `Proposal (nothing has changed yet): ${summary}`);
};
