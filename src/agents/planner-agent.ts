import type { Domain } from '../config.ts';
import { type AgentProfile, type Engine, ModelBehaviorError } from '../engines/engine.ts';
import type { ToolClient } from '../mcp/tool-client.ts';
import type { HandleContext, HandleOutcome, MessageHandler, MessageJob } from '../processing/message-processor.ts';
import type { ConversationStore } from '../store/conversation-store.ts';
import { AGENT_NAMES } from './agent-names.ts';
import { recordToolCalls } from './recording-tools.ts';

export interface PlannerAgentDeps {
  engine: Engine;
  agents: readonly AgentProfile[];
  /** Each domain's tools; an agent is only ever given its own domain's. */
  tools: Record<Domain, ToolClient>;
  conversations: ConversationStore;
  now?: () => Date;
}

/**
 * Routes each message to a domain agent (or answers it itself), records each step as an update, and
 * keeps the conversation's history so that follow-ups ("and in Spain?") are understood.
 */
export class PlannerAgent implements MessageHandler {
  constructor(private readonly deps: PlannerAgentDeps) {}

  async handle(job: MessageJob, context: HandleContext): Promise<HandleOutcome> {
    const { engine, agents, conversations } = this.deps;
    const history = conversations.history(job.conversationId);
    const now = this.deps.now ? this.deps.now() : new Date();
    const decision = await engine.route({ message: job.content, history, agents, now, signal: context.signal });

    let outcome: HandleOutcome;
    if (decision.kind === 'reply') {
      context.report(`Answering directly: ${decision.reason}`, AGENT_NAMES.planner);
      outcome = { answer: decision.reply, agentName: AGENT_NAMES.planner };
    } else {
      const agent = agents.find((candidate) => candidate.domain === decision.domain);
      if (!agent) throw new ModelBehaviorError(`The planner chose an unknown agent "${decision.domain}".`);
      context.report(`Routing to ${agent.name}: ${decision.reason}`, AGENT_NAMES.planner);
      const onStep = (text: string): void => context.report(text, agent.name);
      const answer = await engine.answer({
        agent,
        message: job.content,
        history,
        tools: recordToolCalls(this.deps.tools[agent.domain], onStep),
        now,
        signal: context.signal,
        onStep,
      });
      outcome = { answer, agentName: agent.name };
    }
    if (!context.signal.aborted) {
      conversations.append(
        job.conversationId,
        { role: 'user', content: job.content },
        { role: 'assistant', content: outcome.answer, agent: outcome.agentName },
      );
    }
    return outcome;
  }
}
