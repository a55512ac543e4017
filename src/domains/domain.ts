import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { TicketStore } from '../store/ticket-store.ts';
import type { AccountStore } from '../store/accounts.ts';
import type { Turn } from '../store/conversation-store.ts';
import type { ComposeAnswer } from './compose.ts';
import type { Slots } from './slots.ts';
import type { Capability, Glossary } from './domain-language.ts';

/** Options every domain's MCP server factory takes. */
export interface DomainServerOptions {
  /** The clock months are relative to; injectable so tests can pin "today". */
  now?: () => Date;
  /** Where raised support tickets go (the ticket domain); a server without one keeps its own. */
  tickets?: TicketStore;
  /**
   * The operator's customer accounts, which customer-data tools read for the customer each call
   * names (mcp/customer-context.ts); without them those tools answer with a tool error.
   */
  accounts?: AccountStore;
}

/** A slot kind a domain's tools take (month, country, plan type…). */
export type SlotKind = keyof Slots;

/** The agent that answers a domain's questions, as the planner and the models know it. */
export interface DomainAgent<A extends string = string> {
  /** As clients see it in updates and status, e.g. "BillingAgent". */
  name: A;
  /** One line: what this agent answers. Shown to models as the routing option's description. */
  description: string;
  /** System instructions for a model playing this agent. */
  instructions: string;
}

/**
 * Everything about one domain, exported from its folder's index.ts: its agent, its MCP server and
 * the tools its agent may call, the slot kinds those tools take, the offline engine's answer
 * composition and what that engine learns the domain from. src/domains/registry.ts lists the
 * domains; every table the rest of the service keeps per domain derives from that list, so adding a
 * domain is a new folder and one line there.
 */
export interface DomainModule<N extends string = string, A extends string = string> {
  /** The domain's id: its MCP path (`/<name>/mcp`), its `MCP_<NAME>_URL`, its routing choice. */
  name: N;
  /** How a routing reason names the domain's questions ("Billing question about …"). */
  title: string;
  /**
   * What its agent does, one phrase per answer language (its language.json): the greeting, the
   * declines and the model guardrail's list of what the service handles are built from these.
   */
  capability: Capability;
  agent: DomainAgent<A>;
  /** The tools its agent may call: its own MCP server's, and nothing else. */
  tools: readonly string[];
  /**
   * True when its tools take the conversation they act for as `conversation_id`: the service sets
   * it on every call (whatever a model sent), so a ticket always belongs to the conversation it came from.
   */
  bindsConversation?: boolean;
  /**
   * Set on the domain that hands a conversation over to a person: the offer the planner adds, in the
   * customer's language, to an answer whose tools had no data for the question (the assistant could
   * not help), and whether its agent's answer to a message asks the customer's consent (recorded on
   * the turn, so the next message is read as the answer to it).
   */
  handOver?: {
    offer(language: string): string;
    asks(message: string, history: readonly Turn[]): boolean;
  };
  /** The slots its tools take; a follow-up whose slots fit another domain goes there. */
  slots: readonly SlotKind[];
  /** A new MCP server of the domain (one per connection: an McpServer serves one transport). */
  createServer(options?: DomainServerOptions): McpServer;
  /** The offline engine's answer: written from the domain's tools once the message is understood. */
  compose: ComposeAnswer;
  /**
   * True when `compose` writes every text from the message catalogues (src/core/i18n/), so its answers
   * are in the customer's language; otherwise they are in English with a note saying so.
   */
  localized?: boolean;
  /** What the offline engine learns the domain from. */
  understanding: {
    /** Labelled utterances (held-out corpora share none of them). */
    examples: readonly string[];
    /** Cue words with a weight: how strongly one occurrence points to this domain. */
    cues: Readonly<Record<string, number>>;
    /**
     * Its words in Spanish, German and French with the English the engine reads for them: the
     * offline engine glosses a message through every domain's glossary and its own general words.
     */
    glossary?: Glossary;
    /**
     * The places its customers name (lower-case, space-separated words → the canonical English name
     * of the country they are in: "barcelona" → "Spain", "the states" → "United States"), and those
     * that are everyday English words too, which count only after a preposition ("in Jordan").
     * The offline engine reads them as the `country` slot.
     */
    places?: { names: ReadonlyMap<string, string>; ambiguous: ReadonlySet<string> };
    /** Phrases that point to the domain more than their words do one by one. */
    phrases?: readonly PhraseCue[];
    /**
     * Words its phrases read that are neither everyday English nor in its examples: the offline
     * engine's typo corrector takes them as written ("crawling" is not a misspelt "calling").
     */
    keepWords?: readonly string[];
    /**
     * True for the domain that answers how-to questions: a how-to that points back at an earlier
     * answer ("ok how do I do that?") comes here, whoever gave that answer.
     */
    answersHowTo?: boolean;
    /**
     * True when its data holds months gone by only (roaming rates): a month still to come ("a trip
     * next month") is dropped, so that the latest month's data answers.
     */
    pastMonthsOnly?: boolean;
    /**
     * The lines of the bill a customer may ask about, by the words they use for them ("spotify",
     * "the base fee"): the `lineItem` the domain's answers narrow to. The first pattern found wins.
     */
    lines?: readonly { pattern: RegExp; item: string }[];
    /** Names of the domain's things customers name in questions (the tariff plans), if any. */
    names?: readonly string[];
    /**
     * How strongly what a message names points to this domain, whatever its other words: a country
     * to roaming (`clear`), a plan named by name to tariffs (`decisive`); undefined when it does not.
     * The weights of each strength are the engine's (src/engines/offline/tuning.ts).
     */
    leans?: (named: Slots) => Lean | undefined;
    /**
     * True when a reply answers the question the last assistant turn asked (a yes or no to
     * EscalationAgent's consent question, recorded on that turn): it goes back to this domain's
     * agent whatever its words.
     */
    answersQuestion?: (reply: string, question: Turn) => boolean;
  };
}

/**
 * A phrase that points to a domain more than its words do one by one ("how do I…" asks the FAQ for
 * a procedure even when it names a bill), as the offline engine reads a message: lower case, no
 * accents or punctuation, other languages glossed into English.
 */
export interface PhraseCue {
  pattern: RegExp;
  /** Counted like a cue word's weight. */
  weight: number;
  /** Names the phrase in a routing reason ("a how-to question"). */
  label: string;
  /** True when the phrase names a topic of its own; a how-to alone does not. */
  topical: boolean;
  /**
   * Domains (or the engine's other intents) whose single words this phrase reads otherwise:
   * "roaming" in "roaming cost me 50 last month" is a line of the bill. When the phrase is found,
   * their word cues (and the slots that lean to them) do not count.
   */
  outweighs?: readonly string[];
}

/** How strongly a thing a message names points to a domain (DomainModule.understanding.leans). */
export type Lean = 'clear' | 'decisive';

/** Declares a domain, keeping its name and its agent's name as literal types. */
export const defineDomain = <const N extends string, const A extends string>(
  domain: DomainModule<N, A>,
): DomainModule<N, A> => domain;
