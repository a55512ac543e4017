import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { AccountStore, CustomerAccount } from '../store/accounts.ts';
import { toolError } from './tool-results.ts';

/**
 * The `_meta` key of an MCP `tools/call` request that names the customer the call is for. The
 * platform sets it on every call from the message's conversation (never from a model's arguments,
 * which cannot reach `_meta`); customer-data tools read that customer's account and no other.
 * Namespaced, as MCP asks of custom `_meta` keys.
 */
export const CUSTOMER_META_KEY = 'semker/customer_id';

/** What a tool handler gets from the SDK besides its arguments: the request's `_meta`. */
export interface ToolCallExtra {
  _meta?: Record<string, unknown>;
}

/**
 * The account of the customer the call names, or the tool error to answer: a call naming no
 * customer is refused (never the demo account), as is one to a server without access to accounts.
 */
export async function accountFor(
  extra: ToolCallExtra,
  accounts: AccountStore | undefined,
): Promise<{ account: CustomerAccount } | { error: CallToolResult }> {
  if (!accounts) {
    return {
      error: toolError(
        'This tool server has no access to customer accounts (the standalone MCP host needs MCP_AUTH_TOKEN).',
      ),
    };
  }
  const customerId = extra._meta?.[CUSTOMER_META_KEY];
  if (typeof customerId !== 'string' || customerId === '') {
    return {
      error: toolError(
        `No customer is named for this call: the platform names it in the request's _meta ("${CUSTOMER_META_KEY}").`,
      ),
    };
  }
  const account = await accounts.get(customerId);
  if (!account) return { error: toolError('There is no account for the customer this call is for.') };
  return { account };
}

/**
 * A customer-data tool's handler: `handler` runs with the account of the customer the call names;
 * any other call is answered with the tool error of `accountFor`.
 */
export function withAccount<Args>(
  accounts: AccountStore | undefined,
  handler: (args: Args, account: CustomerAccount) => CallToolResult | Promise<CallToolResult>,
): (args: Args, extra: ToolCallExtra) => Promise<CallToolResult> {
  return async (args, extra) => {
    const found = await accountFor(extra, accounts);
    return 'error' in found ? found.error : handler(args, found.account);
  };
}
