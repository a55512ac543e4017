import type { AgentProfile, Domain } from '../domains/registry.ts';
import type { ToolClient } from '../mcp/tool-client.ts';
import type { Turn } from '../store/conversation-store.ts';

export type { AgentProfile };

export interface RouteRequest {
  message: string;
  history: readonly Turn[];
  agents: readonly AgentProfile[];
  now: Date;
  signal: AbortSignal;
}

/** One agent's part of a plan: the domain that answers it and why. */
export interface Delegation {
  domain: Domain;
  reason: string;
  /** The words of the message this part asks, when the message asks several things. */
  text?: string;
}

/**
 * The planner's decision: hand the message to a domain agent (and, when it asks several things at
 * once, to further agents for the other parts, in order), or answer it itself.
 */
export type RouteDecision =
  | (Delegation & {
      kind: 'delegate';
      /** The message's other parts, each for another agent; the first agent leads the answer. */
      also?: readonly Delegation[];
    })
  | { kind: 'reply'; reason: string; reply: string }
  /** Not for this service: the planner answers with its one reply for the reason (agents/guardrails.ts). */
  | { kind: 'decline'; because: DeclineReason; reason: string };

/** Why a message is declined: an attempt to break the rules, another person's data, or not about the service. */
export type DeclineReason = 'refused' | 'off_topic' | 'third_party';

export interface AnswerRequest {
  agent: AgentProfile;
  /** The part of the plan this agent answers, if any: an engine may reuse what it read while routing instead of reading the message again. */
  route?: Delegation;
  message: string;
  history: readonly Turn[];
  /** The agent's own domain tools only; calls are recorded as updates by the caller's wrapper. */
  tools: ToolClient;
  now: Date;
  signal: AbortSignal;
  /** Records a reasoning step as an `inprogress` update a person can read. */
  onStep: (text: string) => void;
}

/**
 * The model port: how a planner routes and how an agent answers. The offline engine implements it
 * deterministically; the OpenAI engine through a model's tool calls. Agents never know which.
 */
export interface Engine {
  readonly name: 'offline' | 'openai' | 'azure';
  route(request: RouteRequest): Promise<RouteDecision>;
  answer(request: AnswerRequest): Promise<string>;
}
