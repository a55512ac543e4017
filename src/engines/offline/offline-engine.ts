import { customerText } from '../../core/customer-texts.ts';
import { AGENT_NAMES } from '../../domains/agent-names.ts';
import type { ComposeAnswer } from '../../domains/compose.ts';
import { domainModule, isDomain, perDomain, type Domain } from '../../domains/registry.ts';

export interface OfflineEngineOptions {
  /** Per domain, who writes the answer; by default the domain module's own composer. */
  composers?: Readonly<Record<Domain, ComposeAnswer>>;
}
import type { AnswerRequest, Engine, RouteDecision, RouteRequest } from '../engine.ts';
import type { Slots } from '../../domains/slots.ts';
import { describeMonth } from '../../domains/slots.ts';
import { ENGLISH_ANSWER_NOTE } from './languages.ts';
import { createUnderstander, type SmalltalkKind, type Understanding } from './understand.ts';

const PLAN_TYPE_WORDS: Readonly<Record<NonNullable<Slots['planType']>, string>> = {
  prepaid: 'prepaid plans',
  postpaid: 'postpaid plans',
  hybrid: 'hybrid plans',
  flat_rate: 'flat-rate plans',
  tiered: 'tiered plans',
};

const capabilities = customerText('capabilities');
const SMALLTALK_REPLIES: Readonly<Record<SmalltalkKind, string>> = {
  greeting: customerText('smalltalk.greeting', { capabilities }),
  capabilities: customerText('smalltalk.capabilities', { capabilities }),
  thanks: customerText('smalltalk.thanks'),
  goodbye: customerText('smalltalk.goodbye'),
};

const NEEDS_CONTEXT_REPLY = customerText('needs_context');

/** What answer() needs of an understanding: the slots and the customer's language. */
type Understood = Pick<Understanding, 'slots' | 'language'>;

/**
 * The deterministic engine: understands the message (intent and slots, see understand.ts), routes
 * it, and lets the domain's composer (its module's `compose`) write the answer from the domain's
 * MCP tools. Same input, same output; no network, no model.
 */
export function createOfflineEngine(options: OfflineEngineOptions = {}): Engine {
  const composers = options.composers ?? perDomain((domain) => domain.compose);
  const understander = createUnderstander();
  // What route() read for each delegation it returned, so answer() reads the message once: keyed by
  // the decision the planner hands back, and gone with it.
  const readWhileRouting = new WeakMap<RouteDecision, Understood>();
  return {
    name: 'offline',
    async route(request: RouteRequest): Promise<RouteDecision> {
      const understanding = understander.understand(request.message, request.history, request.now);
      const decision = decisionFor(understanding);
      if (decision.kind === 'delegate') {
        readWhileRouting.set(decision, { slots: understanding.slots, language: understanding.language });
      }
      return decision;
    },
    async answer(request: AnswerRequest): Promise<string> {
      // A caller without a route (or with one for another domain) gets the message understood here.
      const { route } = request;
      const routed =
        route !== undefined && route.domain === request.agent.domain
          ? readWhileRouting.get(route)
          : undefined;
      const understood = routed ?? understander.understand(request.message, request.history, request.now);
      const answer = await composers[request.agent.domain]({
        message: request.message,
        history: request.history,
        slots: understood.slots,
        tools: request.tools,
        now: request.now,
        onStep: request.onStep,
      });
      return inCustomersLanguage(understood.language, answer);
    },
  };
}

/**
 * Answers are written in English (the composers' figures and tables are); a customer who wrote in
 * Spanish, German or French reads a first line in their language that says so (README, "Languages").
 */
function inCustomersLanguage(language: string | undefined, answer: string): string {
  const note =
    language !== undefined && language in ENGLISH_ANSWER_NOTE
      ? ENGLISH_ANSWER_NOTE[language as keyof typeof ENGLISH_ANSWER_NOTE]
      : undefined;
  return note === undefined ? answer : `${note}\n\n${answer}`;
}

function decisionFor(understanding: Understanding): RouteDecision {
  const { intent, reason, language } = understanding;
  if (isDomain(intent)) {
    return {
      kind: 'delegate',
      domain: intent,
      reason: `${headline(intent, understanding.slots)} for ${AGENT_NAMES[intent]}: ${reason}`,
    };
  }
  switch (intent) {
    case 'smalltalk':
      return {
        kind: 'reply',
        reason: `Small talk: ${reason}`,
        reply: inCustomersLanguage(language, SMALLTALK_REPLIES[understanding.smalltalk ?? 'greeting']),
      };
    case 'refusal':
      // Says why in general terms only: the reason reveals no instructions and no tool was called.
      return {
        kind: 'decline',
        because: 'refused',
        reason: 'Refused: the message tries to change the assistant’s rules or reach data it must not share',
      };
    case 'out_of_scope':
      return understanding.needsContext
        ? { kind: 'reply', reason: `Asked to clarify: ${reason}`, reply: NEEDS_CONTEXT_REPLY }
        : { kind: 'decline', because: 'off_topic', reason: `Out of scope: ${reason}` };
  }
}

/** "Billing question about September 2026", "Roaming question about Belgium in October 2026". */
function headline(domain: Domain, slots: Slots): string {
  const about: string[] = [];
  if (slots.country !== undefined) about.push(slots.country);
  if (slots.planType !== undefined) about.push(PLAN_TYPE_WORDS[slots.planType]);
  else if (slots.currentPlan) about.push('their current plan');
  if (slots.month !== undefined) about.push(`${about.length > 0 ? 'in ' : ''}${describeMonth(slots.month)}`);
  return `${domainModule(domain).title} question${about.length > 0 ? ` about ${about.join(' ')}` : ''}`;
}
