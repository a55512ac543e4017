import type { Span } from '@opentelemetry/api';
import type { Domain } from '../domains/registry.ts';
import type { AgentProfile, DeclineReason, Delegation, Engine, RouteDecision } from '../engines/engine.ts';
import { ModelBehaviorError, ProcessingFailure } from '../core/failures.ts';
import type { ToolClient } from '../mcp/tool-client.ts';
import type {
  HandleContext,
  HandleOutcome,
  MessageHandler,
  MessageJob,
} from '../processing/message-processor.ts';
import { ATTR, inSpan } from '../telemetry/tracing.ts';
import { AGENT_NAMES } from '../domains/agent-names.ts';
import { declineReply, runGuardrails, type Guardrail } from './guardrails.ts';
import { answerLanguage } from '../engines/offline/languages.ts';
import { recordToolCalls } from './recording-tools.ts';
import { forConversation, forCustomer } from './conversation-tools.ts';
import { HAND_OVER } from '../domains/registry.ts';
import { handOverAsks, withOffer } from '../domains/hand-over.ts';
import { decorateToolClient } from '../mcp/tool-client.ts';
import { DOMAIN_TOOLS, restrictTools } from './tool-allowlist.ts';
import { PROPOSAL_TOOLS, ProposalOutputSchema, proposalSummary, type Proposal } from '../actions/action.ts';

/** The step a stopped message records: why, in general terms (never the instructions themselves). */
const GUARDRAIL_REASONS: Readonly<Record<DeclineReason, (rule: string) => string>> = {
  refused: () =>
    'Refused by the guardrails: the message tries to change the assistant’s rules or reach what it must not',
  third_party: () =>
    'Declined by the guardrails: it asks about another person’s account, and a conversation is one customer’s',
  off_topic: (rule) => `Declined by the guardrails: ${rule} is not part of this service`,
};

export interface PlannerAgentDeps {
  engine: Engine;
  agents: readonly AgentProfile[];
  /** Each domain's tools; an agent is only ever given its own domain's. */
  tools: Record<Domain, ToolClient>;
  /** Input guardrails, run in order before any engine sees a message (agents/guardrails.ts). */
  guardrails: readonly Guardrail[];
  now?: () => Date;
}

/**
 * Routes each message to a domain agent (or answers it itself) and reports each step as an update.
 * Follow-ups ("and in Spain?") are understood from the conversation's history, which the job
 * carries; the processor records the answer's turns with the final update, once.
 */
export class PlannerAgent implements MessageHandler {
  constructor(private readonly deps: PlannerAgentDeps) {}

  /** Runs in an `invoke_agent PlannerAgent` span; the chosen agent's answer in a child span of its own. */
  handle(job: MessageJob, context: HandleContext): Promise<HandleOutcome> {
    // The platform's own texts (declines, the offer of a person, a proposal's question, a failure's
    // text) are written in the language the message was read in, which the customer's turn records.
    const language = answerLanguage(job.content, job.history);
    return inSpan(
      `invoke_agent ${AGENT_NAMES.planner}`,
      { attributes: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': AGENT_NAMES.planner } },
      (span) =>
        this.plan(job, context, span, language).catch((error: unknown) => {
          if (error instanceof ProcessingFailure) error.language ??= language;
          throw error;
        }),
    );
  }

  private async plan(
    job: MessageJob,
    context: HandleContext,
    span: Span,
    language: string,
  ): Promise<HandleOutcome> {
    const { engine, agents } = this.deps;
    const { history } = job;
    const now = this.deps.now ? this.deps.now() : new Date();
    // The guardrails run first, whichever engine is configured: a message they stop never reaches
    // a model or a tool.
    const trip = runGuardrails(this.deps.guardrails, job.content);
    const decision: RouteDecision = trip
      ? {
          kind: 'decline',
          because: trip.reason,
          reason: GUARDRAIL_REASONS[trip.reason](trip.rule),
        }
      : await engine.route({
          message: job.content,
          history,
          agents,
          now,
          signal: context.signal,
        });

    span.setAttribute(ATTR.routeKind, trip ? `guardrail_${trip.reason}` : decision.kind);
    let outcome: HandleOutcome;
    if (decision.kind !== 'delegate') {
      span.setAttribute(ATTR.routeAgent, AGENT_NAMES.planner);
      context.report(`Answering directly: ${decision.reason}`, AGENT_NAMES.planner);
      const answer = decision.kind === 'reply' ? decision.reply : declineReply(decision.because, language);
      outcome = { answer, agentName: AGENT_NAMES.planner, language };
    } else {
      // One part per agent the plan names, in order: each routing decision is a step of its own, and
      // the answer is the parts' answers in that order, led by the first agent's (the message's agent).
      const parts = [decision, ...(decision.also ?? [])];
      const answers: string[] = [];
      const lookups = { made: 0, empty: 0 };
      const proposals: Proposal[] = [];
      let lead: AgentProfile | undefined;
      for (const part of parts) {
        const agent = agents.find((candidate) => candidate.domain === part.domain);
        if (!agent) throw new ModelBehaviorError(`The planner chose an unknown agent "${part.domain}".`);
        lead ??= agent;
        if (part === decision) span.setAttribute(ATTR.routeAgent, agent.name);
        context.report(`Routing to ${agent.name}: ${part.reason}`, AGENT_NAMES.planner);
        answers.push(await this.ask(agent, part, job, context, now, { lookups, proposals }));
      }
      const agent = lead!;
      const answer = answers.join('\n\n---\n\n');
      // The assistant could not help (every tool it asked had no data): offer a person (src/domains/hand-over.ts).
      const handsOver = parts.some((part) => part.domain === HAND_OVER?.name);
      if (!handsOver && lookups.made > 0 && lookups.empty === lookups.made) {
        context.report(
          'Offering a hand-over to a person: the tools had no data for the question',
          agent.name,
        );
        const { text, ...state } = withOffer(answer, language);
        outcome = { answer: text, agentName: agent.name, language, ...state };
      } else {
        const asked = handsOver && handOverAsks(job.content, history) ? 'hand_over_consent' : undefined;
        outcome = { answer, agentName: agent.name, language, ...(asked && { asked }) };
      }
      // The last proposal of the answer is the one the customer is asked about; the platform writes
      // its question from the proposed change, in the customer's language, and makes sure it is in
      // the answer word for word (in place of the tool's English one), whatever the engine wrote.
      const proposed = proposals.at(-1);
      if (proposed) {
        const proposal = { ...proposed, summary: proposalSummary(proposed, language) };
        const asked = outcome.answer.includes(proposed.summary)
          ? outcome.answer.replace(proposed.summary, () => proposal.summary)
          : `${outcome.answer}\n\n${proposal.summary}`;
        outcome = { ...outcome, answer: asked, proposal };
      }
    }
    return outcome;
  }

  /** One agent's answer to its part of the message, in a span of its own, with its own tools only. */
  private ask(
    agent: AgentProfile,
    part: Delegation,
    job: MessageJob,
    context: HandleContext,
    now: Date,
    seen: { lookups: { made: number; empty: number }; proposals: Proposal[] },
  ): Promise<string> {
    const onStep = (text: string): void => context.report(text, agent.name);
    return inSpan(
      `invoke_agent ${agent.name}`,
      { attributes: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': agent.name } },
      () =>
        this.deps.engine.answer({
          agent,
          route: part,
          message: job.content,
          history: job.history,
          tools: captureProposals(
            countLookups(
              recordToolCalls(
                forConversation(
                  restrictTools(
                    forCustomer(this.deps.tools[agent.domain], job.customerId),
                    DOMAIN_TOOLS[agent.domain],
                    agent.name,
                  ),
                  agent.domain,
                  job.conversationId,
                ),
                onStep,
              ),
              seen.lookups,
            ),
            seen.proposals,
          ),
          now,
          signal: context.signal,
          onStep,
        }),
    );
  }
}

/**
 * Collects what proposal tools proposed (their structuredContent's `proposal`, from the tool server,
 * never from a model's words): the processor records it as an action waiting for the customer's yes.
 */
function captureProposals(tools: ToolClient, proposals: Proposal[]): ToolClient {
  return decorateToolClient(tools, {
    async callTool(name, args, signal) {
      const result = await tools.callTool(name, args, signal);
      // Only a result that has a proposal is parsed: a failed parse (every lookup tool's result)
      // builds zod's whole issue list, for nothing.
      const offers = !result.isError && result.structured !== undefined && 'proposal' in result.structured;
      const proposed = offers ? ProposalOutputSchema.safeParse(result.structured) : undefined;
      if (proposed?.success) proposals.push(proposed.data.proposal);
      return result;
    },
  });
}

/** Counts an agent's tool calls and those that answered with no data (a tool error result). */
function countLookups(tools: ToolClient, lookups: { made: number; empty: number }): ToolClient {
  return decorateToolClient(tools, {
    async callTool(name, args, signal) {
      const result = await tools.callTool(name, args, signal);
      if (PROPOSAL_TOOLS.has(name)) return result;
      lookups.made++;
      if (result.isError) lookups.empty++;
      return result;
    },
  });
}
