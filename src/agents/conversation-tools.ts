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
