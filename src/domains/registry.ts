/**
 * The domains the planner can hand a message to. Each is one folder under src/domains/ exporting a
 * DomainModule from its index.ts; everything the service keeps per domain (config variables, agent
 * names, tool allowlists, MCP servers and clients, the offline engine's tables) derives from this
 * list. Adding a domain is a new folder and one line here.
 */
import { billing } from './billing/index.ts';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { DomainModule, DomainServerOptions } from './domain.ts';
import { isAnswerLanguage, type AnswerLanguage } from '../core/i18n/i18n.ts';
import { faq } from './faq/index.ts';
import { roaming } from './roaming/index.ts';
import { tariff } from './tariff/index.ts';
import { ticket } from './ticket/index.ts';

export const DOMAIN_MODULES = [billing, roaming, tariff, faq, ticket] as const;

type Registered = (typeof DOMAIN_MODULES)[number];

/** A domain's id: "billing", "roaming", … */
export type Domain = Registered['name'];

/** The name clients see for a domain's agent: "BillingAgent", … */
export type DomainAgentName = Registered['agent']['name'];

/** Every domain id, in the registry's order (which breaks ties, for determinism). */
export const DOMAINS: readonly Domain[] = DOMAIN_MODULES.map((module) => module.name);

const BY_NAME: ReadonlyMap<string, DomainModule<Domain, DomainAgentName>> = new Map(
  DOMAIN_MODULES.map((module) => [module.name, module]),
);

/** The module of a domain. */
export function domainModule(domain: Domain): DomainModule<Domain, DomainAgentName> {
  return BY_NAME.get(domain)!;
}

/** True for a registered domain id. */
export const isDomain = (value: unknown): value is Domain => typeof value === 'string' && BY_NAME.has(value);

/** What the planner knows of a domain agent; the routing choices derive from these. */
export interface AgentProfile {
  name: DomainAgentName;
  domain: Domain;
  /** One line: what this agent answers. Shown to models as the routing option's description. */
  description: string;
  /** System instructions for a model playing this agent. */
  instructions: string;
}

/** The domain agents, in the registry's order. */
export const DOMAIN_AGENTS: readonly AgentProfile[] = DOMAIN_MODULES.map((module) => ({
  ...module.agent,
  domain: module.name,
}));

/** The domain that hands a conversation over to a person, if one is registered. */
export const HAND_OVER: DomainModule<Domain, DomainAgentName> | undefined = DOMAIN_MODULES.find(
  (module) => 'handOver' in module && module.handOver !== undefined,
);

/** A value per domain, from a function of its module. */
export function perDomain<T>(make: (module: DomainModule<Domain, DomainAgentName>) => T): Record<Domain, T> {
  return Object.fromEntries(DOMAIN_MODULES.map((module) => [module.name, make(module)])) as Record<Domain, T>;
}

/** Every domain's MCP server factory, for in-process links and the MCP host. */
export const DOMAIN_SERVERS: Readonly<Record<Domain, (options?: DomainServerOptions) => McpServer>> =
  perDomain((module) => module.createServer);

const listFormats = new Map<AnswerLanguage, Intl.ListFormat>();

/**
 * What the service does, as one list in the customer's language: every domain's capability line, in
 * the registry's order ("your bills and their charges, …, and putting you in touch with a
 * colleague"). The greeting, the declines and the model guardrail's list are built from it, so a new
 * domain appears in all of them. English for a language the catalogues lack.
 */
export function capabilities(language: string): string {
  const answerLanguage = isAnswerLanguage(language) ? language : 'en';
  let format = listFormats.get(answerLanguage);
  if (!format) {
    format = new Intl.ListFormat(answerLanguage, { style: 'long', type: 'conjunction' });
    listFormats.set(answerLanguage, format);
  }
  return format.format(DOMAIN_MODULES.map((module) => module.capability[answerLanguage]));
}
