import { AGENT_NAMES } from '../../domains/agent-names.ts';
import type { ComposeAnswer } from '../../domains/compose.ts';
import { capabilities, domainModule, isDomain, perDomain, type Domain } from '../../domains/registry.ts';

export interface OfflineEngineOptions {
  /** Per domain, who writes the answer; by default the domain module's own composer. */
  composers?: Readonly<Record<Domain, ComposeAnswer>>;
}
import type { AnswerRequest, Delegation, Engine, RouteDecision, RouteRequest } from '../engine.ts';
import type { Slots } from '../../domains/slots.ts';
import { describeMonth } from '../../domains/slots.ts';
import { ENGLISH_ANSWER_NOTE } from './languages.ts';
import { translator } from '../../core/i18n/i18n.ts';
import {
  createUnderstander,
  type SmalltalkKind,
  type Understander,
  type Understanding,
} from './understand.ts';

const PLAN_TYPE_WORDS: Readonly<Record<NonNullable<Slots['planType']>, string>> = {
  prepaid: 'prepaid plans',
  postpaid: 'postpaid plans',
  hybrid: 'hybrid plans',
  flat_rate: 'flat-rate plans',
  tiered: 'tiered plans',
};

/** The catalogue key of each small-talk reply (src/core/i18n/). */
const SMALLTALK_KEYS: Readonly<Record<SmalltalkKind, string>> = {
  greeting: 'smalltalk.greeting',
  capabilities: 'smalltalk.capabilitiesReply',
  thanks: 'smalltalk.thanks',
  goodbye: 'smalltalk.goodbye',
};

/** What answer() needs of an understanding: the slots and the customer's language. */
type Understood = Pick<Understanding, 'slots' | 'language' | 'reading'>;
const understood = ({ slots, language, reading }: Understanding): Understood => ({
  slots,
  language,
  reading,
});

/**
 * What reads messages, built from the domains' training data on the first engine's creation (the
 * engine's start-up cost) and shared by every engine of this thread: the data never changes, and a
 * reading depends only on the message, its conversation and the time.
 */
let sharedUnderstander: Understander | undefined;

/**
 * The deterministic engine: understands the message (intent and slots, see understand.ts), routes
 * it, and lets the domain's composer (its module's `compose`) write the answer from the domain's
 * MCP tools. Same input, same output; no network, no model.
 */
export function createOfflineEngine(options: OfflineEngineOptions = {}): Engine {
  const composers = options.composers ?? perDomain((domain) => domain.compose);
  const understander = (sharedUnderstander ??= createUnderstander());
  // What route() read for each part of the plan it returned, so answer() reads the message once:
  // keyed by the delegation the planner hands back, and gone with it.
  const readWhileRouting = new WeakMap<Delegation, Understood>();
  const delegate = (understanding: Understanding & { intent: Domain }): Delegation => {
    const delegation = delegationFor(understanding);
    readWhileRouting.set(delegation, understood(understanding));
    return delegation;
  };
  return {
    name: 'offline',
    async route(request: RouteRequest): Promise<RouteDecision> {
      const [first, ...more] = understander.understandParts(request.message, request.history, request.now);
      if (!first || !isDomain(first.intent)) return decisionFor(first!);
      const also = more.flatMap((part) =>
        isDomain(part.intent) ? [delegate({ ...part, intent: part.intent })] : [],
      );
      const decision: RouteDecision = {
        kind: 'delegate',
        ...delegationFor({ ...first, intent: first.intent }),
        ...(also.length > 0 && { also }),
      };
      // The lead part is read as its own words, like the others: the decision itself is its key.
      readWhileRouting.set(decision, understood(first));
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
      const language = understood.language;
      const answer = await composers[request.agent.domain]({
        message: route?.text ?? request.message,
        history: request.history,
        reading: understood.reading,
        slots: understood.slots,
        tools: request.tools,
        now: request.now,
        onStep: request.onStep,
        language,
        t: translator(language),
      });
      // A domain whose texts the catalogues hold answers in the customer's language; the others
      // (the FAQ's knowledge base, written in English) say first that they answer in English.
      return domainModule(request.agent.domain).localized ? answer : inCustomersLanguage(language, answer);
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

/** A small-talk reply in the customer's language, naming what the assistant can do. */
function smalltalkReply(language: string, kind: SmalltalkKind): string {
  const t = translator(language);
  return t(SMALLTALK_KEYS[kind], {
    capabilities: t('smalltalk.capabilities', { topics: capabilities(language) }),
  });
}

/** The delegation of an understanding whose intent is a domain. */
function delegationFor(understanding: Understanding & { intent: Domain }): Delegation {
  const { intent, reason, slots, text } = understanding;
  return {
    domain: intent,
    reason: `${headline(intent, slots)} for ${AGENT_NAMES[intent]}: ${reason}`,
    ...(text === undefined ? {} : { text }),
  };
}

function decisionFor(understanding: Understanding): RouteDecision {
  const { intent } = understanding;
  const language = understanding.language;
  const reason = understanding.reason;
  if (isDomain(intent)) return { kind: 'delegate', ...delegationFor({ ...understanding, intent }) };
  switch (intent) {
    case 'smalltalk':
      return {
        kind: 'reply',
        reason: `Small talk: ${reason}`,
        reply: smalltalkReply(language, understanding.smalltalk ?? 'greeting'),
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
        ? {
            kind: 'reply',
            reason: `Asked to clarify: ${reason}`,
            reply: translator(language)('smalltalk.needsContext'),
          }
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
