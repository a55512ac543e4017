import { domainModule, type Domain } from '../domains/registry.ts';
import { decorateToolClient, type ToolClient } from '../mcp/tool-client.ts';

/**
 * A domain's tools bound to the conversation they act for, when the domain's tools take it
 * (`bindsConversation`): every call carries the real `conversation_id`, whatever a model wrote, so a
 * ticket always belongs to the conversation it was raised from. Other domains' tools are unchanged.
 */
export function forConversation(tools: ToolClient, domain: Domain, conversationId: string): ToolClient {
  if (!domainModule(domain).bindsConversation) return tools;
  return decorateToolClient(tools, {
    callTool: (name, args, signal) =>
      tools.callTool(name, { ...args, conversation_id: conversationId }, signal),
  });
}

/**
 * A domain's tools acting for one customer: every call names the customer of the message's
 * conversation in the MCP request's `_meta`, so the tools read that customer's account. The name
 * comes from the platform, never from a model: a customer field a model adds to a call's arguments
 * is not a parameter of any tool and changes nothing. Wraps the client directly, beneath every
 * other decorator, which forward only the arguments they are given.
 */
export function forCustomer(tools: ToolClient, customerId: string): ToolClient {
  return decorateToolClient(tools, {
    callTool: (name, args, signal) => tools.callTool(name, args, signal, customerId),
  });
}
